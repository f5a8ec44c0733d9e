"""The event finder against the events people read in the texts.

Two sets: the seed texts (demo/news, the three events issue 19 names: a study visit on 2 April,
an innovation lab on 8-9 May at Tekniska museet, a learning meeting on 10 September 09:00-11:30
on Teams), read the way the pipeline reads them (`extract_text`), and the held-out sentences of
tests/news/events_heldout/ (committed before the prose finder was written; measured once).

An event counts as found when one of the found events starts on its day; its start is right
when the time matches too (or both are all day), its end when the end matches (or neither has
one), its place when the expected place is part of the found one. A found event on no expected
day is a false one.

Usage: .venv/bin/python benchmarks/events_eval.py [seeds|heldout]   (both by default; writes
benchmarks/results/events.md when both run)
"""

from __future__ import annotations

import platform
import sys
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from news.announcements import find_announced_events
from news.article import Event
from news.extract import extract_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "demo" / "news"
HELDOUT = ROOT / "tests" / "news" / "events_heldout" / "sentences.toml"
RESULTS = Path(__file__).parent / "results" / "events.md"


@dataclass(frozen=True)
class Expected:
    """An event as a reader finds it: its start (a date, or a date-time), end and place."""

    starts: str
    ends: str | None = None
    place: str | None = None


SEED_EVENTS = (
    Expected("2019-04-02", place="Microsoft"),
    Expected("2019-05-08", ends="2019-05-09", place="Tekniska museet"),
    Expected("2021-09-10T09:00", ends="2021-09-10T11:30", place="Teams"),
)


@dataclass
class Score:
    """Counts over one set."""

    expected: int = 0
    found: int = 0
    starts: int = 0
    ends: int = 0
    places: int = 0
    places_expected: int = 0
    complete: int = 0
    false: int = 0
    negatives: int = 0
    negatives_clean: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """The figures as (what, value) rows."""
        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"

        return [
            ("events found (right day)", share(self.found, self.expected)),
            ("start right (day and time)", share(self.starts, self.expected)),
            ("end right", share(self.ends, self.expected)),
            ("place right", share(self.places, self.places_expected)),
            ("every field right", share(self.complete, self.expected)),
            ("false events", str(self.false)),
            ("no-event sentences left alone", share(self.negatives_clean, self.negatives)),
        ]


def _moment(value: datetime | None, all_day: bool) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if all_day else value.strftime("%Y-%m-%dT%H:%M")


def score(expected: list[Expected], found: list[Event], total: Score) -> None:
    """Add one text's events to `total`."""
    unmatched = list(found)
    for want in expected:
        total.expected += 1
        total.places_expected += want.place is not None
        day = want.starts[:10]
        match = next((e for e in unmatched if e.starts and e.starts.date().isoformat() == day),
                     None)
        if match is None:
            continue
        unmatched.remove(match)
        total.found += 1
        start_ok = _moment(match.starts, match.all_day) == want.starts
        end_ok = _moment(match.ends, match.all_day) == want.ends
        place_ok = want.place is None or (
            match.place is not None and want.place.lower() in match.place.lower()
        )
        total.starts += start_ok
        total.ends += end_ok
        total.places += want.place is not None and place_ok
        total.complete += start_ok and end_ok and place_ok
    total.false += len(unmatched)


def seeds() -> Score:
    """The seed texts as the pipeline reads them."""
    total = Score()
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += extract_text(path.read_text(encoding="utf-8"), source=str(path)).events
    score(list(SEED_EVENTS), found, total)
    return total


def heldout() -> Score:
    """The held-out sentences, each on its own."""
    total = Score()
    for case in tomllib.loads(HELDOUT.read_text(encoding="utf-8"))["case"]:
        published = date(case["year"], 1, 1)
        found = find_announced_events(case["text"], published)
        if case.get("none"):
            total.negatives += 1
            total.negatives_clean += not found
            total.false += len(found)
            continue
        want = Expected(case["starts"], case.get("ends"), case.get("place"))
        score([want], found, total)
    return total


def main(which: list[str]) -> None:
    """Measure the sets named (both by default) and print, or write, the table."""
    sets = {"seeds": seeds, "heldout": heldout}
    chosen = which or list(sets)
    scores = {name: sets[name]() for name in chosen}
    lines = ["| | " + " | ".join(chosen) + " |", "| --- |" + " ---: |" * len(chosen)]
    for index, (what, _) in enumerate(next(iter(scores.values())).rows()):
        lines.append(f"| {what} | " + " | ".join(s.rows()[index][1] for s in scores.values())
                     + " |")
    table = "\n".join(lines)
    print(table)
    if len(chosen) == len(sets):
        RESULTS.write_text(
            "# Events found in news text\n\n"
            "`.venv/bin/python benchmarks/events_eval.py` on "
            f"{platform.python_implementation()} {platform.python_version()}. Seeds: the three "
            "events of demo/news; held out: tests/news/events_heldout/sentences.toml (20 "
            "announcements, 6 sentences with a date but no event), measured once after the "
            "finder was written.\n\n" + table + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main(sys.argv[1:])
