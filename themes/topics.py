"""Where a transcript changes topic, and what each part is about: chapters and soundbites.

Topic boundaries are found by Utiyama and Isahara's (2001) statistical segmentation, free of
embeddings: each part of a transcript is taken to draw its words from its own word
distribution, and the split chosen is the one under which the words are most probable, with
a fixed price per boundary. A part's cost is that of its words under a Laplace-smoothed
estimate from its own counts, so a part that keeps repeating its own words is cheap and a
part that joins two vocabularies is dear. Dynamic programming finds the cheapest split over
all gaps between segments, so the number of chapters follows from the text rather than being
fixed; each boundary is then placed by the words near it. Words are cut to their first
letters so that Swedish inflections meet, short words are left out (function words), and
each theme the tagger hears in a segment counts as one more word, so a change of theme
evidence is a cue too. No chapter is shorter than MIN_CHAPTER_SECONDS. A chapter is titled
by its strongest theme phrase (the tagger's heaviest evidence in its text); a soundbite is a
15-60 s stretch with the most theme evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from themes.matcher import Matcher, matcher_for
from themes.tagger import score_text
from themes.taxonomy import Taxonomy

# No chapter is shorter than this.
MIN_CHAPTER_SECONDS = 30.0
# The price of a boundary, in nats per log of the transcript's word count (the model's own
# price is 1 x log n). Tuned on the tune split of benchmarks/chapters.py: at 1 a short news
# item splits at every paragraph; from 3 to 3.5 recall stays while false boundaries fall;
# at 4 true boundaries between related texts are lost.
BOUNDARY_PRICE = 3.5
# A boundary is then placed by the words within PLACE_WIDTH seconds on either side of it,
# moving at most PLACE_SECONDS (both tuned on the tune split, as the price was).
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
    segments: Sequence[TimedText], taxonomy: Taxonomy | None = None
) -> list[int]:
    """The indexes of the segments that start a new topic (never the first), in order; with a
    taxonomy, the themes heard in each segment count among its words."""
    if len(segments) < 3:
        return []
    matcher = matcher_for(taxonomy) if taxonomy is not None else None
    words = [_words(s.text, matcher) for s in segments]
    vocabulary = len({w for ws in words for w in ws}) or 1
    price = BOUNDARY_PRICE * math.log(max(2, sum(map(len, words))))
    count = len(segments)
    # cheapest[j]: the cheapest split of segments[:j]; back[j]: where its last part starts.
    cheapest = [0.0] + [math.inf] * count
    back = [0] * (count + 1)
    for i in range(count):
        if cheapest[i] == math.inf:
            continue
        seen: Counter[str] = Counter()
        # The part's cost is n log(n + V) - sum over its words of f log(f + 1), kept as its
        # two terms while the part grows a segment at a time.
        length, spread = 0, 0.0
        for j in range(i, count):
            for word in words[j]:
                f = seen[word]
                spread += (f + 1) * math.log(f + 2) - f * math.log(f + 1)
                seen[word] = f + 1
            length += len(words[j])
            whole = i == 0 and j == count - 1
            if segments[j].end - segments[i].start < MIN_CHAPTER_SECONDS and not whole:
                continue
            total = cheapest[i] + length * math.log(length + vocabulary) - spread
            total += price if i else 0.0
            if total < cheapest[j + 1]:
                cheapest[j + 1], back[j + 1] = total, i
    found, j = [], count
    while j > 0:
        j = back[j]
        if j:
            found.append(j)
    return _placed(segments, words, sorted(found), vocabulary)


def _placed(
    segments: Sequence[TimedText], words: list[list[str]], found: list[int], vocabulary: int
) -> list[int]:
    """Each boundary moved, within PLACE_SECONDS, to the gap where splitting the speech
    PLACE_WIDTH seconds on either side of it saves the most: the whole-transcript split decides how
    many boundaries and roughly where, but a few sentences at a junction that share only the
    episode's common words cost nearly the same on either side, and the nearby words settle
    them."""
    placed = []
    for n, b in enumerate(found):
        low = placed[-1] if placed else 0
        high = found[n + 1] if n + 1 < len(found) else len(segments)
        best, gain = b, -math.inf
        for g in range(low + 1, high):
            at = segments[g].start
            if abs(at - segments[b].start) > PLACE_SECONDS:
                continue
            if at - segments[low].start < MIN_CHAPTER_SECONDS or (
                segments[high - 1].end - at < MIN_CHAPTER_SECONDS
            ):
                continue
            near = range(low, high)
            left = [w for i in near if i < g and at - segments[i].start <= PLACE_WIDTH
                    for w in words[i]]
            right = [w for i in near if i >= g and segments[i].start - at < PLACE_WIDTH
                     for w in words[i]]
            saving = _cost(left + right, vocabulary) - _cost(left, vocabulary)
            saving -= _cost(right, vocabulary)
            if saving > gain:
                best, gain = g, saving
        placed.append(best)
    return placed


def _cost(words: list[str], vocabulary: int) -> float:
    """The part cost of Utiyama and Isahara: n log(n + V) - sum of f log(f + 1)."""
    counts = Counter(words)
    n = len(words)
    return n * math.log(n + vocabulary) - sum(f * math.log(f + 1) for f in counts.values())


def chapters(segments: Sequence[TimedText], taxonomy: Taxonomy) -> list[tuple[float, str]]:
    """(start, title) of each chapter: the first at 0 s, then one per topic boundary; a title
    is the part's strongest theme phrase, or its first words."""
    if not segments:
        return []
    starts = [0, *topic_boundaries(segments, taxonomy), len(segments)]
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
