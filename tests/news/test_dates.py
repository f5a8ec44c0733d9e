"""Swedish date forms, and which dates are not publication dates."""

from __future__ import annotations

from datetime import date

import pytest

from news import parse_swedish_date
from news.dates import split_leading_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-25", date(2019, 3, 25)),
        ("NYHETER 2021-08-16", date(2021, 8, 16)),
        ("Publicerad: 3 december 2019", date(2019, 12, 3)),
        ("10 september 2021", date(2021, 9, 10)),
        ("Publicerad den 1 jan. 2020 kl. 08.00", date(2020, 1, 1)),
        ("Uppdaterad 15 OKTOBER 2022", date(2022, 10, 15)),
        ("tisdag 7 maj 2024", date(2024, 5, 7)),
        ("Nyhet · 2023-1-9", date(2023, 1, 9)),
        ("Lärprojekt innovation 10 september 2021", date(2021, 9, 10)),
    ],
)
def test_parse_swedish_date_reads_swedish_forms(text: str, expected: date) -> None:
    assert parse_swedish_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "10 september", "2019-13-01", "31 februari 2020", "år 2019", "kl. 09.00-11.30"]
)
def test_parse_swedish_date_finds_no_date(text: str) -> None:
    assert parse_swedish_date(text) is None


def test_split_leading_date_leaves_dates_inside_sentences() -> None:
    sentence = "Arbetet ska bedrivas fram till och med den 31 december 2016."
    assert split_leading_date(sentence) == (None, sentence)
