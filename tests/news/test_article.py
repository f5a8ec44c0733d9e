"""Articles: their content hash and their round trip through JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from news import Article, ArticleDataError, Event

FULL = Article(
    title="Lärprojekt innovation",
    body="Datum: 10 september 09:00\nPlats: Teams\n\nKommuners innovationsförmåga.",
    source="https://example.se/evenemang/larprojekt",
    url="https://example.se/evenemang/larprojekt",
    published=date(2021, 9, 10),
    updated=date(2021, 9, 12),
    author="Johan Hörnemalm",
    links=("https://example.se/a", "https://example.se/b"),
    language="sv",
    events=(
        Event(
            starts=datetime(2021, 9, 10, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
            ends=None,
            place="Teams",
            name="lärträff",
        ),
    ),
    summary="Kommuners innovationsförmåga.",
)


def test_article_round_trips_through_json() -> None:
    data = json.loads(json.dumps(FULL.to_dict()))
    assert Article.from_dict(data) == FULL
    assert data["events"][0]["starts"] == "2021-09-10T09:00:00+02:00"


def test_article_from_before_keeps_its_one_event() -> None:
    data = FULL.to_dict()
    data["event"] = {key: data["events"][0][key] for key in ("starts", "ends", "place")}
    del data["events"]
    assert Article.from_dict(data).events == (replace(FULL.events[0], name=None),)


def test_article_content_hash_follows_the_text_only() -> None:
    same_text = replace(FULL, source="other.html", published=None, links=())
    assert same_text.content_hash() == FULL.content_hash()
    edited = replace(FULL, body=FULL.body + " Ny mening.")
    assert edited.content_hash() != FULL.content_hash()
    retitled = replace(FULL, title="Lärprojekt innovation 2")
    assert retitled.content_hash() != FULL.content_hash()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "x", "source": "a.html"}, r"^a\.html: not a stored article \(KeyError"),
        ({"title": "t", "body": "x", "source": "a", "published": "igår"}, r"^a: not a stored"),
        ({"title": 3, "body": "x", "source": "a"}, r"^a: the field 'title' is not a string$"),
    ],
)
def test_article_from_dict_refuses_bad_data(data: dict, message: str) -> None:
    with pytest.raises(ArticleDataError, match=message):
        Article.from_dict(data)


def test_article_round_trips_its_updated_only_mark_and_reads_older_records() -> None:
    changed = replace(FULL, updated=None, updated_only=True)
    assert Article.from_dict(json.loads(json.dumps(changed.to_dict()))) == changed
    older = FULL.to_dict()
    del older["updated_only"]
    assert Article.from_dict(older).updated_only is False
