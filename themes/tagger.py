"""Tagging a text or a transcript with themes: scores in [0, 1] and the evidence behind them.

How a score is made: each term found adds its weight (themes/taxonomy.toml) the first time,
half its weight the second time and nothing after that, so repeating one word cannot carry
a theme (a term of weight w adds at most 1.5w). Terms in a sentence that also holds one of
the theme's negative terms count for nothing. The sum is divided by
a length factor, sqrt(words / 400) for texts longer than 400 words, so that an hour-long
transcript needs more evidence than a short news item, and mapped to [0, 1] by
score = 1 - exp(-sum / factor).

THRESHOLD = 0.5 means a sum of at least ln 2 = 0.69 (times the length factor): one term
that on its own says what a text is about (weight 1.0, e.g. "tjänstedesign"), two usual
signals (0.4 + 0.4), or a usual signal (weight 0.5 or more) said twice; a single common
word (weight 0.4 or less) never suffices, however often it is repeated. On the labelled
sets (themes/eval) it gives the best micro-F1 on the seeds and within 0.01 of the best on
the project's own set (which peaks at 0.6 with lower recall);
benchmarks/results/tagging_eval.md gives the figures at neighbouring thresholds.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from themes.matcher import Hit, matcher_for
from themes.taxonomy import Taxonomy, default_taxonomy

THRESHOLD = 0.5
# Texts up to this many words need the same evidence; longer ones need more (see above).
REFERENCE_WORDS = 400
# At most this many pieces of evidence per tag (the strongest first), to keep tags small.
MAX_EVIDENCE = 25


@dataclass(frozen=True)
class Evidence:
    """Words of the text that support a tag; offsets are character offsets, end exclusive.

    For a transcript, `segment` is the segment's index, `time` its start in seconds, and
    the offsets are into that segment's text.
    """

    text: str
    start: int
    end: int
    segment: int | None = None
    time: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the evidence as JSON-ready data (segment and time only for transcripts)."""
        data: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.segment is not None:
            data["segment"] = self.segment
        if self.time is not None:
            data["time"] = self.time
        return data


@dataclass(frozen=True)
class Tag:
    """A theme found in a text: its id, a score in [0, 1] and the evidence, strongest first."""

    theme: str
    score: float
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return `{"theme": id, "score": float, "evidence": [...]}`."""
        return {
            "theme": self.theme,
            "score": self.score,
            "evidence": [item.to_dict() for item in self.evidence],
        }


def tag_text(text: str, taxonomy: Taxonomy | None = None) -> list[Tag]:
    """Return the themes of a text scoring at least THRESHOLD, best first."""
    return [tag for tag in score_text(text, taxonomy) if tag.score >= THRESHOLD]


def score_text(text: str, taxonomy: Taxonomy | None = None) -> list[Tag]:
    """Return every theme with any evidence in the text, with its score, best first."""
    taxonomy = taxonomy or default_taxonomy()
    matcher = matcher_for(taxonomy)
    found_hits, words = matcher.scan(text)
    hits: dict[str, list[Hit]] = defaultdict(list)
    blocked: dict[str, set[int]] = defaultdict(set)
    for hit in found_hits:
        if hit.entry.negative:
            blocked[hit.entry.theme].add(hit.sentence)
        else:
            hits[hit.entry.theme].append(hit)
    factor = max(1.0, math.sqrt(words / REFERENCE_WORDS))
    tags = []
    for theme, found in hits.items():
        kept = _outermost([hit for hit in found if hit.sentence not in blocked[theme]])
        if kept:
            total = _evidence_sum(kept)
            score = round(1.0 - math.exp(-total / factor), 3)
            tags.append(Tag(theme, score, _evidence(text, kept)))
    tags.sort(key=lambda tag: (-tag.score, tag.theme))
    return tags


def tag_segments(
    segments: Sequence[tuple[float, str]], taxonomy: Taxonomy | None = None
) -> list[Tag]:
    """Tag a transcript given as (start seconds, text) per segment, best first.

    The transcript is scored as one text; each piece of evidence names its segment, the
    segment's start time and offsets into the segment's text.
    """
    return [tag for tag in score_segments(segments, taxonomy) if tag.score >= THRESHOLD]


def score_segments(
    segments: Sequence[tuple[float, str]], taxonomy: Taxonomy | None = None
) -> list[Tag]:
    """Every theme with any evidence in a transcript, with its score, best first."""
    starts: list[int] = []
    position = 0
    for _, segment_text in segments:
        starts.append(position)
        position += len(segment_text) + 1
    # A line break between segments: phrases and negative terms stay inside one segment.
    joined = "\n".join(segment_text for _, segment_text in segments)
    tags = []
    for tag in score_text(joined, taxonomy):
        evidence = []
        for item in tag.evidence:
            index = bisect.bisect_right(starts, item.start) - 1
            offset = starts[index]
            evidence.append(
                Evidence(
                    item.text,
                    item.start - offset,
                    item.end - offset,
                    segment=index,
                    time=float(segments[index][0]),
                )
            )
        tags.append(Tag(tag.theme, tag.score, tuple(evidence)))
    return tags


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit of the same theme ("digitala" inside "digitala verktyg")."""
    hits = sorted(hits, key=lambda hit: (hit.start, -hit.end, -hit.entry.term.weight))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.end <= kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _evidence_sum(hits: list[Hit]) -> float:
    """Sum the weights: a term counts fully once, half on its second mention, then no more.

    >>> from themes.matcher import Entry
    >>> from themes.taxonomy import Term
    >>> term = Term("data", ("data",), 0.4)
    >>> hits = [Hit(Entry("t", term, False), i, i + 4, 0) for i in range(3)]
    >>> round(_evidence_sum(hits), 3)
    0.6
    """
    mentions: dict[str, int] = defaultdict(int)
    weights: dict[str, float] = {}
    for hit in hits:
        mentions[hit.entry.term.text] += 1
        weights[hit.entry.term.text] = hit.entry.term.weight
    return sum(weight * (1.5 if mentions[text] > 1 else 1.0) for text, weight in weights.items())


def _evidence(text: str, hits: list[Hit]) -> tuple[Evidence, ...]:
    """The strongest MAX_EVIDENCE hits as evidence, by weight then position."""
    ordered = sorted(hits, key=lambda hit: (-hit.entry.term.weight, hit.start))
    return tuple(Evidence(text[h.start : h.end], h.start, h.end) for h in ordered[:MAX_EVIDENCE])
