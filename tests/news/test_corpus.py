"""Extraction on the corpus of real-CMS pages (tests/news/corpus/README.md).

Titles, dates, bodies and summaries are asserted on the tuning half only. The held-out sets
(frozen, frozen-2) are measured by benchmarks/extraction_report.py against the issue's targets;
here they only share what must hold on every page: the extractor does not fail on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from news import extract_html

CORPUS = Path(__file__).parent / "corpus"
TUNING = sorted((CORPUS / "tuning").glob("*.html"))
EVERY_PAGE = sorted(CORPUS.glob("*/*.html"))


def expectation(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_corpus_halves_have_their_pages() -> None:
    frozen = sorted((CORPUS / "frozen").glob("*.html"))
    assert len(TUNING) + len(frozen) >= 40
    assert all(p.with_suffix(".json").exists() for p in [*TUNING, *frozen])
    frozen2 = sorted((CORPUS / "frozen-2").glob("*.html"))
    assert len(frozen2) >= 20
    assert all(p.with_suffix(".json").exists() for p in frozen2)


@pytest.mark.parametrize("path", TUNING, ids=[p.stem for p in TUNING])
def test_extract_corpus_page_gives_title_dates_and_exactly_the_article(path: Path) -> None:
    expected = expectation(path)
    article = extract_html(path.read_bytes(), source=path.name)
    assert article.title == expected["title"]
    assert article.published.isoformat() == expected["published"]
    assert (article.updated.isoformat() if article.updated else None) == expected["updated"]
    assert article.updated_only == expected["updated_only"]
    # The body is the article's paragraphs in order: no menu, caption, signature, date line,
    # contact, feedback, subscribe or related-links box, and no footer.
    assert article.body.split("\n\n") == expected["body"]
    assert article.summary == expected["lead"]


@pytest.mark.parametrize("path", EVERY_PAGE, ids=[f"{p.parent.name}/{p.stem}" for p in EVERY_PAGE])
def test_extract_corpus_page_does_not_fail(path: Path) -> None:
    # No page of any set fails: each gives an article with a title and a body.
    article = extract_html(path.read_bytes(), source=path.name)
    assert article.title.strip()
    assert article.body.strip()
