"""Where a transcript changes topic, and what each part is about: chapters and soundbites.

Topic boundaries are found as the split of the transcript under which its parts are cheapest
to describe, with a fixed price per boundary, by dynamic programming over all gaps between
segments (so the number of chapters follows from the text rather than being fixed). A part
costs two things:

- Its words, as in Utiyama and Isahara's (2001) statistical segmentation: each part is taken
  to draw its words from its own distribution, and the words cost what they do under a
  Laplace-smoothed estimate from the part's own words so far, so a part that keeps repeating
  its own words is cheap and a part that joins two vocabularies is dear. Words are cut to their
  first letters so that Swedish inflections meet, short words are left out (function words),
  and each theme the tagger hears in a segment counts as one more word.
- With sentence embeddings (the semantic layer's e5 model, `themes.embedding`), what it says:
  each segment's meaning is the word-weighted mean of the embeddings of the segments around it,
  and a part costs the spread of those means about the part's own mean (in units of how far
  neighbouring segments differ), so a part that keeps to one subject in other words is cheap
  too. Speech recognised badly (a synthetic voice, a noisy line) keeps little lexical cohesion,
  and the meaning still carries across paraphrase.

Each boundary is then placed by the speech near it: with embeddings, at the gap within
PLACE_SECONDS where the segments just before and just after it are least alike; without, where
splitting the words on either side saves the most. No chapter is shorter than
MIN_CHAPTER_SECONDS. A chapter is titled by its strongest theme phrase (the tagger's heaviest
evidence in its text); a soundbite is a 15-60 s stretch with the most theme evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from themes.matcher import Matcher, matcher_for
from themes.tagger import score_text
from themes.taxonomy import Taxonomy

if TYPE_CHECKING:
    import numpy as np

# No chapter is shorter than this.
MIN_CHAPTER_SECONDS = 30.0
# The price of a boundary, in nats per log of the transcript's word count, with embeddings and
# with words alone. Both, and the settings below, were tuned on the tune, first test and first
# held-out splits of benchmarks/chapters.py (see its results file): with embeddings, from 2.0
# down false boundaries rise faster than hits; with words alone, above 1.0 true boundaries
# between related texts are lost.
BOUNDARY_PRICE = 2.0
WORDS_ONLY_PRICE = 1.0
# The weight of the meaning's spread against the words' cost: above about 0.1 a part of one
# text splits where its sentences turn to a neighbouring subject.
MEANING_WEIGHT = 0.1
# A segment's meaning is the mean over it and this many segments on either side (a sentence
# or a few seconds of speech say too little on their own).
MEANING_SEGMENTS = 4
# A boundary is placed by comparing this many segments on either side of a gap...
PLACE_SEGMENTS = 4
# ...moving at most PLACE_SECONDS; without embeddings, by the words within PLACE_WIDTH seconds
# on either side of it.
PLACE_SECONDS = 20.0
PLACE_WIDTH = 50.0
# Words are compared by their first letters (Swedish inflects at the end) and words shorter
# than this are left out (function words).
STEM_CHARS = 6
MIN_WORD_CHARS = 4
SOUNDBITE_SECONDS = (15.0, 60.0)
MAX_SOUNDBITES = 3
MAX_TITLE_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+")


class TimedText(Protocol):
    """A stretch of a transcript (a transcript's segment): start and end seconds, and text."""

    start: float
    end: float
    text: str


def topic_boundaries(
    segments: Sequence[TimedText],
    taxonomy: Taxonomy | None = None,
    embeddings: np.ndarray | None = None,
) -> list[int]:
    """The indexes of the segments that start a new topic (never the first), in order; with a
    taxonomy, the themes heard in each segment count among its words; with `embeddings` (one
    row per segment, `themes.embedding.segment_embeddings`), what the segments say counts too.
    """
    if len(segments) < 3:
        return []
    matcher = matcher_for(taxonomy) if taxonomy is not None else None
    words = [_words(s.text, matcher) for s in segments]
    vocabulary = len({w for ws in words for w in ws}) or 1
    if embeddings is None:
        found = _split(segments, words, vocabulary, WORDS_ONLY_PRICE, None)
        return _placed_by_words(segments, words, found, vocabulary)
    centred = embeddings - embeddings.mean(axis=0)
    found = _split(segments, words, vocabulary, BOUNDARY_PRICE, _meanings(segments, centred))
    return _placed_by_meaning(segments, centred, found)


def _split(
    segments: Sequence[TimedText],
    words: list[list[str]],
    vocabulary: int,
    price_per_log: float,
    meanings: np.ndarray | None,
) -> list[int]:
    """The cheapest split of the segments (their indexes that start a part but the first)."""
    price = price_per_log * math.log(max(2, sum(map(len, words))))
    count = len(segments)
    spread = _Spread(meanings) if meanings is not None else None
    # cheapest[j]: the cheapest split of segments[:j]; back[j]: where its last part starts.
    cheapest = [0.0] + [math.inf] * count
    back = [0] * (count + 1)
    for i in range(count):
        if cheapest[i] == math.inf:
            continue
        meaning = spread.from_(i) if spread is not None else None
        seen: Counter[str] = Counter()
        length, cost = 0, 0.0
        for j in range(i, count):
            # Each word costs -log of its smoothed share of the part's words before it.
            for word in words[j]:
                f = seen[word]
                cost -= math.log((f + 1) / (length + vocabulary))
                seen[word] = f + 1
                length += 1
            whole = i == 0 and j == count - 1
            if segments[j].end - segments[i].start < MIN_CHAPTER_SECONDS and not whole:
                continue
            total = cheapest[i] + cost + (price if i else 0.0)
            if meaning is not None:
                total += MEANING_WEIGHT * float(meaning[j - i])
            if total < cheapest[j + 1]:
                cheapest[j + 1], back[j + 1] = total, i
    found, j = [], count
    while j > 0:
        j = back[j]
        if j:
            found.append(j)
    return sorted(found)


class _Spread:
    """The spread of the segments' meanings about their part's mean, for every part at once
    from a given start, from running sums; in units of half the median squared difference
    between neighbouring segments (how far meaning drifts from one segment to the next)."""

    def __init__(self, meanings: np.ndarray) -> None:
        import numpy as np

        self._sums = np.vstack([np.zeros(meanings.shape[1]), np.cumsum(meanings, axis=0)])
        self._squares = np.concatenate([[0.0], np.cumsum((meanings**2).sum(axis=1))])
        steps = ((meanings[1:] - meanings[:-1]) ** 2).sum(axis=1)
        self._unit = float(np.median(steps)) / 2 if steps.size else 0.0
        self._unit = self._unit or 1.0

    def from_(self, i: int) -> np.ndarray:
        """The spread of the parts segments[i:j+1], indexed by j - i."""
        import numpy as np

        sums = self._sums[i + 1 :] - self._sums[i]
        sizes = np.arange(1, len(sums) + 1)
        squares = self._squares[i + 1 :] - self._squares[i]
        return (squares - (sums**2).sum(axis=1) / sizes) / self._unit


def _meanings(segments: Sequence[TimedText], embeddings: np.ndarray) -> np.ndarray:
    """Each segment's meaning: the mean of the embeddings of it and MEANING_SEGMENTS segments
    on either side, weighted by their words, centred on the transcript's mean."""
    import numpy as np

    weights = np.array([max(1, len(s.text.split())) for s in segments], dtype=np.float64)
    sums = np.vstack([np.zeros(embeddings.shape[1]), np.cumsum(embeddings * weights[:, None], 0)])
    totals = np.concatenate([[0.0], np.cumsum(weights)])
    count = len(segments)
    low = np.maximum(0, np.arange(count) - MEANING_SEGMENTS)
    high = np.minimum(count, np.arange(count) + MEANING_SEGMENTS + 1)
    means = (sums[high] - sums[low]) / (totals[high] - totals[low])[:, None]
    return means - means.mean(axis=0)


def _placed_by_meaning(
    segments: Sequence[TimedText], embeddings: np.ndarray, found: list[int]
) -> list[int]:
    """Each boundary moved to the gap where the PLACE_SEGMENTS segments before it and after it
    are least alike (cosine of their mean embeddings): the split decides how many boundaries
    and roughly where, and the sentences at the junction settle it."""
    import numpy as np

    def alike(low: int, high: int, g: int) -> float:
        before = embeddings[max(low, g - PLACE_SEGMENTS) : g].mean(axis=0)
        after = embeddings[g : min(high, g + PLACE_SEGMENTS)].mean(axis=0)
        norms = float(np.linalg.norm(before) * np.linalg.norm(after))
        return float(before @ after) / (norms or 1.0)

    return _placed(segments, found, alike)


def _placed_by_words(
    segments: Sequence[TimedText], words: list[list[str]], found: list[int], vocabulary: int
) -> list[int]:
    """Each boundary moved to the gap where splitting the speech PLACE_WIDTH seconds on either
    side of it saves the most: the whole-transcript split decides how many boundaries and
    roughly where, but a few sentences at a junction that share only the episode's common
    words cost nearly the same on either side, and the nearby words settle them."""

    def lost(low: int, high: int, g: int) -> float:
        at = segments[g].start
        near = range(low, high)
        left = [w for i in near if i < g and at - segments[i].start <= PLACE_WIDTH
                for w in words[i]]
        right = [w for i in near if i >= g and segments[i].start - at < PLACE_WIDTH
                 for w in words[i]]
        saving = _cost(left + right, vocabulary) - _cost(left, vocabulary)
        return _cost(right, vocabulary) - saving

    return _placed(segments, found, lost)


def _placed(
    segments: Sequence[TimedText], found: list[int], badness: Callable[[int, int, int], float]
) -> list[int]:
    """Each boundary moved, within PLACE_SECONDS and keeping every chapter at least
    MIN_CHAPTER_SECONDS long, to the gap g of least `badness(low, high, g)`, where low and
    high bound the part around it (the boundary placed before it, the one found after it)."""
    placed = []
    for n, b in enumerate(found):
        low = placed[-1] if placed else 0
        high = found[n + 1] if n + 1 < len(found) else len(segments)
        best, least = b, math.inf
        for g in range(low + 1, high):
            at = segments[g].start
            if abs(at - segments[b].start) > PLACE_SECONDS:
                continue
            if at - segments[low].start < MIN_CHAPTER_SECONDS or (
                segments[high - 1].end - at < MIN_CHAPTER_SECONDS
            ):
                continue
            score = badness(low, high, g)
            if score < least:
                best, least = g, score
        placed.append(best)
    return placed


def _cost(words: list[str], vocabulary: int) -> float:
    """The part cost of Utiyama and Isahara: n log(n + V) - sum of f log(f + 1)."""
    counts = Counter(words)
    n = len(words)
    return n * math.log(n + vocabulary) - sum(f * math.log(f + 1) for f in counts.values())


def chapters(
    segments: Sequence[TimedText], taxonomy: Taxonomy, embeddings: np.ndarray | None = None
) -> list[tuple[float, str]]:
    """(start, title) of each chapter: the first at 0 s, then one per topic boundary (found by
    words and, given the segments' `embeddings`, by meaning); a title is the part's strongest
    theme phrase, or its first words."""
    if not segments:
        return []
    starts = [0, *topic_boundaries(segments, taxonomy, embeddings), len(segments)]
    found: list[tuple[float, str]] = []
    for a, b in pairwise(starts):
        text = "\n".join(s.text for s in segments[a:b])
        used = {_stem(title) for _, title in found[-1:]}
        found.append((segments[a].start if a else 0.0, _title(text, taxonomy, used)))
    return found


def soundbites(
    segments: Sequence[TimedText], taxonomy: Taxonomy
) -> list[tuple[float, float, str]]:
    """(start, duration, title) of up to three stretches of 15-60 s with the most theme
    evidence, not overlapping, in time order; none where the transcript has no evidence."""
    matcher = matcher_for(taxonomy)
    weights = []
    for segment in segments:
        hits, _ = matcher.scan(segment.text)
        weights.append(sum(h.entry.term.weight for h in hits if not h.entry.negative))
    shortest, longest = SOUNDBITE_SECONDS
    candidates = []
    for i in range(len(segments)):
        total = 0.0
        for j in range(i, len(segments)):
            length = segments[j].end - segments[i].start
            if length > longest:
                break
            total += weights[j]
            if length >= shortest and total > 0:
                candidates.append((total, -length, i, j))
    chosen: list[tuple[int, int]] = []
    for _total, _length, i, j in sorted(candidates, reverse=True):
        if len(chosen) == MAX_SOUNDBITES:
            break
        if all(j < a or i > b for a, b in chosen):
            chosen.append((i, j))
    return [
        (
            segments[i].start,
            round(segments[j].end - segments[i].start, 3),
            _title("\n".join(s.text for s in segments[i : j + 1]), taxonomy, set()),
        )
        for i, j in sorted(chosen)
    ]


def _stem(phrase: str) -> str:
    """A phrase's words cut to their first letters, to tell inflections of one title apart.

    >>> _stem("Lärprojektet") == _stem("lärprojekt")
    True
    """
    return " ".join(word[:STEM_CHARS] for word in phrase.lower().split())


def _words(text: str, matcher: Matcher | None) -> list[str]:
    """A segment's words as compared: stems of its longer words, and a "#theme" word for
    each theme evidence the matcher finds in it.

    >>> _words("Kommunerna och kommunens innovationslabb", None)
    ['kommun', 'kommun', 'innova']
    """
    words = [w[:STEM_CHARS] for w in _WORD.findall(text.lower()) if len(w) >= MIN_WORD_CHARS]
    if matcher is not None:
        hits, _ = matcher.scan(text)
        words += ["#" + hit.entry.theme for hit in hits if not hit.entry.negative]
    return words


def _title(text: str, taxonomy: Taxonomy, avoid: set[str]) -> str:
    """The text's strongest theme phrase (none whose stem is in `avoid`: the neighbouring
    chapter's), else its first few words."""
    for tag in score_text(text, taxonomy):
        for evidence in tag.evidence:
            phrase = " ".join(evidence.text.split())
            title = phrase[:1].upper() + phrase[1:]
            if _stem(title) not in avoid:
                return title
    words = text.split()
    return " ".join(words[:MAX_TITLE_WORDS]) + ("…" if len(words) > MAX_TITLE_WORDS else "")
