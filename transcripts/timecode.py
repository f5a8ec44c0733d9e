"""Timestamps as WebVTT and SRT write them, and back to seconds."""

from __future__ import annotations

import re

# Hours of at most four digits (text.times.MAX_HOURS), so no timestamp of hundreds of digits
# gets in, nor one past text.times.MAX_SECONDS.
_TIMESTAMP = re.compile(r"^(?:(\d{1,4}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$")


def format_timestamp(seconds: float, decimal_marker: str = ".") -> str:
    """Format seconds as HH:MM:SS.mmm (SRT uses a comma as `decimal_marker`).

    >>> format_timestamp(0)
    '00:00:00.000'
    >>> format_timestamp(3661.25)
    '01:01:01.250'
    >>> format_timestamp(59.9996, ",")
    '00:01:00,000'
    >>> format_timestamp(-1)
    '00:00:00.000'
    """
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal_marker}{millis:03d}"


def parse_timestamp(text: str) -> float | None:
    """Parse [HH:]MM:SS.mmm or HH:MM:SS,mmm into seconds; None when it is not a timestamp.

    >>> parse_timestamp("00:01:02.500")
    62.5
    >>> parse_timestamp("01:02,250")
    62.25
    >>> parse_timestamp("1:00:00,000")
    3600.0
    >>> parse_timestamp("00:61:00.000") is None
    True
    >>> parse_timestamp("1" * 300 + ":00:00.000") is None
    True
    """
    match = _TIMESTAMP.match(text.strip())
    if match is None:
        return None
    hours, minutes, secs, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000

