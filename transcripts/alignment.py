"""A manuscript aligned to the audio: the manuscript's words with times from the recogniser.

How the times are found:
1. The manuscript's words and the recognised words are normalised (case, punctuation) and
   aligned as two sequences (difflib's matching blocks; between the blocks, a small dynamic
   programme pairs words that are spelt nearly alike, e.g. "innovationen" and "innovation").
   A run of consecutive pairs is an anchor when its words are long enough together, so that
   a lone "för en" matched to a guess far away does not pull the text out of place.
2. Between two anchors the manuscript's words share the *speech* time between them (the time
   the voice-activity detector calls speech, so that pauses get no words) in proportion to
   their length. Before that, the sentence and paragraph ends between the anchors are matched
   to the pauses between them (a small monotone alignment by expected position), and a
   matched pause becomes an anchor too: a sentence starts where the voice starts again.
3. Where the audio says what the manuscript does not (a recognised stretch of several words
   between two adjacent anchors), the recognised words are kept as their own segment; where the
   manuscript has a sentence the audio lacks (no word of it heard, and far too little time for
   it between the anchors around it), the sentence is left out.
Each manuscript sentence becomes a segment, with its speaker.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate, pairwise

from transcripts.manuscript import Sentence
from transcripts.segments import Segment, Transcript, Word

Span = tuple[float, float]

# A run of consecutive matched words is trusted when its words have this many letters.
RUN_CHARS = 6
# Words spelt this much alike (difflib's ratio) pair up between exact matches.
FUZZY_RATIO = 0.75
FUZZY_MIN_CHARS = 4
# The fuzzy pass runs between exact matches only where it stays small (cells of its table).
MAX_FUZZY_CELLS = 40_000
# Recognised words between two adjacent anchors that make a segment of their own.
ADDED_MIN_WORDS = 4
ADDED_MIN_SECONDS = 2.0
# A sentence none of whose words was heard is left out when the speech time around it is
# under this share of what its length needs at the episode's speaking rate.
DROP_SHARE = 0.3
# Anchors needed before the speaking rate (and so a left-out sentence) can be judged.
MIN_RATE_ANCHORS = 8
# A sentence start this close to where the voice starts again moves there.
SNAP_SECONDS = 1.2
# Costs of the pause alignment, in multiples of the tolerance: leaving a paragraph end,
# a sentence end or a pause unmatched.
SKIP_PARAGRAPH = 1.5
SKIP_SENTENCE = 1.0
SKIP_PAUSE = 0.6
# How far (seconds, or this share of the stretch's speech, whichever is more) a sentence end
# may be from a pause and still count as a near match.
TOLERANCE_SECONDS = 2.0
TOLERANCE_SHARE = 0.1


@dataclass(frozen=True)
class Alignment:
    """An aligned transcript and what the alignment found along the way."""

    transcript: Transcript
    words: int
    anchored: int
    dropped: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass
class _Timed:
    start: float
    end: float
    probability: float = 0.0


def normalise(word: str) -> str:
    """A word reduced for matching: letters and digits only, case folded.

    >>> normalise("Innovation,"), normalise("E-tjänster"), normalise("–")
    ('innovation', 'etjänster', '')
    """
    return "".join(ch for ch in unicodedata.normalize("NFKC", word).casefold() if ch.isalnum())


def align(sentences: Sequence[Sentence], heard: Transcript, speech: Sequence[Span]) -> Alignment:
    """Time the manuscript's sentences by the recognised words and the speech spans.

    `speech` is the voice-activity detector's (start, end) spans in seconds, in order; empty
    means the whole file is taken as speech.
    """
    script = [(n, word) for n, sentence in enumerate(sentences) for word in sentence.words]
    heard_words = [w for s in heard.segments for w in s.words if normalise(w.text)]
    clock = _SpeechClock(speech or [(0.0, heard.duration)])
    anchors = reliable_anchors(
        [normalise(w) for _, w in script], [normalise(w.text) for w in heard_words]
    )
    dropped = _unheard_sentences(sentences, script, anchors, heard_words, clock)
    keep = {i: k for k, i in enumerate(i for i, (n, _) in enumerate(script) if n not in dropped)}
    kept_anchors = [(keep[a], b) for a, b in anchors if a in keep]
    kept = [script[i] for i in keep]
    times = _times(kept, sentences, kept_anchors, heard_words, clock)
    _snap_sentence_starts(kept, times, [start for start, _ in clock.spans])
    segments: list[Segment] = []
    for n, sentence in enumerate(sentences):
        if n in dropped:
            continue
        words = [
            Word(round(t.start, 3), round(t.end, 3), text, round(t.probability, 4))
            for (m, text), t in zip(kept, times, strict=True)
            if m == n
        ]
        segments.append(
            Segment(words[0].start, words[-1].end, sentence.text, words, sentence.speaker)
        )
    added = _added_segments(kept_anchors, len(kept), heard_words)
    segments = sorted(segments + added, key=lambda s: s.start)
    transcript = Transcript(
        language=heard.language,
        duration=heard.duration,
        segments=segments,
        model=heard.model,
        model_revision=heard.model_revision,
        language_probability=heard.language_probability,
        settings=dict(heard.settings),
    )
    return Alignment(
        transcript=transcript,
        words=len(script),
        anchored=len(anchors),
        dropped=tuple(sentences[n].text for n in sorted(dropped)),
        added=tuple(s.text for s in added),
    )


def match_words(script: Sequence[str], heard: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (manuscript index, recognised index) of the same word, in order.

    >>> match_words("vi pratar om innovationen i dag".split(), "vi pratar om innovation".split())
    [(0, 0), (1, 1), (2, 2), (3, 3)]
    """
    matcher = SequenceMatcher(None, script, heard, autojunk=False)
    pairs: list[tuple[int, int]] = []
    a0 = b0 = 0
    for block in matcher.get_matching_blocks():
        pairs += _fuzzy_pairs(script, heard, (a0, block.a), (b0, block.b))
        pairs += [(block.a + k, block.b + k) for k in range(block.size)]
        a0, b0 = block.a + block.size, block.b + block.size
    return pairs


def reliable_anchors(script: Sequence[str], heard: Sequence[str]) -> list[tuple[int, int]]:
    """The matched pairs that may time a word: runs of consecutive pairs with enough letters
    between them, so that a lone "för en" matched to a guess far away pulls nothing.

    >>> reliable_anchors("då sa hon för en gång innovationen".split(),
    ...                  "för en ja innovation".split())
    [(6, 3)]
    """
    runs: list[list[tuple[int, int]]] = []
    for a, b in match_words(script, heard):
        if runs and runs[-1][-1] == (a - 1, b - 1):
            runs[-1].append((a, b))
        else:
            runs.append([(a, b)])
    return [pair for run in runs if sum(len(script[a]) for a, _ in run) >= RUN_CHARS
            for pair in run]


def _fuzzy_pairs(
    script: Sequence[str], heard: Sequence[str], span_a: tuple[int, int], span_b: tuple[int, int]
) -> list[tuple[int, int]]:
    """The best monotone pairing of nearly alike words between two exact matches."""
    (a0, a1), (b0, b1) = span_a, span_b
    rows, cols = a1 - a0, b1 - b0
    if not rows or not cols or rows * cols > MAX_FUZZY_CELLS:
        return []
    # best[i][j]: the most similarity pairing script[a0:a0+i] with heard[b0:b0+j] can reach.
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        x = script[a0 + i - 1]
        for j in range(1, cols + 1):
            score = max(best[i - 1][j], best[i][j - 1])
            ratio = _likeness(x, heard[b0 + j - 1])
            if ratio:
                score = max(score, best[i - 1][j - 1] + ratio)
            best[i][j] = score
    pairs = []
    i, j = rows, cols
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((a0 + i - 1, b0 + j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _likeness(x: str, y: str) -> float:
    """How alike two words are spelt, or 0 when too short or too different to pair.

    >>> _likeness("innovation", "innovationen"), _likeness("och", "ock")
    (0.909, 0)
    """
    if min(len(x), len(y)) < FUZZY_MIN_CHARS:
        return 0
    ratio = SequenceMatcher(None, x, y).ratio()
    return round(ratio, 3) if ratio >= FUZZY_RATIO else 0


class _SpeechClock:
    """Seconds of speech (by the voice-activity spans) since the start, and back."""

    def __init__(self, speech: Sequence[Span]) -> None:
        self.spans = [(float(s), float(e)) for s, e in speech if e > s] or [(0.0, 0.0)]
        self.starts = [s for s, _ in self.spans]
        self.before = [0.0, *accumulate(e - s for s, e in self.spans)]

    @property
    def onset(self) -> float:
        return self.spans[0][0]

    @property
    def offset(self) -> float:
        return self.spans[-1][1]

    def speech(self, t: float) -> float:
        """Speech seconds before time t."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return 0.0
        start, end = self.spans[i]
        return self.before[i] + min(t, end) - start

    def time(self, s: float, *, starting: bool) -> float:
        """The time at which s seconds of speech have passed; at a pause, the time speech
        starts again when `starting`, else the time it stopped."""
        if starting:
            i = bisect.bisect_right(self.before, s) - 1
        else:
            i = bisect.bisect_left(self.before, s) - 1
        i = min(max(i, 0), len(self.spans) - 1)
        start, end = self.spans[i]
        return min(start + s - self.before[i], end) if s >= self.before[i] else start

    def pauses(self, t0: float, t1: float) -> list[Span]:
        """The pauses between speech spans that lie wholly between t0 and t1."""
        return [
            (self.spans[i][1], self.spans[i + 1][0])
            for i in range(len(self.spans) - 1)
            if self.spans[i][1] >= t0 and self.spans[i + 1][0] <= t1
        ]


def _times(
    script: list[tuple[int, str]],
    sentences: Sequence[Sentence],
    anchors: list[tuple[int, int]],
    heard: list[Word],
    clock: _SpeechClock,
) -> list[_Timed]:
    """A time for every manuscript word: anchored ones from the recognised word, the others
    spread over the speech between anchors, their sentence ends placed in its pauses."""
    times: list[_Timed | None] = [None] * len(script)
    for a, b in anchors:
        times[a] = _Timed(heard[b].start, heard[b].end, heard[b].probability)
    bounds = [(-1, clock.onset), *((a, heard[b].start) for a, b in anchors), (len(script), 0.0)]
    for (p, _), (q, _) in pairwise(bounds):
        if q - p <= 1:
            continue
        before, after = times[p] if p >= 0 else None, times[q] if q < len(script) else None
        t1 = after.start if after else clock.offset
        t0 = before.end if before else min(clock.onset, t1)
        for k, timed in _spread(script, sentences, p + 1, q, (t0, max(t0, t1)), clock).items():
            times[k] = timed
    return [t if t is not None else _Timed(0.0, 0.0) for t in times]


def _spread(
    script: list[tuple[int, str]],
    sentences: Sequence[Sentence],
    p: int,
    q: int,
    span: Span,
    clock: _SpeechClock,
) -> dict[int, _Timed]:
    """Times for the words p..q-1 between two anchors: the sentence starts among them matched
    to the pauses in the span, the words between shared out by length over the speech."""
    t0, t1 = span
    lengths = [len(script[k][1]) + 1 for k in range(p, q)]
    chars = [0, *accumulate(lengths)]
    s0, s1 = clock.speech(t0), clock.speech(t1)
    total = s1 - s0
    starts = {
        k - p: _is_paragraph_start(script, sentences, k)
        for k in range(p + 1, q)
        if script[k][0] != script[k - 1][0]
    }
    fixed = [(0, s0), *_pause_anchors(starts, chars, (s0, total), clock, span), (q - p, s1)]
    timed: dict[int, _Timed] = {}
    for (i0, at0), (i1, at1) in pairwise(fixed):
        width = chars[i1] - chars[i0] or 1
        for i in range(i0, i1):
            a = at0 + (at1 - at0) * (chars[i] - chars[i0]) / width
            b = at0 + (at1 - at0) * (chars[i] - chars[i0] + lengths[i] - 1) / width
            start = clock.time(a, starting=True)
            timed[p + i] = _Timed(start, max(start, clock.time(b, starting=False)))
    return timed


def _snap_sentence_starts(
    script: list[tuple[int, str]], times: list[_Timed], onsets: list[float]
) -> None:
    """Start each sentence where the voice starts again, when it does so close by: the
    recogniser's word times drift by a few tenths at pauses, the detector's onsets less."""
    for k in range(len(script)):
        if k and script[k][0] == script[k - 1][0]:
            continue
        word = times[k]
        earliest = times[k - 1].start if k else 0.0
        near = [
            o for o in onsets if abs(o - word.start) <= SNAP_SECONDS and earliest < o < word.end
        ]
        if near:
            word.start = min(near, key=lambda o: abs(o - word.start))
            if k:
                times[k - 1].end = min(times[k - 1].end, word.start)


def _is_paragraph_start(
    script: list[tuple[int, str]], sentences: Sequence[Sentence], k: int
) -> bool:
    return sentences[script[k][0]].paragraph != sentences[script[k - 1][0]].paragraph


def _pause_anchors(
    starts: dict[int, bool],
    chars: list[int],
    speech: tuple[float, float],
    clock: _SpeechClock,
    span: Span,
) -> list[tuple[int, float]]:
    """Sentence starts (word offset -> paragraph or not) matched to the pauses of the span,
    as (word offset, speech seconds) anchors, by a monotone alignment of expected positions."""
    s0, total = speech
    pauses = clock.pauses(*span)
    if not starts or not pauses or total <= 0:
        return []
    offsets = sorted(starts)
    expected = [chars[i] / chars[-1] * total for i in offsets]
    places = [clock.speech(end) - s0 for end, _ in pauses]
    tolerance = max(TOLERANCE_SECONDS, TOLERANCE_SHARE * total)
    skip = [SKIP_PARAGRAPH if starts[i] else SKIP_SENTENCE for i in offsets]
    n, m = len(offsets), len(places)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = cost[i - 1][0] + skip[i - 1]
    for j in range(1, m + 1):
        cost[0][j] = cost[0][j - 1] + SKIP_PAUSE
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            near = abs(expected[i - 1] - places[j - 1]) / tolerance
            cost[i][j] = min(
                cost[i - 1][j] + skip[i - 1],
                cost[i][j - 1] + SKIP_PAUSE,
                cost[i - 1][j - 1] + near if near < 1 else float("inf"),
            )
    matched = []
    i, j = n, m
    while i and j:
        near = abs(expected[i - 1] - places[j - 1]) / tolerance
        if near < 1 and cost[i][j] == cost[i - 1][j - 1] + near:
            matched.append((offsets[i - 1], s0 + places[j - 1]))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + skip[i - 1]:
            i -= 1
        else:
            j -= 1
    return matched[::-1]


def _unheard_sentences(
    sentences: Sequence[Sentence],
    script: list[tuple[int, str]],
    anchors: list[tuple[int, int]],
    heard: list[Word],
    clock: _SpeechClock,
) -> set[int]:
    """Sentences none of whose words was heard, squeezed between anchors into far less speech
    time than their length needs at the episode's speaking rate."""
    if len(anchors) < MIN_RATE_ANCHORS:
        return set()
    (a0, b0), (a1, b1) = anchors[0], anchors[-1]
    spoken = clock.speech(heard[b1].end) - clock.speech(heard[b0].start)
    rate = sum(len(w) + 1 for _, w in script[a0 : a1 + 1]) / max(spoken, 1e-6)
    anchored = {script[a][0] for a, _ in anchors}
    dropped: set[int] = set()
    for (p, bp), (q, bq) in pairwise(anchors):
        between = {script[k][0] for k in range(p + 1, q)} - anchored
        if not between:
            continue
        needed = sum(len(w) + 1 for n, w in script[p + 1 : q]) / rate
        available = clock.speech(heard[bq].start) - clock.speech(heard[bp].end)
        if available < DROP_SHARE * needed:
            dropped |= between
    return dropped


def _added_segments(
    anchors: list[tuple[int, int]], script_words: int, heard: list[Word]
) -> list[Segment]:
    """Recognised stretches the manuscript lacks: several words between adjacent anchors, or
    before the first or after the last anchor when the manuscript has nothing left there."""
    edges = [(-1, -1), *anchors, (script_words, len(heard))]
    added = []
    for (a0, b0), (a1, b1) in pairwise(edges):
        words = heard[b0 + 1 : b1]
        if (
            a1 - a0 == 1
            and len(words) >= ADDED_MIN_WORDS
            and words[-1].end - words[0].start >= ADDED_MIN_SECONDS
        ):
            text = " ".join(w.text for w in words)
            added.append(Segment(words[0].start, words[-1].end, text, list(words)))
    return added
