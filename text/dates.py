"""The dates a feed can carry: RFC 5322 (RSS's pubDate) years are four digits from 1900.

One rule for every date from outside (a config, a page's metadata, an imported feed), so a
year-0001 or year-99999 date is refused where it is read, not written into a feed that
clients misread (a two-digit "01" is taken for 2001).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

MIN_YEAR = 1900
MAX_YEAR = 9999


def is_feed_date(moment: date) -> bool:
    """Whether a date (or datetime, in its own zone and in UTC) has a year from 1900 to 9999.

    >>> is_feed_date(date(2024, 5, 1)), is_feed_date(date(1, 1, 1))
    (True, False)
    >>> from datetime import timedelta, timezone
    >>> is_feed_date(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))))
    False
    """
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return False
    if isinstance(moment, datetime) and moment.utcoffset() is not None:
        try:
            in_utc = moment.astimezone(UTC)
        except OverflowError:
            return False
        return in_utc.year >= MIN_YEAR
    return True
