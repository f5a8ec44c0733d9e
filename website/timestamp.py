"""Times, durations and dates as the Swedish pages show them."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def format_timestamp(seconds: float) -> str:
    """A moment in the audio as MM:SS, or H:MM:SS from one hour on.

    >>> format_timestamp(83.6)
    '01:23'
    >>> format_timestamp(3723)
    '1:02:03'
    >>> format_timestamp(-2)
    '00:00'
    """
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_duration(seconds: float) -> str:
    """A length in whole minutes (at least one), or hours and minutes.

    >>> format_duration(1800)
    '30 min'
    >>> format_duration(20)
    '1 min'
    >>> format_duration(4500)
    '1 h 15 min'
    """
    minutes = max(1, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def format_date(day: date) -> str:
    """A date the Swedish way.

    >>> format_date(date(2026, 11, 4))
    '4 november 2026'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_event_time(starts: datetime, ends: datetime | None, all_day: bool) -> str:
    """When an event is, the Swedish way: its day or days, and its hours when known.

    >>> format_event_time(datetime(2021, 9, 10, 9), datetime(2021, 9, 10, 11, 30), False)
    '10 september 2021 kl. 09.00–11.30'
    >>> format_event_time(datetime(2019, 5, 8), datetime(2019, 5, 9), True)
    '8–9 maj 2019'
    >>> format_event_time(datetime(2019, 4, 30), datetime(2019, 5, 2), True)
    '30 april – 2 maj 2019'
    >>> format_event_time(datetime(2019, 4, 2, 18, 30), None, False)
    '2 april 2019 kl. 18.30'
    """
    first = starts.date()
    last = ends.date() if ends else first
    if last == first:
        days = format_date(first)
    elif (last.year, last.month) == (first.year, first.month):
        days = f"{first.day}–{format_date(last)}"
    elif last.year == first.year:
        days = f"{first.day} {MONTHS[first.month - 1]} – {format_date(last)}"
    else:
        days = f"{format_date(first)} – {format_date(last)}"
    if all_day:
        return days
    hours = f"kl. {starts:%H.%M}"
    if ends is not None:
        hours += f"–{ends:%H.%M}" if last == first else f" – {format_date(last)} {ends:%H.%M}"
    return f"{days} {hours}" if last == first or ends is None else f"{format_date(first)} {hours}"


__all__ = ["format_date", "format_duration", "format_event_time", "format_timestamp"]
