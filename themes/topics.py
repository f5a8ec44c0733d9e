"""Where a transcript changes topic, and what each part is about: chapters and soundbites.

Topic boundaries follow TextTiling (Hearst 1997): at every pause between two segments, the
words of the stretch before it are compared with the words of the stretch after it (cosine of
word counts weighted by rarity in the transcript, words cut to their first letters so that
Swedish inflections meet, short words left out), and the curve is smoothed. Where it dips
deeply below the highest points within a window on both sides, the topic shifted. A chapter
is titled by its strongest theme phrase (the tagger's heaviest evidence in its text); a
soundbite is a 15-60 s stretch with the most theme evidence.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from themes.matcher import matcher_for
from themes.tagger import score_text
from themes.taxonomy import Taxonomy

# Seconds of speech on each side of a candidate boundary that are compared: a sixth of the
# transcript, within these bounds (a short episode has short parts).
WINDOW_SECONDS = (20.0, 90.0)
# The similarity curve is averaged over this many gaps on each side.
SMOOTHING = 2
# No chapter is shorter than this.
MIN_CHAPTER_SECONDS = 30.0
# A dip counts as a boundary when its depth is this many standard deviations above the mean.
DEPTH_SIGMAS = 1.0
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


def topic_boundaries(segments: Sequence[TimedText]) -> list[int]:
    """The indexes of the segments that start a new topic (never the first), in order."""
    if len(segments) < 3:
        return []
    bags = _weighted([_bag(s.text) for s in segments])
    gaps = list(range(1, len(segments)))
    low, high = WINDOW_SECONDS
    width = min(max((segments[-1].end - segments[0].start) / 6, low), high)
    similarity = _smoothed([
        _similarity(_window(segments, bags, g, -width), _window(segments, bags, g, width))
        for g in gaps
    ])
    # Near either end one window is short and the similarity falls for no reason of topic:
    # only gaps a window (at least a chapter's length) from both ends count, for the
    # statistics too.
    first, last = segments[0].start, segments[-1].end
    apart = max(MIN_CHAPTER_SECONDS, width)
    eligible = [
        n for n, g in enumerate(gaps)
        if segments[g].start - first >= apart and last - segments[g].start >= apart
    ]
    times = [segments[g].start for g in gaps]
    depths = {n: _depth(similarity, times, n, width) for n in eligible}
    if len(depths) < 2:
        return []
    cutoff = statistics.mean(depths.values()) + DEPTH_SIGMAS * statistics.pstdev(depths.values())
    chosen: list[int] = []
    # Deepest first; a boundary within a window of a chosen one is the same valley of
    # similarity, or too short a chapter, and is dropped.
    for n in sorted(depths, key=lambda n: -depths[n]):
        if depths[n] <= cutoff or depths[n] <= 0:
            break
        at = segments[gaps[n]].start
        if all(abs(at - segments[c].start) >= apart for c in chosen):
            chosen.append(gaps[n])
    return sorted(chosen)


def chapters(segments: Sequence[TimedText], taxonomy: Taxonomy) -> list[tuple[float, str]]:
    """(start, title) of each chapter: the first at 0 s, then one per topic boundary; a title
    is the part's strongest theme phrase, or its first words."""
    if not segments:
        return []
    starts = [0, *topic_boundaries(segments), len(segments)]
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


def _bag(text: str) -> Counter[str]:
    """Word stems of a text, for comparing stretches.

    >>> sorted(_bag("Kommunerna och kommunens innovationslabb").items())
    [('innova', 1), ('kommun', 2)]
    """
    return Counter(
        word[:STEM_CHARS] for word in _WORD.findall(text.lower()) if len(word) >= MIN_WORD_CHARS
    )


def _weighted(bags: list[Counter[str]]) -> list[Counter[str]]:
    """Word counts weighted by how rare the word is among the segments (tf-idf), so that the
    words a whole episode shares ("innovation" in an innovation podcast) do not hide a shift."""
    seen = Counter(word for bag in bags for word in bag)
    total = len(bags)
    return [
        Counter({word: count * math.log(total / seen[word]) for word, count in bag.items()})
        for bag in bags
    ]


def _smoothed(values: list[float]) -> list[float]:
    """A moving average over SMOOTHING neighbours on each side, as TextTiling smooths.

    >>> _smoothed([0.0, 5.0, 0.0, 0.0, 0.0])
    [1.6666666666666667, 1.25, 1.0, 1.25, 0.0]
    """
    out = []
    for n in range(len(values)):
        near = values[max(0, n - SMOOTHING) : n + SMOOTHING + 1]
        out.append(sum(near) / len(near))
    return out


def _window(
    segments: Sequence[TimedText], bags: list[Counter[str]], gap: int, reach: float
) -> Counter[str]:
    """The words of the segments within `reach` seconds after a gap (before it if negative)."""
    bag: Counter[str] = Counter()
    edge = segments[gap].start
    indexes = range(gap - 1, -1, -1) if reach < 0 else range(gap, len(segments))
    for i in indexes:
        far = edge - segments[i].end if reach < 0 else segments[i].start - edge
        if far > abs(reach):
            break
        bag += bags[i]
    return bag


def _similarity(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two word counts (0 when either is empty).

    >>> round(_similarity(Counter("aab"), Counter("ab")), 3)
    0.949
    """
    dot = sum(count * b[word] for word, count in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _depth(similarity: list[float], times: list[float], n: int, reach: float) -> float:
    """How deep the similarity dips at gap n: the rise to the highest point within `reach`
    seconds on its lower side, twice. Both sides must rise for a valley; the lower side
    keeps a long slope on one side only (a text that grows ever more alike) from counting.

    >>> _depth([0.8, 0.2, 0.6], [0, 10, 20], 1, 15)
    0.8
    >>> _depth([0.1, 0.2, 0.3, 0.6], [0, 10, 20, 30], 1, 15)
    0.0
    """
    left = max(s for s, t in zip(similarity[: n + 1], times, strict=False)
               if times[n] - t <= reach)
    right = max(s for s, t in zip(similarity[n:], times[n:], strict=False)
                if t - times[n] <= reach)
    return round(2 * (min(left, right) - similarity[n]), 6)


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
