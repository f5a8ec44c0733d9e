"""Swedish compound words split into their parts, so a search for a part finds the whole.

The search matches a query word's stem as a prefix of indexed stems, so "innovation" already
finds "innovationslabb", but "labb" does not. Each page therefore carries, beside the words of a
segment or paragraph, the parts of its compound words (in a `data-parts` attribute that the
index counts with the segment's words, `search_bundle.py`). Words are split the way Koehn and
Knight proposed: among the ways to cut a word into known words (optionally joined by the linking
letters "s" or "e"), take the one whose parts are most frequent on average, and only if they are
more frequent than the whole word. Word frequencies come from `wordfreq`'s Swedish list, so the
result is the same on every machine and for every page, which keeps re-publishing incremental.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

MIN_WORD = 8
MIN_PART = 4
MIN_PART_ZIPF = 3.0
MAX_PARTS = 3
LINKS = ("", "s", "e")
# Inflection endings that are also words of their own (names, mostly) are never a part.
ENDINGS = frozenset({"erna", "arna", "orna", "ande", "ende", "ning", "heten", "else"})
LONG_WORD = re.compile(rf"\w{{{MIN_WORD},}}")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    # Imported here: wordfreq and what it brings (ftfy, langcodes, regex) take a quarter of a
    # second to import, which a publish with nothing to render should not pay.
    from wordfreq import get_frequency_dict

    # One dictionary lookup per word: wordfreq's own lookup tokenises each word, 40x slower.
    return get_frequency_dict("sv", wordlist="best")


def _zipf(word: str) -> float:
    """Zipf frequency of `word` in Swedish (log10 of its count per billion words), 0 if unseen.

    >>> _zipf("innovation")
    3.9
    """
    frequency = _frequencies().get(word, 0.0)
    return round(math.log10(frequency * 1e9), 2) if frequency else 0.0


def _known(part: str) -> float:
    """Zipf frequency of `part` as a word, 0 when it is too short or too rare to be a part."""
    if len(part) < MIN_PART or part in ENDINGS:
        return 0.0
    zipf = _zipf(part)
    return zipf if zipf >= MIN_PART_ZIPF else 0.0


@lru_cache(maxsize=200_000)
def _best_split(word: str, parts_left: int) -> tuple[tuple[str, ...], float]:
    """The best cut of `word` into at most `parts_left` known parts and its mean Zipf score."""
    best: tuple[tuple[str, ...], float] = ((word,), _known(word))
    if parts_left < 2:
        return best
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        for link in LINKS:
            head = word[:cut]
            if link and not head.endswith(link):
                continue
            head_zipf = _known(head[: len(head) - len(link)])
            if not head_zipf:
                continue
            tail_parts, tail_zipf = _best_split(word[cut:], parts_left - 1)
            if not tail_zipf:
                continue
            score = (head_zipf + tail_zipf * len(tail_parts)) / (1 + len(tail_parts))
            if score > best[1] or len(best[0]) == 1:
                best = ((head[: len(head) - len(link)], *tail_parts), score)
    return best


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Swedish compound word, or () when it is not one.

    >>> split_compound("innovationslabb")
    ('innovation', 'labb')
    >>> split_compound("kompetensutveckling")
    ('kompetens', 'utveckling')
    >>> split_compound("tjänstedesign")
    ('tjänst', 'design')
    >>> split_compound("kommunen")
    ()
    """
    word = word.lower()
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    parts, score = _best_split(word, MAX_PARTS)
    if len(parts) < 2 or score <= _zipf(word):
        return ()
    return parts


def compound_parts(text: str) -> str:
    """The parts of every compound word in `text`, space-separated and without repeats.

    >>> compound_parts("Vi öppnade ett innovationslabb och ett nytt innovationslabb.")
    'innovation labb'
    >>> compound_parts("Inga sammansättningar här.")
    ''
    """
    seen: dict[str, None] = {}
    # Most words are too short to be compounds: the pattern skips them without a call each.
    for word in LONG_WORD.findall(text):
        for part in split_compound(word):
            seen.setdefault(part, None)
    return " ".join(seen)


__all__ = ["compound_parts", "split_compound"]
