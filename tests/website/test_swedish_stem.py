"""website/swedish_stem.py gives the stems of snowballstemmer's Swedish stemmer, word by word.

The words are those tests/website/test_stem_js.py gives stem.js (the site's texts, edge cases,
and every ending of the stemmer after stems short and long), over 200,000 of them. Importing
that module imports Playwright but starts no browser.
"""

from __future__ import annotations

import pytest
from snowballstemmer.swedish_stemmer import SwedishStemmer

from tests.website.test_stem_js import word_list
from website.swedish_stem import stem


@pytest.fixture(scope="module")
def words() -> list[str]:
    words = word_list()
    assert len(words) >= 10_000
    return words


def test_stem_gives_the_stems_of_snowballstemmer(words: list[str]) -> None:
    snowball = SwedishStemmer().stemWord
    wrong = [(w, expected, got) for w in words if (got := stem(w)) != (expected := snowball(w))]
    report = "\n".join(
        f"{w!r}: snowballstemmer {expected!r}, swedish_stem {got!r}"
        for w, expected, got in wrong[:20]
    )
    assert not wrong, f"{len(wrong)} of {len(words)} words stem differently:\n{report}"


def test_a_stem_is_a_prefix_of_its_word(words: list[str]) -> None:
    # The browser finds a query word's stem as a prefix of the indexed stems.
    wrong = [(w, s) for w in words if not w.startswith(s := stem(w))]
    report = "\n".join(f"{w!r}: {s!r}" for w, s in wrong[:20])
    assert not wrong, f"{len(wrong)} of {len(words)} stems are not their words' prefixes:\n{report}"
