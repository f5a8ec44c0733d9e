"""website/static/stem.js in headless Chromium gives the stems of snowballstemmer's Swedish stemmer.

The search index is stemmed in Python and the query in the browser; a word the two stem
differently cannot be found.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright
from snowballstemmer.swedish_stemmer import SwedishStemmer

from tests.website.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow
# The reference: snowballstemmer's own Python stemmer (never PyStemmer's C one).
python_stem = SwedishStemmer().stemWord

REPO = Path(__file__).resolve().parents[2]
STEM_JS = REPO / "website" / "static" / "stem.js"
SOURCES = (REPO / "demo", REPO / "themes" / "eval", REPO.parent / "shared" / "seeds")
ORIGIN = "http://stem.test/"
WORD = re.compile(r"[^\W_]+")

# The endings of the stemmer's main_suffix, consonant_pair and other_suffix, and the letters
# that keep an "-et".
MAIN_SUFFIXES = (
    "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste",
    "en", "anden", "aren", "heten", "ern", "ar", "er", "heter", "or", "s", "as", "arnas",
    "ernas", "ornas", "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at", "et",
    "andet", "het", "ast",
)  # fmt: skip
CONSONANT_PAIRS = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
OTHER_SUFFIXES = ("ig", "lig", "els", "fullt", "öst")
ET_KEEPERS = (
    "fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit",
    "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit",
)  # fmt: skip
ENDINGS = (
    *MAIN_SUFFIXES, *CONSONANT_PAIRS, *OTHER_SUFFIXES, "ets",
    *(keeper + "et" for keeper in ET_KEEPERS),
)  # fmt: skip
# Stems short and long, so each ending falls before, across and inside R1.
BASES = ("", "b", "a", "ba", "ab", "bab", "bo", "stad", "hus", "flick", "lärar", "myndig")
EDGE_CASES = (
    "", "a", "å", "ö", "är", "et", "s", "ets", "öst", "ab", "abc", "idé", "idéer",
    "1", "123", "2024", "mp3", "3d", "covid19", "1990talet", "x2s",
    "löst", "fullt", "innovationslabbet", "kompetensförsörjning", "arbetsgivarna",
    "myndigheternas",
    # Letters beyond the BMP, where Python counts code points and JavaScript UTF-16 units.
    "𝔞𝔟", "𝔞𝔟𝔠", "𝔞𝔟𝔠s", "ba𝔟et", "bba𝔟et", "𝔞b𝔞𝔟et", "𝔟a𝔟ets", "a𝔟ar", "a𝔟𝔠ar",
)  # fmt: skip


def corpus_words() -> set[str]:
    """Every distinct lower-cased word of the demo, evaluation and seed texts."""
    words: set[str] = set()
    for folder in SOURCES:
        for path in folder.rglob("*"):
            if path.suffix in {".txt", ".md", ".html"} and path.is_file():
                words.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
    return words


def word_list() -> list[str]:
    """The corpus, the edge cases, and each ending after each corpus stem and each base."""
    corpus = corpus_words()
    stems = {python_stem(word) for word in corpus} | set(BASES)
    forms = {stem + ending for stem in stems for ending in ENDINGS}
    return sorted(corpus | forms | set(EDGE_CASES))


def js_stems(words: list[str]) -> list[str]:
    """stem() of stem.js on each of `words`, in one call into the page.

    The words go in and out as one string, a word a line: Playwright passes a list of 200,000
    strings five times slower.
    """

    def serve(route: Route) -> None:
        if route.request.url == ORIGIN + "stem.js":
            route.fulfill(path=STEM_JS, content_type="text/javascript")
        else:
            route.fulfill(body="<!doctype html><title>stem</title>", content_type="text/html")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(ORIGIN + "**", serve)
            page.goto(ORIGIN)
            lines = page.evaluate(
                "async (lines) => { const { stem } = await import('./stem.js');"
                " return lines.split('\\n').map((word) => stem(word)).join('\\n'); }",
                "\n".join(words),
            )
        finally:
            browser.close()
    return lines.split("\n")


def test_stem_js_gives_the_stems_of_snowballstemmer() -> None:
    words = word_list()
    assert len(words) >= 10_000
    expected = [python_stem(word) for word in words]
    got = js_stems(words)
    assert len(got) == len(words)
    wrong = [(w, py, js) for w, py, js in zip(words, expected, got, strict=True) if py != js]
    report = "\n".join(f"{w!r}: Python {py!r}, stem.js {js!r}" for w, py, js in wrong[:20])
    assert not wrong, f"{len(wrong)} of {len(words)} words stem differently:\n{report}"
