"""The events the news announce as an iCalendar file (RFC 5545), through `icalendar`.

Every event gets a UID that stays the same from one publication to the next (its page and its
first day), so a calendar that subscribes to `events.ics` updates an event rather than adding
it twice. Times are Europe/Stockholm with the VTIMEZONE that says what that means (its yearly
rule, `news.timezone`); an event
whose page gives only the day is an all-day event (DATE values, the end exclusive).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from news.announcements import STOCKHOLM
from news.article import Event
from news.errors import CalendarError
from text.cleaning import bounded, clean_line

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

PRODUCT_ID = "-//innocast//Evenemang//SV"
MAX_SUMMARY_CHARS = 200


@dataclass(frozen=True)
class CalendarEntry:
    """An event as the calendar shows it: its stable UID, title and the news page it is on."""

    uid: str
    title: str
    url: str
    event: Event
    # DTSTAMP: when the page said so (its publication), not when it was built, so that the
    # file stays byte-identical when nothing changed.
    stamp: datetime
    description: str = ""


def build_calendar(name: str, entries: Sequence[CalendarEntry]) -> bytes:
    """The VCALENDAR of `entries`, as bytes."""
    # Imported here: a publish that finds nothing changed imports this module but builds no
    # calendar, and icalendar (with news.timezone, which uses it) is slow to import.
    from icalendar import Calendar

    from news.timezone import vtimezone

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean_line(name))
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    components = [_component(entry) for entry in entries]
    if any(not entry.event.all_day for entry in entries):
        # The zone's yearly rule, which every reader resolves alike (see news.timezone).
        calendar.add_component(vtimezone(STOCKHOLM.key))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


def _component(entry: CalendarEntry) -> CalendarEvent:
    event = entry.event
    if event.starts is None:
        raise CalendarError(f"{entry.url}: an event without a start cannot be in a calendar")
    if event.ends is not None and event.ends < event.starts:
        raise CalendarError(f"{entry.url}: the event ends before it starts")
    from icalendar import Event as CalendarEvent

    component = CalendarEvent()
    component.add("uid", entry.uid)
    component.add("dtstamp", entry.stamp)
    component.add("summary", bounded(clean_line(entry.title), MAX_SUMMARY_CHARS))
    if event.all_day:
        last = (event.ends or event.starts).date()
        component.add("dtstart", event.starts.date())
        component.add("dtend", last + timedelta(days=1))
    else:
        # A stored event's times carry a bare UTC offset: the zone makes them follow DST.
        component.add("dtstart", event.starts.astimezone(STOCKHOLM))
        if event.ends is not None:
            component.add("dtend", event.ends.astimezone(STOCKHOLM))
    if event.place:
        component.add("location", clean_line(event.place))
    component.add("url", entry.url)
    if entry.description:
        component.add("description", entry.description)
    return component
