"""Dates as Swedish sites and texts write them: "2019-03-25", "3 december 2019", "den 2 april".

Pure helpers; `extract` decides which date on a page is the publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from text.dates import is_feed_date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\s+)"
_ISO = r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?![\d-])"
_TEXT = (
    rf"{_WEEKDAY}?(?:den\s+)?(?P<td>[0-3]?\d)(?:\.|:e|:a)?\s+(?P<tm>{_MONTH})\.?"
    r"(?:,?\s+(?P<ty>(?:19|20)\d\d)(?!\d))?"
)
DATE_RE = re.compile(rf"(?<![\w-])(?:{_ISO}|{_TEXT})(?!\w)", re.IGNORECASE)

PUBLISHED_LABELS = r"publiceringsdatum|publicerades|publicerad|publicerat|skriven|datum"
UPDATED_LABELS = r"(?:senast\s+)?(?:uppdaterades|uppdaterad|uppdaterat|ändrad|ändrat|granskad)"
_LABELLED_RE = re.compile(
    rf"(?P<label>{UPDATED_LABELS}|{PUBLISHED_LABELS})\s*(?:den\s*)?:?\s*(?:den\s+)?"
    rf"(?=(?:{_ISO}|{_TEXT}))",
    re.IGNORECASE,
)
# A kicker before a dateline: "NYHETER 2021-08-16", "Pressmeddelande · 3 december 2019".
_KICKER_RE = re.compile(
    r"^(?:(?:[A-ZÅÄÖ]{2,}|Nyhet(?:er)?|Pressmeddelande|Publicerad|Publicerat|Datum)"
    r"[\s:·|,–-]*){0,3}",
)


def _date_of(match: re.Match[str], default_year: int | None) -> date | None:
    try:
        if match["iy"]:
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        year = int(match["ty"]) if match["ty"] else default_year
        if year is None:
            return None
        return date(year, MONTHS[match["tm"].lower()], int(match["td"]))
    except ValueError:
        return None


def find_dates(text: str, *, default_year: int | None = None) -> list[tuple[re.Match[str], date]]:
    """Every date in `text` with its match (dates without a year only given `default_year`).

    >>> [str(d) for _, d in find_dates("8–9 maj 2019 och den 2 april", default_year=2019)]
    ['2019-05-09', '2019-04-02']
    """
    found = []
    for match in DATE_RE.finditer(text):
        parsed = _date_of(match, default_year)
        if parsed is not None:
            found.append((match, parsed))
    return found


def parse_swedish_date(text: str) -> date | None:
    """The first full date (with a year) in `text`, in the forms Swedish sites use.

    >>> parse_swedish_date("2019-03-25")
    datetime.date(2019, 3, 25)
    >>> parse_swedish_date("NYHETER 2021-08-16")
    datetime.date(2021, 8, 16)
    >>> parse_swedish_date("Publicerad: 3 december 2019")
    datetime.date(2019, 12, 3)
    >>> parse_swedish_date("10 september 2021")
    datetime.date(2021, 9, 10)
    >>> parse_swedish_date("fredagen den 3:e dec. 2021")
    datetime.date(2021, 12, 3)
    >>> parse_swedish_date("2019-02-30 är inget datum, inte heller 10 september") is None
    True
    """
    found = find_dates(text)
    return found[0][1] if found else None


def parse_iso_date(value: str) -> date | None:
    """The date of an ISO 8601 date or timestamp from page metadata, or None.

    >>> parse_iso_date("2019-03-25T10:12:00+01:00")
    datetime.date(2019, 3, 25)
    >>> parse_iso_date("2021-08-16")
    datetime.date(2021, 8, 16)
    >>> parse_iso_date("igår") is None, parse_iso_date("0001-01-01") is None
    (True, True)
    """
    value = value.strip()
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            found = date.fromisoformat(value[:10])
        except ValueError:
            return None
    # A year-0001 date in a page's metadata is no publication date, and no feed could carry it.
    return found if is_feed_date(found) else None


def labelled_dates(text: str) -> tuple[date | None, date | None]:
    """The dates labelled as published and as updated in `text` (first of each).

    >>> labelled_dates("Publicerad: 3 december 2019 Senast uppdaterad: 2020-01-07")
    (datetime.date(2019, 12, 3), datetime.date(2020, 1, 7))
    >>> labelled_dates("Sidan publicerades 12 april 2023. Sidan uppdaterades 2 maj 2023")
    (datetime.date(2023, 4, 12), datetime.date(2023, 5, 2))
    >>> labelled_dates("Arbetet pågår till den 31 december 2016.")
    (None, None)
    """
    published = updated = None
    for label in _LABELLED_RE.finditer(text):
        match = DATE_RE.match(text, label.end())
        found = _date_of(match, None) if match else None
        if found is None:
            continue
        if re.fullmatch(UPDATED_LABELS, label["label"], re.IGNORECASE):
            updated = updated or found
        else:
            published = published or found
    return published, updated


def split_leading_date(text: str) -> tuple[date | None, str]:
    """A date that opens `text` (after a kicker such as "NYHETER"), and the text after it.

    >>> split_leading_date("2019-03-25 Partsrådet arrangerar ett labb.")
    (datetime.date(2019, 3, 25), 'Partsrådet arrangerar ett labb.')
    >>> split_leading_date("NYHETER 2021-08-16")
    (datetime.date(2021, 8, 16), '')
    >>> split_leading_date("Den 2 april 2019 anordnar Partsrådet ett studiebesök.")
    (None, 'Den 2 april 2019 anordnar Partsrådet ett studiebesök.')
    """
    kicker = _KICKER_RE.match(text)
    start = kicker.end() if kicker else 0
    match = DATE_RE.match(text, start)
    # "Den 2 april ... anordnar" is a sentence about a date, not a dateline.
    if match is None or text[match.start() :].lower().startswith("den "):
        return None, text
    found = _date_of(match, None)
    if found is None:
        return None, text
    return found, text[match.end() :].lstrip(" \t:·|,–-")


def split_trailing_date(text: str) -> tuple[date | None, str]:
    """A date that closes `text` (a title line such as "Lärprojekt 10 september 2021").

    >>> split_trailing_date("Lärprojekt innovation 10 september 2021")
    (datetime.date(2021, 9, 10), 'Lärprojekt innovation')
    >>> split_trailing_date("Planer för 2021")
    (None, 'Planer för 2021')
    """
    found = find_dates(text)
    if not found:
        return None, text
    match, last = found[-1]
    if text[match.end() :].strip(" .") or not text[: match.start()].strip():
        return None, text
    return last, text[: match.start()].rstrip(" \t:·|,–-")


_DATELINE_NOISE = re.compile(
    rf"{UPDATED_LABELS}|{PUBLISHED_LABELS}|sidan|nyheter|nyhet|pressmeddelande|den|"
    r"(?-i:\b[A-ZÅÄÖ]{2,}\b)|[\s:·|,./–-]",
    re.IGNORECASE,
)


def is_dateline(text: str) -> bool:
    """Say whether a line holds nothing but dates and labels ("NYHETER 2021-08-16").

    >>> is_dateline("NYHETER 2021-08-16"), is_dateline("Publicerad: 3 december 2019")
    (True, True)
    >>> is_dateline("Datum: 10 september 09:00 - 11:30"), is_dateline("Möte i Luleå 2021-08-16")
    (False, False)
    """
    if len(text) > 100 or not find_dates(text):
        return False
    return not _DATELINE_NOISE.sub("", DATE_RE.sub("", text))
