"""Events found in news text: labelled lines, running prose, and the seeds' three events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from demo import DEMO_DIR
from news import extract_text
from news.announcements import find_announced_events
from news.calendar import CalendarEntry, build_calendar
from news.errors import CalendarError


def test_events_the_seeds_announce_all_three_with_dates_times_and_places() -> None:
    found = []
    for path in sorted(Path(DEMO_DIR / "news").glob("*.txt")):
        found += extract_text(path.read_text(encoding="utf-8"), source=path.name).events
    summary = [(e.starts.isoformat(), e.ends and e.ends.isoformat(), e.place, e.all_day)
               for e in found]
    assert summary == [
        ("2021-09-10T09:00:00+02:00", "2021-09-10T11:30:00+02:00", "Teams", False),
        ("2019-04-02T00:00:00+02:00", None, "Microsoft", True),
        ("2019-05-08T00:00:00+02:00", "2019-05-09T00:00:00+02:00",
         "Tekniska museet i Stockholm", True),
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A run of days; the place from the next sentence about the same event.
        ("Vi anordnar ett labb 8–9 maj. Labbet hålls på Kulturhuset i Lund.", date(2024, 3, 1),
         ("2024-05-08T00:00:00+02:00", "2024-05-09T00:00:00+02:00", "Kulturhuset i Lund")),
        # Hours with "klockan", hours without minutes, and a place after "via".
        ("Webbinariet sänds den 3 februari klockan 10–12 via Zoom.", date(2025, 1, 10),
         ("2025-02-03T10:00:00+01:00", "2025-02-03T12:00:00+01:00", "Zoom")),
        # A yearless date well before publication is next year's.
        ("Seminariet hålls den 15 januari kl. 13.00 i Stadshuset.", date(2024, 11, 20),
         ("2025-01-15T13:00:00+01:00", None, "Stadshuset")),
    ],
)
def test_events_found_in_running_prose(text: str, published: date, expected: tuple) -> None:
    [event] = find_announced_events(text, published)
    assert (event.starts.isoformat(), event.ends and event.ends.isoformat(),
            event.place) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ansökan ska ha kommit in senast den 15 april.",
        "Nämnden beslutade den 3 maj att gå vidare med förslaget.",
        "Rapporten publicerades den 12 oktober.",
        "Den 4 juni var det soligt i hela länet.",
    ],
)
def test_events_not_found_where_a_date_announces_nothing(text: str) -> None:
    assert find_announced_events(text, date(2024, 1, 1)) == []


def test_calendar_refuses_an_event_that_ends_before_it_starts() -> None:
    [event] = find_announced_events("Mötet hålls den 3 maj kl. 10.00 i Aulan.", date(2024, 1, 1))
    backwards = type(event)(starts=event.starts, ends=event.starts.replace(hour=9),
                            place=event.place)
    entry = CalendarEntry(uid="x@example.se", title="Möte", url="https://example.se/a",
                          event=backwards, stamp=event.starts)
    with pytest.raises(CalendarError, match="^https://example.se/a: the event ends before"):
        build_calendar("Kalender", [entry])
