"""Benchmark: news extraction quality on the fixtures, against their golden files.

For every fixture in tests/news/fixtures (HTML pages and plain texts with a `.json` beside them):
title right or wrong, publication date right or wrong, and body token-F1 (word tokens, case
folded, counted as a multiset) against the expected text. Baselines measured in the same run
when installed (they are not project dependencies): trafilatura (title, date, text) and
readability-lxml (title, text; it finds no dates), on the HTML fixtures. Also times extraction
of a generated 40 MB page.

Usage: .venv/bin/python benchmarks/extraction_report.py
Writes benchmarks/results/extraction.md.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "news" / "fixtures"
RESULTS = ROOT / "benchmarks" / "results" / "extraction.md"
TARGET_F1 = 0.95

Extracted = tuple[str, str | None, str]  # title, ISO date or None, body

# The seed fixtures were written alongside the extractor, so its perfect scores on them are a
# home advantage. Two fixtures were written afterwards and measured once before any change.
HELD_OUT = (
    "**Held-out check.** The seed fixtures and their golden files were written together with "
    "the extractor, so its scores on them flatter it. Two fixtures of other site builds were "
    "then written and measured once before any tuning: "
    "`kommun-sitevision-bottom-date.html` (an article spread over sibling Sitevision portlets, "
    "dates at the foot) and `wordpress-blogginlagg.html` (categories, a byline list, author "
    "bio, comments). First measurement: innocast F1 0.812 with the date wrong, and 0.956; "
    "trafilatura 0.942 and 1.000 with both dates right. The extractor was then fixed (widening "
    "over sibling blocks, bylines and foot dates, more furniture words); the table above is "
    "after the fix, so both are now seen fixtures too. More real pages would be the honest "
    "next test."
)


def token_f1(predicted: str, expected: str) -> float:
    """Token-F1 of two texts (word tokens, case folded, as multisets)."""
    got = Counter(re.findall(r"\w+", predicted.casefold()))
    want = Counter(re.findall(r"\w+", expected.casefold()))
    overlap = sum((got & want).values())
    if not got or not want or not overlap:
        return 1.0 if got == want else 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def innocast(path: Path) -> Extracted:
    from news import extract_html, extract_text

    if path.suffix == ".txt":
        article = extract_text(path.read_text(encoding="utf-8"), source=str(path))
    else:
        article = extract_html(path.read_bytes(), source=str(path))
    published = article.published.isoformat() if article.published else None
    return article.title, published, article.body


def trafilatura_baseline(path: Path) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(
        path.read_bytes(), with_metadata=True, include_comments=False
    )
    found = document.as_dict() if document is not None else {}
    return found.get("title") or "", found.get("date"), found.get("text") or ""


def readability_baseline(path: Path) -> Extracted:
    from bs4 import BeautifulSoup
    from readability import Document

    from text.decoding import decode_html

    document = Document(decode_html(path.read_bytes()))
    text = BeautifulSoup(document.summary(), "lxml").get_text("\n")
    return document.short_title(), None, text


def extractors() -> dict[str, Callable[[Path], Extracted]]:
    found: dict[str, Callable[[Path], Extracted]] = {"innocast": innocast}
    if importlib.util.find_spec("trafilatura"):
        found["trafilatura"] = trafilatura_baseline
    if importlib.util.find_spec("readability"):
        found["readability-lxml"] = readability_baseline
    return found


def evaluate(name: str, extract: Callable[[Path], Extracted], path: Path) -> dict:
    expected = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    try:
        title, published, body = extract(path)
    except Exception as exc:  # a baseline failing on a fixture is a result, not a crash
        title, published, body = "", None, f"({type(exc).__name__})"
    return {
        "extractor": name,
        "fixture": path.name,
        "title": " ".join(title.split()) == expected["title"],
        "date": published == expected["published"],
        "f1": token_f1(body, expected["body"]),
        "ms": (time.perf_counter() - started) * 1000,
    }


def large_page_seconds() -> tuple[float, int, int]:
    from news import extract_html

    paragraph = "<p>" + "Innovation i offentlig sektor handlar om nya lösningar. " * 20 + "</p>\n"
    page = ("<html><head><title>Stor sida</title></head><body><main><h1>Stor sida</h1>"
            + paragraph * 35_000 + "</main></body></html>").encode()  # fmt: skip
    started = time.perf_counter()
    article = extract_html(page, source="large.html")
    return time.perf_counter() - started, len(page), len(article.body)


def mark(ok: bool) -> str:
    return "right" if ok else "**wrong**"


def main() -> None:
    cases = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".txt"))
    rows = []
    for name, extract in extractors().items():
        extract(FIXTURES / "malformed.html")  # warm-up: imports and caches are not timed
        for path in cases:
            if name != "innocast" and path.suffix != ".html":
                continue
            rows.append(evaluate(name, extract, path))
    large_s, large_bytes, large_body = large_page_seconds()

    ours = [r for r in rows if r["extractor"] == "innocast"]
    lines = [
        "# News extraction report",
        "",
        f"`benchmarks/extraction_report.py` on the {len(cases)} fixtures of `tests/news/fixtures` "
        "(HTML pages as sites serve them, and the seed texts), against their golden `.json`. "
        f"CPython {platform.python_version()} on {platform.machine()}.",
        "",
        "## innocast (news.extract_html / news.extract_text)",
        "",
        "| fixture | title | date | body token-F1 | time (ms) |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for r in ours:
        lines.append(
            f"| {r['fixture']} | {mark(r['title'])} | {mark(r['date'])} | {r['f1']:.3f} "
            f"| {r['ms']:.0f} |"
        )
    lines += ["", "## Summary (HTML fixtures only, where the baselines apply)", ""]
    lines += ["| extractor | titles right | dates right | mean body F1 | min body F1 |"]
    lines += ["| --- | ---: | ---: | ---: | ---: |"]
    summaries = {}
    for name in extractors():
        html_rows = [r for r in rows if r["extractor"] == name and r["fixture"].endswith(".html")]
        f1s = [r["f1"] for r in html_rows]
        summaries[name] = sum(f1s) / len(f1s)
        lines.append(
            f"| {name} | {sum(r['title'] for r in html_rows)}/{len(html_rows)} "
            f"| {sum(r['date'] for r in html_rows)}/{len(html_rows)} "
            f"| {summaries[name]:.3f} | {min(f1s):.3f} |"
        )
    met = all(r["title"] and r["date"] and r["f1"] >= TARGET_F1 for r in ours)
    lines += [
        "",
        f"- Target (every title and date right, body F1 >= {TARGET_F1}, all "
        f"{len(ours)} fixtures): **{'met' if met else 'not met'}**; innocast's lowest body F1 "
        f"is {min(r['f1'] for r in ours):.3f}.",
    ]
    for name, mean in summaries.items():
        if name != "innocast":
            lines.append(
                f"- {name}: mean body F1 {mean:.3f} vs innocast {summaries['innocast']:.3f} "
                f"({summaries['innocast'] - mean:+.3f} for innocast): not adopted."
            )
    lines += [
        f"- A generated page of {large_bytes / 1e6:.0f} MB: extracted in {large_s:.2f} s "
        f"(input cut at 3 MB before parsing, body {large_body:,} characters, capped at 100,000).",
        "",
        HELD_OUT,
        "",
    ]
    if len(summaries) > 1:
        lines += ["## Baselines per fixture", "", "| extractor | fixture | title | date | F1 |"]
        lines += ["| --- | --- | --- | --- | ---: |"]
        for r in rows:
            if r["extractor"] != "innocast":
                lines.append(
                    f"| {r['extractor']} | {r['fixture']} | {mark(r['title'])} "
                    f"| {mark(r['date'])} | {r['f1']:.3f} |"
                )
        lines.append("")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
