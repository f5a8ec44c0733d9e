"""Timestamps as WebVTT and SRT write them, and back to seconds."""

from __future__ import annotations

import math
import re

# The longest time any media file, chapter or cue may name: 9999 hours (over a year), so a time
# is at most four digits of hours, and no time of hundreds of digits, `inf` or `nan` gets in.
MAX_HOURS = 9999
MAX_SECONDS = MAX_HOURS * 3600
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


def media_seconds(value: object) -> float | None:
    """A time in seconds as written outside (a config, a feed): a finite number from 0 to
    MAX_SECONDS; None for anything else (text, booleans, `inf`, `nan`, 1e300).

    >>> media_seconds(75), media_seconds(12.5), media_seconds(float("inf")), media_seconds(-1)
    (75.0, 12.5, None, None)
    >>> media_seconds(float("nan")), media_seconds(True), media_seconds(10**400)
    (None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and not 0 <= value <= MAX_SECONDS:
        return None  # a huge int would overflow float()
    seconds = float(value)
    return seconds if math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS else None
