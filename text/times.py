"""Times as outside text writes them (cue timings, chapter starts, feed durations): the one bound
every parser of them holds to.

A time of hundreds of digits, `inf` or `nan` would pass a check like `seconds >= 0` and break
every publish later (formatting it, rounding it, writing JSON); each parser refuses it here.
"""

from __future__ import annotations

import math

# The longest time any media file, chapter or cue may name: 9999 hours (over a year), so a time
# has at most four digits of hours.
MAX_HOURS = 9999
MAX_SECONDS = MAX_HOURS * 3600


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
