"""Benchmark: news extraction on the corpus of real-CMS pages, innocast against the libraries.

For every page of `tests/news/corpus/{tuning,frozen,frozen-2}` (see its README) and every
extractor (innocast's `news.extract_html`, trafilatura, readability-lxml), against the page's
expectation:
title right, publication date right (innocast must also mark an update-only page as updated),
body word recall (word tokens, case folded, as multisets), leaked furniture lines (lines of the
page's furniture that turn up in the body), failures (an exception or an empty body), and where
the summary came from (the lead, a caption, the site-wide description, something else).

Usage: .venv/bin/python benchmarks/extraction_report.py [--half tuning|frozen|frozen-2|all]
       [--out FILE]
Writes benchmarks/results/extraction.md unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "news" / "corpus"
RESULTS = ROOT / "benchmarks" / "results" / "extraction.md"
FROZEN_COMMIT = "203bbd93f0d9d709cfad7424f3457a9424d875c7"
# The second held-out set, committed before any extractor ran on it (corpus README).
FROZEN2_COMMIT = "566fde787c68d02d1ade015678cc4d1d4d42f9fd"
HALVES = ("tuning", "frozen", "frozen-2")
FROZEN_HISTORY = (
    "**The frozen half was measured once** with the extractor as tuned (commit db86be9, "
    "`benchmarks/results/extraction-frozen-first-measurement.md`): titles 20/20, dates 18/20 "
    "(90%: the target of 95% missed), recall 1.000, 4 leaked lines (0.20 per page), no "
    "failure, every summary the lead. The two dates missed were forms the tuning half lacks "
    "(\"Göteborgs Stad, 22 april 2025\" over the title, and a Drupal byline \"Av Martin "
    "Blom, 9 maj 2022\" once htmldate's slow extensive search is off). The rule for a "
    "dateline or byline under the title was added after that measurement, so the frozen "
    "figures above are no longer held out; the tuning half's are unchanged by it. The leak "
    "count was also made stricter afterwards (a furniture line that is a whole line of the "
    "body counts even when its words occur in the article); innocast's frozen count stayed 4."
)
FROZEN2_NOTE = (
    "**frozen-2 is held out**: its pages and expectations were committed in "
    f"`{FROZEN2_COMMIT[:12]}` before any extractor ran on them, and no extractor code was "
    "changed after that. These figures are its one measurement; a rule changed because of "
    "them would need yet another held-out set."
)
# The targets of issue 15, on a held-out set.
TARGET_DATES = 0.95
TARGET_RECALL = 0.98
TARGET_LEAKS_PER_PAGE = 0.2
# A furniture line this long leaks when found inside a line that is not the article's.
MIN_INSIDE = 8
_BULLET = re.compile(r"^\s*(?:[-•*]\s+)")


@dataclass(frozen=True)
class Extracted:
    """What one extractor made of one page."""

    title: str
    published: str | None
    marked_updated: bool | None  # None: the extractor has no such notion
    body: str
    summary: str


@dataclass(frozen=True)
class Score:
    """One extractor on one page."""

    page: str
    cms: str
    title: bool
    date: bool
    words_kept: int
    words_expected: int
    leaks: tuple[str, ...]
    failed: str | None
    summary: str
    ms: float
    got_title: str = ""
    got_date: str | None = None

    @property
    def recall(self) -> float:
        return self.words_kept / self.words_expected if self.words_expected else 1.0


def innocast(html: bytes) -> Extracted:
    from news import extract_html

    article = extract_html(html, source="page.html")
    published = article.published.isoformat() if article.published else None
    marked = getattr(article, "updated_only", False)
    return Extracted(article.title, published, marked, article.body, article.summary)


def trafilatura_baseline(html: bytes) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    found = document.as_dict() if document is not None else {}
    return Extracted(
        found.get("title") or "",
        found.get("date"),
        None,
        found.get("text") or "",
        found.get("description") or "",
    )


def readability_baseline(html: bytes) -> Extracted:
    from bs4 import BeautifulSoup
    from readability import Document

    from text.decoding import decode_html

    document = Document(decode_html(html))
    text = BeautifulSoup(document.summary(), "lxml").get_text("\n")
    return Extracted(document.short_title(), None, None, text, "")


EXTRACTORS: dict[str, Callable[[bytes], Extracted]] = {
    "innocast": innocast,
    "trafilatura": trafilatura_baseline,
    "readability-lxml": readability_baseline,
}


def words(text: str) -> Counter[str]:
    """Word tokens of a text, case folded, as a multiset.

    >>> sorted(words("Umeå kommun, Umeå!").items())
    [('kommun', 1), ('umeå', 2)]
    """
    return Counter(re.findall(r"\w+", text.casefold()))


def norm(text: str) -> str:
    """A line compared without case, bullets or spacing.

    >>> norm("  • Dela   Sidan ")
    'dela sidan'
    """
    return " ".join(_BULLET.sub("", text).split()).casefold()


def leaked_lines(body: str, furniture: list[str], expected_body: list[str]) -> tuple[str, ...]:
    """The furniture lines found in an extracted body.

    A furniture line leaks if it is a line of the body, or sits inside a body line that is not
    the article's (an author's name run into their title, a caption inside a paragraph).
    """
    expected_flat = " ".join(norm(p) for p in expected_body)
    expected_lines = {norm(line) for p in expected_body for line in p.splitlines()}
    lines = {norm(line) for line in body.splitlines() if line.strip()}
    extra = lines - expected_lines  # lines that are none of the article's
    foreign = [line for line in extra if line not in expected_flat]
    found = []
    for line in dict.fromkeys(norm(f) for f in furniture):
        if not line or line in expected_lines:
            continue
        whole = line in extra
        inside = len(line) >= MIN_INSIDE and any(line in other for other in foreign)
        if whole or inside:
            found.append(line)
    return tuple(found)


def summary_source(summary: str, expected: dict) -> str:
    """Where a summary came from: the lead, the caption, the site description, other, none."""
    got = norm(summary).rstrip("…").strip()
    if not got:
        return "none"
    for source, text in (
        ("lead", expected["lead"]),
        ("caption", expected.get("caption")),
        ("site description", expected.get("site_description")),
    ):
        want = norm(text or "")
        if want and (want.startswith(got[:80]) or got.startswith(want[:80])):
            return source
    return "other"


def evaluate(name: str, page: Path) -> Score:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    failed = None
    try:
        got = EXTRACTORS[name](page.read_bytes())
    except Exception as exc:  # an extractor failing on a page is a result, not a crash
        got = Extracted("", None, None, "", "")
        failed = f"{type(exc).__name__}: {exc}".splitlines()[0][:80]
    ms = (time.perf_counter() - started) * 1000
    if failed is None and not got.body.strip():
        failed = "empty body"
    want = words("\n".join(expected["body"]))
    date_right = got.published == expected["published"]
    if expected["updated_only"] and got.marked_updated is not None:
        date_right = date_right and got.marked_updated
    return Score(
        page=page.stem,
        cms=expected["cms"],
        title=" ".join(got.title.split()) == expected["title"],
        date=date_right,
        words_kept=sum((words(got.body) & want).values()),
        words_expected=sum(want.values()),
        leaks=leaked_lines(got.body, expected["furniture"], expected["body"]),
        failed=failed,
        summary=summary_source(got.summary, expected) if name != "readability-lxml" else "n/a",
        ms=ms,
        got_title=" ".join(got.title.split()),
        got_date=got.published + (" (marked updated)" if got.marked_updated else "")
        if got.published
        else None,
    )


def mark(ok: bool) -> str:
    return "✓" if ok else "**✗**"


def summary_rows(scores: dict[str, list[Score]]) -> list[str]:
    lines = [
        "| extractor | pages | titles right | dates right | body words kept | mean recall "
        "| min recall | leaked lines (per page) | failures | summary from the lead | ms/page |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rows in scores.items():
        n = len(rows)
        kept = sum(r.words_kept for r in rows)
        total = sum(r.words_expected for r in rows)
        leaks = sum(len(r.leaks) for r in rows)
        leads = sum(r.summary == "lead" for r in rows)
        lead_cell = "n/a" if name == "readability-lxml" else f"{leads}/{n}"
        lines.append(
            f"| {name} | {n} | {sum(r.title for r in rows)}/{n} | {sum(r.date for r in rows)}/{n} "
            f"| {kept:,}/{total:,} | {sum(r.recall for r in rows) / n:.3f} "
            f"| {min(r.recall for r in rows):.3f} | {leaks} ({leaks / n:.2f}) "
            f"| {sum(r.failed is not None for r in rows)} | {lead_cell} "
            f"| {sum(r.ms for r in rows) / n:.0f} |"
        )
    return lines


def page_rows(scores: dict[str, list[Score]]) -> list[str]:
    names = list(scores)
    head = "| page | " + " | ".join(f"{n}: title, date, recall, leaks, summary" for n in names)
    lines = [head + " |", "| --- |" + " --- |" * len(names)]
    for index, first in enumerate(scores[names[0]]):
        cells = []
        for name in names:
            r = scores[name][index]
            if r.failed:
                cells.append(f"**failed** ({r.failed})")
                continue
            leaks = f"**{len(r.leaks)}**" if r.leaks else "0"
            cells.append(f"{mark(r.title)} {mark(r.date)} {r.recall:.3f} {leaks} {r.summary}")
        lines.append(f"| {first.page} | " + " | ".join(cells) + " |")
    return lines


def leak_list(scores: dict[str, list[Score]]) -> list[str]:
    lines = []
    for name, rows in scores.items():
        leaked = Counter(line for r in rows for line in r.leaks)
        if leaked:
            top = ", ".join(f"“{line[:50]}” ×{n}" for line, n in leaked.most_common(12))
            lines.append(f"- {name}: {top}")
    return lines


def misses(rows: list[Score], pages: list[Path]) -> list[str]:
    """What one extractor got wrong, page by page: title, date, failure, leaks, summary."""
    lines = []
    for r, page in zip(rows, pages, strict=True):
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        wrong = []
        if r.failed:
            wrong.append(f"failed ({r.failed})")
        if not r.title:
            wrong.append(f"title “{r.got_title}”, expected “{expected['title']}”")
        if not r.date:
            want = expected["published"] + (" (updated only)" if expected["updated_only"] else "")
            wrong.append(f"date {r.got_date}, expected {want}")
        if r.leaks:
            wrong.append("leaked " + ", ".join(f"“{line[:60]}”" for line in r.leaks))
        if r.summary != "lead":
            wrong.append(f"summary from {r.summary}")
        if r.recall < 1:
            wrong.append(f"recall {r.recall:.3f}")
        if wrong:
            lines.append(f"- {r.page}: " + "; ".join(wrong))
    return lines or ["- none"]


def _without(name: str, value: object) -> Callable[[], None]:
    """Replace one of news.extract's rules for an ablation; return the undo."""
    import news.extract

    original = getattr(news.extract, name)
    setattr(news.extract, name, value)
    return lambda: setattr(news.extract, name, original)


def _no_engine_date(extract: Callable) -> Callable:
    return lambda html, url: (lambda e: e and replace(e, published=None))(extract(html, url=url))


def ablations(pages: list[Path]) -> list[str]:
    """innocast with one of its own rules taken out at a time, on the given pages."""
    import news.extract as rules

    cases = [
        ("all of innocast's rules", None, None),
        ("no boxes known by Swedish headings (Kontakt, Hjälpte informationen dig? ...)",
         "remove_boxes", lambda soup: []),
        ("no putting back of blocks trafilatura drops", "merged", lambda kept, *_: kept),
        ("no caption elements dropped", "captions", lambda soup: frozenset()),
        ("no labelled dates (Publicerad, Senast ändrad, Sidan uppdaterades)",
         "labelled_dates", lambda text: (None, None)),
        ("no dateline or byline under the title", "_header_date", lambda *a: None),
        ("no date from trafilatura (htmldate)", "engine_text", _no_engine_date(rules.engine_text)),
        ("no site-name line dropped", "site_name", lambda title: ""),
        *[
            (f"no line rule {rule.__name__}", "HTML_LINE_RULES",
             tuple(r for r in rules.HTML_LINE_RULES if r is not rule))
            for rule in rules.HTML_LINE_RULES
        ],
    ]  # fmt: skip
    lines = [
        "| innocast | titles right | dates right | recall | leaked lines | failures "
        "| summary from the lead |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, name, value in cases:
        undo = _without(name, value) if name else None
        try:
            rows = [evaluate("innocast", page) for page in pages]
        finally:
            if undo:
                undo()
        n = len(rows)
        kept = sum(r.words_kept for r in rows) / sum(r.words_expected for r in rows)
        lines.append(
            f"| {label} | {sum(r.title for r in rows)}/{n} | {sum(r.date for r in rows)}/{n} "
            f"| {kept:.3f} | {sum(len(r.leaks) for r in rows)} "
            f"| {sum(bool(r.failed) for r in rows)} "
            f"| {sum(r.summary == 'lead' for r in rows)}/{n} |"
        )
    return lines


def targets(rows: list[Score]) -> list[str]:
    n = len(rows)
    kept = sum(r.words_kept for r in rows) / sum(r.words_expected for r in rows)
    leaks = sum(len(r.leaks) for r in rows) / n
    checks = [
        ("every title right", all(r.title for r in rows), f"{sum(r.title for r in rows)}/{n}"),
        (
            f"date right on >= {TARGET_DATES:.0%}",
            sum(r.date for r in rows) / n >= TARGET_DATES,
            f"{sum(r.date for r in rows) / n:.1%}",
        ),
        (f"body word recall >= {TARGET_RECALL}", kept >= TARGET_RECALL, f"{kept:.3f}"),
        (
            "at most one leaked furniture line per five pages",
            leaks <= TARGET_LEAKS_PER_PAGE,
            f"{leaks:.2f} per page",
        ),
        ("no page fails", not any(r.failed for r in rows), str(sum(bool(r.failed) for r in rows))),
        (
            "summary from the lead",
            all(r.summary == "lead" for r in rows),
            f"{sum(r.summary == 'lead' for r in rows)}/{n}",
        ),
    ]
    return [f"- {what}: **{'met' if ok else 'missed'}** ({figure})" for what, ok, figure in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "all"), default="all")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    halves = HALVES if args.half == "all" else (args.half,)
    lines = [
        "# News extraction report",
        "",
        f"`benchmarks/extraction_report.py` on the corpus `tests/news/corpus` (pages built from "
        f"the real markup of Sitevision, Optimizely, WordPress, Drupal and an agency design "
        f"system; see its README). The frozen half was committed in `{FROZEN_COMMIT[:12]}` "
        f"before the extractor was changed or measured on it; the second held-out set, "
        f"frozen-2, was committed in `{FROZEN2_COMMIT[:12]}` before any extractor ran on it. "
        f"CPython "
        f"{platform.python_version()} on {platform.machine()}.",
        "",
        "Recall counts the expected body's words found in the extracted body (case folded, as "
        "a multiset); a leaked line is a line of the page's furniture (menus, captions, "
        "related links, subscribe, feedback and contact boxes, signatures, date lines, "
        "footers) found in the body. innocast's date is right only if an update-only page is "
        "also marked as updated. readability-lxml finds no dates and no summary.",
    ]
    for half in halves:
        pages = sorted((CORPUS / half).glob("*.html"))
        for name in EXTRACTORS:  # warm-up: imports and caches are not timed
            evaluate(name, pages[0])
        scores = {name: [evaluate(name, page) for page in pages] for name in EXTRACTORS}
        title = "The second held-out set, frozen-2" if half == "frozen-2" else f"The {half} half"
        lines += ["", f"## {title} ({len(pages)} pages)", "", *summary_rows(scores)]
        if half == "frozen":
            lines += ["", "Targets (issue 15), innocast on the frozen half:", ""]
            lines += targets(scores["innocast"])
            lines += ["", FROZEN_HISTORY]
        elif half == "frozen-2":
            lines += ["", "Targets (issue 15), innocast on frozen-2:", ""]
            lines += targets(scores["innocast"])
            lines += ["", FROZEN2_NOTE]
            lines += ["", "What innocast got wrong on frozen-2, page by page:", ""]
            lines += misses(scores["innocast"], pages)
            lines += [
                "",
                "Each of innocast's own rules taken out in turn, on frozen-2 "
                "(measured, not used to change anything):",
                "",
            ]
            lines += ablations(pages)
        else:
            lines += ["", "Each of innocast's own rules taken out in turn (how they were chosen):"]
            lines += [""]
            lines += ablations(pages)
        lines += ["", "Leaked furniture lines, most frequent first:", "", *leak_list(scores)]
        lines += ["", f"### Per page ({half})", "", *page_rows(scores)]
    lines.append("")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
