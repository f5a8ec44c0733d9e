"""A VTIMEZONE for a zone, from the rule its tz database file ends with.

icalendar can write a VTIMEZONE as a list of every past transition (RDATE), which some readers
resolve wrongly (dateutil's, which vobject uses, put a September event in Stockholm at +01:00).
Calendars such as Outlook and Google write the zone's yearly rule instead (RRULE), which every
reader understands; this module does the same, reading the rule from the POSIX TZ string at the
end of the zone's TZif file ("CET-1CEST,M3.5.0,M10.5.0/3" for Europe/Stockholm).
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# NAME OFFSET [DSTNAME [OFFSET]] ,Mm.w.d[/time],Mm.w.d[/time]
_POSIX = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]+)(?P<stdoff>[+-]?\d+(?::\d+)?)"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]+)(?P<dstoff>[+-]?\d+(?::\d+)?)?"
    r",M(?P<sm>\d+)\.(?P<sw>\d)\.(?P<sd>\d)(?:/(?P<st>\d+))?"
    r",M(?P<em>\d+)\.(?P<ew>\d)\.(?P<ed>\d)(?:/(?P<et>\d+))?)?$"
)
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
_EPOCH_YEAR = 1970


def vtimezone(name: str) -> Timezone:
    """The VTIMEZONE of the zone `name`, as its current yearly rule.

    >>> text = vtimezone("Europe/Stockholm").to_ical().decode()
    >>> for line in text.splitlines():
    ...     if line.startswith(("DTSTART", "RRULE", "TZOFFSETTO")):
    ...         print(line)
    DTSTART:19701025T030000
    RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
    TZOFFSETTO:+0100
    DTSTART:19700329T020000
    RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
    TZOFFSETTO:+0200
    """
    rule = _POSIX.match(_posix_rule(name))
    if rule is None:
        raise ValueError(f"{name}: no yearly rule that a VTIMEZONE can say")
    standard = -_hours(rule["stdoff"])
    zone = Timezone()
    zone.add("tzid", name)
    if rule["dst"] is None:
        part = TimezoneStandard()
        part.add("dtstart", datetime(_EPOCH_YEAR, 1, 1))
        part.add("tzname", rule["std"].strip("<>"))
        part.add("tzoffsetfrom", standard)
        part.add("tzoffsetto", standard)
        zone.add_component(part)
        return zone
    daylight = -_hours(rule["dstoff"]) if rule["dstoff"] else standard + timedelta(hours=1)
    zone.add_component(_part(TimezoneStandard(), rule["std"], daylight, standard,
                             *(rule[k] for k in ("em", "ew", "ed", "et"))))
    zone.add_component(_part(TimezoneDaylight(), rule["dst"], standard, daylight,
                             *(rule[k] for k in ("sm", "sw", "sd", "st"))))
    return zone


def _part(part: TimezoneStandard | TimezoneDaylight, label: str, offset_from: timedelta,
          offset_to: timedelta, month: str, week: str, day: str, at: str | None
          ) -> TimezoneStandard | TimezoneDaylight:
    """One observance: its name, offsets, first transition (in 1970) and yearly rule."""
    month_n, week_n, weekday = int(month), int(week), int(day)
    clock = time(int(at) if at else 2)
    part.add("dtstart", datetime.combine(_nth_weekday(month_n, week_n, weekday), clock))
    part.add("rrule", {"freq": "yearly", "bymonth": month_n,
                       "byday": f"{-1 if week_n == 5 else week_n}{_DAYS[weekday]}"})
    part.add("tzname", label.strip("<>"))
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    return part


def _nth_weekday(month: int, week: int, weekday: int) -> date:
    """The `week`-th (5: the last) `weekday` (0 Sunday) of `month` in 1970."""
    days = [d for d in calendar.Calendar().itermonthdates(_EPOCH_YEAR, month)
            if d.month == month and (d.weekday() + 1) % 7 == weekday]
    return days[-1] if week == 5 else days[week - 1]


def _hours(offset: str) -> timedelta:
    sign = -1 if offset.startswith("-") else 1
    hours, _, minutes = offset.lstrip("+-").partition(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes or 0))


def _posix_rule(name: str) -> str:
    """The POSIX TZ string that ends the zone's TZif file (version 2 and later)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.is_file():
            return path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    raise ValueError(f"{name}: no such time zone in {', '.join(zoneinfo.TZPATH)}")
