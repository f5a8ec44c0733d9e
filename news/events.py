"""When and where an announced event happens: "Datum: 10 september 09:00", "Plats: Teams",
a schema.org Event, or running prose (`news.announcements`); `events_of` merges them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from news.announcements import MAX_PLACE_CHARS, STOCKHOLM, find_announced_events
from news.article import Event
from news.dates import find_dates, parse_iso_date
from news.metadata import ld_types
from text.cleaning import bounded, clean_line

_TIME = re.compile(r"(?<![\d:.])(?:kl\.?\s*)?(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d:])")
_WHEN = re.compile(r"^(?:datum|tid|när|datum och tid|tidpunkt)\s*:\s*(?P<value>.+)$", re.I)
_WHERE = re.compile(r"^(?:plats|var|lokal|adress|mötesplats)\s*:\s*(?P<value>.+)$", re.I)


def parse_schedule(text: str, default_year: int | None) -> tuple[datetime | None, datetime | None]:
    """Start and end (Stockholm time) of "10 september 09:00 - 10 september 11:30" and the like.

    >>> starts, ends = parse_schedule("10 september 09:00 - 10 september 11:30", 2021)
    >>> starts.isoformat(), ends.isoformat()
    ('2021-09-10T09:00:00+02:00', '2021-09-10T11:30:00+02:00')
    >>> [m.isoformat() for m in parse_schedule("2022-01-20 kl. 13.00–15.30", None)]
    ['2022-01-20T13:00:00+01:00', '2022-01-20T15:30:00+01:00']
    >>> parse_schedule("3 mars", None)
    (None, None)
    """
    dated = find_dates(text, default_year=default_year)
    spans = [(match.start(), match.end()) for match, _ in dated]
    times = [m for m in _TIME.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    moments: list[datetime] = []
    for found in times:
        before = [day for match, day in dated if match.start() < found.start()]
        day = before[-1] if before else (dated[0][1] if dated else None)
        if day is not None:
            moments.append(_at(day, time(int(found["h"]), int(found["m"]))))
    if not moments and dated:
        moments = [_at(dated[0][1], time(0, 0))]
    starts = moments[0] if moments else None
    ends = moments[1] if len(moments) > 1 and moments[1] >= moments[0] else None
    return starts, ends


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=STOCKHOLM)


def event_from_lines(lines: list[str], default_year: int | None) -> Event | None:
    """An event from labelled lines ("Datum: ...", "Plats: ..."), or None without a start."""
    starts = ends = None
    place = None
    for line in lines:
        when = _WHEN.match(line)
        if when and starts is None:
            starts, ends = parse_schedule(when["value"], default_year)
        where = _WHERE.match(line)
        if where and place is None:
            place = bounded(clean_line(where["value"]), MAX_PLACE_CHARS) or None
    if starts is None:
        return None
    return Event(starts=starts, ends=ends, place=place)


def event_from_json_ld(ld: list[dict[str, Any]]) -> Event | None:
    """An event from a schema.org Event in JSON-LD (startDate, endDate, location)."""
    for item in ld:
        if not any(kind.endswith("Event") for kind in ld_types(item)):
            continue
        starts = _ld_moment(item.get("startDate"))
        if starts is None:
            continue
        location = item.get("location")
        if isinstance(location, list):
            location = location[0] if location else None
        if isinstance(location, dict):
            location = location.get("name") or location.get("address")
        place = (
            bounded(clean_line(location), MAX_PLACE_CHARS) if isinstance(location, str) else None
        )
        return Event(starts=starts, ends=_ld_moment(item.get("endDate")), place=place or None)
    return None


def _ld_moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        day = parse_iso_date(value)
        return _at(day, time(0, 0)) if day else None
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


def events_of(
    given: Sequence[Event], lines: list[str], paragraphs: list[str], published: date | None
) -> tuple[Event, ...]:
    """The events a page announces: its structured ones (JSON-LD), else its labelled lines,
    then those its prose announces on other days; a prose mention of a known day only adds
    what the known event lacks (a place, a name).

    >>> text = ["Datum: 10 september 09:00", "Plats: Teams",
    ...         "Första lärträffen äger rum fredag 10 september kl. 09.00-11.30."]
    >>> found = events_of((), text, text, date(2021, 9, 1))
    >>> [(e.starts.isoformat(), e.place, e.name) for e in found]
    [('2021-09-10T09:00:00+02:00', 'Teams', 'lärträffen')]
    """
    year = published.year if published else None
    labelled = event_from_lines(lines, year) if not given else None
    events = [*given, *([labelled] if labelled else [])]
    if published is None:
        # Without a year to anchor on, prose can only add to an event given in another form.
        anchor = next((e.starts.date() for e in events if e.starts), None)
        published = anchor
    prose = find_announced_events("\n".join(paragraphs), published) if published else []
    for found in prose:
        same = next((n for n, known in enumerate(events) if _same_day(known, found)), None)
        if same is None:
            events.append(found)
        else:
            known = events[same]
            events[same] = dataclasses.replace(
                known, place=known.place or found.place, name=known.name or found.name
            )
    return tuple(events)


def _same_day(a: Event, b: Event) -> bool:
    return a.starts is not None and b.starts is not None and a.starts.date() == b.starts.date()
