"""Times, durations and dates as the Swedish pages show them."""

from __future__ import annotations

from datetime import date

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


__all__ = ["format_date", "format_duration", "format_timestamp"]
