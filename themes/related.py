"""Which items are related: episodes and news alike, by the themes they share and their words.

Two items are as related as the mean of (a) the Jaccard overlap of their themes and (b) the
cosine of their texts' word stems, each word weighted by how rare it is in Swedish (wordfreq's
list), so that common words count for little. The weights come from outside the site, so the
score of two items depends on those two alone: a new item changes the related lists only of
the items it enters. An item is related to another only when they share a theme or their
texts are at least somewhat alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_RELATED = 5
# An item's text is compared by this many of its heaviest words: enough for what it is about,
# few enough that a large site compares quickly.
KEPT_WORDS = 60
# Below this text similarity, and with no shared theme, two items are not related.
MIN_TEXT_SIMILARITY = 0.08
# Words are compared by their first letters (Swedish inflects at the end); short words, mostly
# function words, are left out.
STEM_CHARS = 6
MIN_WORD_CHARS = 4
# A word's weight: how much rarer than the commonest words it is, on wordfreq's Zipf scale
# (about 7.5 for "och", 0 for a word it has never seen).
ZIPF_CEILING = 7.5
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Relatable:
    """An item as relatedness sees it: its key, its themes and its text."""

    key: str
    themes: frozenset[str]
    text: str


def related_items(items: Sequence[Relatable], limit: int = MAX_RELATED) -> dict[str, list[str]]:
    """For each item's key, the keys of up to `limit` related items, most related first.

    >>> items = [Relatable("a", frozenset({"labb"}), "innovationslabb i kommunen"),
    ...          Relatable("b", frozenset({"labb"}), "kommunens labb prövar tjänster"),
    ...          Relatable("c", frozenset({"skog"}), "granar och tallar")]
    >>> related_items(items)
    {'a': ['b'], 'b': ['a'], 'c': []}
    """
    vectors = [_unit(_weighted(item.text)) for item in items]
    # Similarities through an index of words and themes, so that a large site compares only
    # the items that share something.
    words: dict[str, list[tuple[int, float]]] = {}
    themes: dict[str, list[int]] = {}
    for i, (item, vector) in enumerate(zip(items, vectors, strict=True)):
        for word, weight in vector.items():
            words.setdefault(word, []).append((i, weight))
        for theme in item.themes:
            themes.setdefault(theme, []).append(i)
    result: dict[str, list[str]] = {}
    for i, item in enumerate(items):
        dots: dict[int, float] = {}
        for word, weight in vectors[i].items():
            for j, other in words[word]:
                dots[j] = dots.get(j, 0.0) + weight * other
        sharing = {j for theme in item.themes for j in themes[theme]}
        scored = []
        for j in sharing | dots.keys():
            if j == i:
                continue
            other = items[j]
            text = dots.get(j, 0.0)
            if j not in sharing and text < MIN_TEXT_SIMILARITY:
                continue
            union = item.themes | other.themes
            overlap = len(item.themes & other.themes) / len(union) if union else 0.0
            scored.append(((overlap + text) / 2, other.key))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        result[item.key] = [key for _, key in scored[:limit]]
    return result


def _weighted(text: str) -> dict[str, float]:
    """Word stems of a text, each counted with its word's rarity."""
    weights: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        if len(word) >= MIN_WORD_CHARS:
            weights[word[:STEM_CHARS]] += _rarity(word)
    return dict(weights)


@lru_cache(maxsize=65_536)
def _rarity(word: str) -> float:
    # Imported here: wordfreq takes a quarter of a second to import, which a run that relates
    # nothing (nothing changed) should not pay; after the first word it is a name lookup.
    from wordfreq import zipf_frequency

    return max(0.0, ZIPF_CEILING - zipf_frequency(word, "sv"))


def _unit(weights: dict[str, float]) -> dict[str, float]:
    """The heaviest KEPT_WORDS words, scaled to length one (so a dot product is a cosine)."""
    kept = sorted(weights, key=lambda word: (-weights[word], word))[:KEPT_WORDS]
    norm = math.sqrt(sum(weights[word] ** 2 for word in kept))
    return {word: weights[word] / norm for word in kept} if norm else {}
