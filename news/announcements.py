"""Events announced in running Swedish prose: "Den 2 april anordnar Partsrådet ett studiebesök
på Microsoft", "ett innovationslabb under två dagar 8–9 maj", "äger rum fredag 10 september
kl. 09.00-11.30".

A sentence announces an event when it holds a date and says that something takes place (an
event word such as "seminarium" or "studiebesök", or a verb such as "anordnar", "hålls", "äger
rum"), and nothing says the date is of another kind (a deadline, a decision, a publication).
Its times are read after the date, its place from a preposition before a name ("på Tekniska
museet", "via Teams"), and when the sentence names no place, from the next sentence that speaks
of the same event ("Innovationslabbet hålls på Tekniska museet i Stockholm").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from news.article import Event
from news.dates import DATE_RE, MONTHS, find_dates
from text.cleaning import bounded, clean_line

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_PLACE_CHARS = 200
MAX_NAME_CHARS = 80
# An announcement published late in a year may name a date early in the next without a year.
_NEXT_YEAR_AFTER = timedelta(days=60)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "8–9 maj", "22-23 november 2024": a run of days in one month.
_DAY_RANGE = re.compile(
    rf"(?<![\w-])(?P<d1>[0-3]?\d)\s*(?:[–—-]|till)\s*(?P<d2>[0-3]?\d)\s+(?P<m>{_MONTH})\.?"
    r"(?:\s+(?P<y>(?:19|20)\d\d))?(?!\w)",
    re.IGNORECASE,
)
_CLOCK = r"(?P<{0}h>[01]?\d|2[0-3])(?:[.:](?P<{0}m>[0-5]\d))?"
_HOURS = re.compile(
    r"(?:(?:mellan\s+)?(?:kl\.?|klockan)\s*)" + _CLOCK.format("a")
    + r"(?:\s*(?:[–—-]|till|och)\s*(?:kl\.?\s*|klockan\s*)?" + _CLOCK.format("b") + ")?"
    r"(?![\d.:]\d)",
    re.IGNORECASE,
)
# Without "kl.", only a clock with minutes counts as a time: "09:00", "09.00–11.30".
_BARE_HOURS = re.compile(
    r"(?<![\d.:])(?P<ah>[01]?\d|2[0-3])[.:](?P<am>[0-5]\d)"
    r"(?:\s*[–—-]\s*(?P<bh>[01]?\d|2[0-3])[.:](?P<bm>[0-5]\d))?(?![\d.:]\d)"
)
_EVENT_WORD = re.compile(
    r"\b\w*(?P<core>seminari(?:um|et|er)|webbinari(?:um|et)|webinar|studiebesök|labb|konferens"
    r"|träff|möte|workshop|föreläsning|föredrag|utbildningsdag|dialog|hackathon|mässa|mässan"
    r"|festival|öppet hus|invigning|kurs(?:en|dag)?|samråd|sammanträde|evenemang|event"
    r"|frukost|lunch|dag(?:en)?\s+om|visning|besök|kväll)\w*",
    re.IGNORECASE,
)
_EVENT_VERB = re.compile(
    r"\b(?:anordnar|anordnas|arrangerar|arrangeras|bjuder\s+(?:in|vi\s+in)|hålls|äger\s+rum"
    r"|genomförs|sänds|samlas|inviger|invigs|sammanträder|välkommen|välkomna|pågår|börjar"
    r"|träffas|ses)\b",
    re.IGNORECASE,
)
# A date of another kind: a deadline, a decision, something done or in force.
_NOT_AN_EVENT = re.compile(
    r"\b(?:senast|sista\s+(?:dag|anmälningsdag|ansökningsdag)|deadline|beslutade|beslöt"
    r"|beslut(?:et)?\s+(?:fattades|togs)|publicerades|publicerad|trädde\s+i\s+kraft"
    r"|träder\s+i\s+kraft|startade|avslutades|till\s+och\s+med|t\.o\.m\.|ansökan|ansökningar"
    r"|inkom|skickades)\b",
    re.IGNORECASE,
)
_PLACE_WORD = (
    r"(?:[A-ZÅÄÖ][\w&'’-]*"
    r"|\w*(?:sal|salen|huset|hus|lokal|lokaler|lokalerna|rummet|aulan|torget|parken|biblioteket"
    r"|skolan|museet|gården|hallen|arenan))"
)
_PLACE = re.compile(
    rf"\b(?P<prep>på|i|via|vid)\s+(?P<place>{_PLACE_WORD}"
    r"(?:(?:\s+|,\s+)(?:[A-ZÅÄÖ0-9][\w&'’-]*|[a-zåäö]+(?:museet|huset|salen|hus|sal)"
    r"|museet|hus|huset|hörsal|sal|torg|(?:i|på)\s+[A-ZÅÄÖ][\w-]*))*)",
)
_NOT_PLACE = {
    word.lower() for word in (*MONTHS, "år", "höst", "vår", "sommar", "vinter", "dag", "kväll")
} | {
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "den", "det", "en",
    "ett", "samarbete", "samband", "början", "slutet", "mitten", "stället", "form", "temat",
    "tid", "anslutning",
}
# A sentence ends at a full stop before a capital or a digit, but not after "kl." or "ca.".
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\bkl\.)(?<!\bca\.)\s+(?=[A-ZÅÄÖ0-9–”\"])|\n+")


@dataclass(frozen=True)
class _Days:
    """The day or run of days a sentence names, and where in it they were written."""

    first: date
    last: date
    end: int


def find_announced_events(text: str, published: date | None) -> list[Event]:
    """Every event the sentences of `text` announce, in order, one per start.

    >>> [(e.name, e.starts.isoformat(), e.place) for e in find_announced_events(
    ...     "Den 2 april anordnar Partsrådet ett studiebesök på Microsoft på temat innovation.",
    ...     date(2019, 3, 25))]
    [('studiebesök', '2019-04-02T00:00:00+02:00', 'Microsoft')]
    >>> find_announced_events("Ansökan ska vara inne senast den 15 april.", date(2022, 1, 3))
    []
    """
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    events: list[Event] = []
    for index, sentence in enumerate(sentences):
        event = _event(sentence, sentences[index + 1 : index + 3], published)
        if event is not None and all(event.starts != other.starts for other in events):
            events.append(event)
    return events


def _event(sentence: str, following: list[str], published: date | None) -> Event | None:
    if _NOT_AN_EVENT.search(sentence):
        return None
    word = _EVENT_WORD.search(sentence)
    if word is None and not _EVENT_VERB.search(sentence):
        return None
    days = _days(sentence, published)
    if days is None:
        return None
    starts, ends, all_day = _moments(sentence[days.end :], days)
    place = _place(sentence)
    name = word.group(0).lower() if word else None
    if place is None and word:
        # "… ett innovationlabb 8–9 maj. Innovationslabbet hålls på Tekniska museet …"
        core = word["core"].lower()
        place = next((found for s in following if core in s.lower()
                      and (found := _place(s)) is not None), None)
    return Event(starts=starts, ends=ends, place=place, name=name and name[:MAX_NAME_CHARS],
                 all_day=all_day)


def _days(sentence: str, published: date | None) -> _Days | None:
    """The first day (or run of days) the sentence names, with its year decided."""
    default_year = published.year if published else None
    run = _DAY_RANGE.search(sentence)
    dated = find_dates(sentence, default_year=default_year)
    if run and (not dated or run.start() <= dated[0][0].start()):
        year = int(run["y"]) if run["y"] else default_year
        if year is None:
            return None
        try:
            month = MONTHS[run["m"].lower()]
            first, last = date(year, month, int(run["d1"])), date(year, month, int(run["d2"]))
        except ValueError:
            return None
        if last < first:
            return None
        return _Days(*_roll(first, last, published, explicit=bool(run["y"])), end=run.end())
    if not dated:
        return None
    match, day = dated[0]
    explicit = bool(match["iy"] or match["ty"])
    return _Days(*_roll(day, day, published, explicit=explicit), end=match.end())


def _roll(first: date, last: date, published: date | None, *, explicit: bool
          ) -> tuple[date, date]:
    """A yearless date well before publication is next year's: announcements look ahead."""
    if explicit or published is None or first >= published - _NEXT_YEAR_AFTER:
        return first, last
    try:
        return first.replace(year=first.year + 1), last.replace(year=last.year + 1)
    except ValueError:  # 29 February
        return first, last


def _moments(after: str, days: _Days) -> tuple[datetime, datetime | None, bool]:
    """Start and end from the times written after the date; all day when there are none."""
    # Times belong to this date until the next date begins.
    following = DATE_RE.search(after)
    scope = after[: following.start()] if following else after
    clock = _HOURS.search(scope) or _BARE_HOURS.search(scope)
    if clock is None:
        ends = _at(days.last, time(0)) if days.last != days.first else None
        return _at(days.first, time(0)), ends, True
    starts = _at(days.first, time(int(clock["ah"]), int(clock["am"] or 0)))
    ends = None
    if clock["bh"] is not None:
        ends = _at(days.last, time(int(clock["bh"]), int(clock["bm"] or 0)))
        if ends <= starts:
            ends = None
    return starts, ends, False


def _place(sentence: str) -> str | None:
    """The first place named after a preposition: "på Microsoft", "via Teams"."""
    for found in _PLACE.finditer(sentence):
        place = found["place"].rstrip(",")
        head = place.split()[0].lower()
        if head in _NOT_PLACE or DATE_RE.match(place) or head.isdigit():
            continue
        return bounded(clean_line(place), MAX_PLACE_CHARS)
    return None


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=STOCKHOLM)
