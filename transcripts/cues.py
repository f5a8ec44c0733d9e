"""Caption cues: segments cut into cues of at most two lines of 65 characters (32 for SRT, as
the Podcasting 2.0 transcript guidance asks), timed by word."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from transcripts.segments import Segment
from transcripts.sentences import SENTENCE_END

MAX_LINE = 65
# Podcasting 2.0's transcript guidance for SRT: at most 32 characters a line, two lines a cue.
SRT_MAX_LINE = 32
MAX_LINES = 2
# A break that leaves a cue shorter than this reads as a flash; look for a later one.
_MIN_CUE_CHARS = 20
# How many characters of imbalance between two lines a break after punctuation is worth.
_BREAK_BONUS = 16
_CLAUSE_END = re.compile(r"[,;:–—][\"'”»)\]]*$")


@dataclass(frozen=True)
class Cue:
    """One caption: its timing, its (at most two) lines and its speaker when known."""

    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None


@dataclass(frozen=True)
class _Token:
    text: str
    start: float
    end: float


def wrap_lines(text: str, width: int = MAX_LINE) -> list[str]:
    """Break text into lines of at most `width` (a longer word stays whole), two balanced
    lines where possible.

    A break after a comma or full stop wins over a perfectly balanced one.

    >>> wrap_lines("Short line.")
    ['Short line.']
    >>> for line in wrap_lines("Vi pratar om innovation i offentlig sektor, och om hur "
    ...                        "kommuner delar sina erfarenheter med varandra."):
    ...     print(line)
    Vi pratar om innovation i offentlig sektor,
    och om hur kommuner delar sina erfarenheter med varandra.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return [text] if text else []
    best: tuple[float, int] | None = None
    for match in re.finditer(" ", text):
        first, second = text[: match.start()], text[match.end() :]
        if len(first) > width or len(second) > width:
            continue
        cost = abs(len(first) - len(second)) - (
            _BREAK_BONUS if SENTENCE_END.search(first) or _CLAUSE_END.search(first) else 0
        )
        if best is None or cost < best[0]:
            best = (cost, match.start())
    if best is None:
        # A word longer than a line (a URL) keeps its own line whole: a cut would change it.
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return [text[: best[1]], text[best[1] + 1 :]]


def fits(text: str, width: int = MAX_LINE) -> bool:
    """True when the text fits one cue (at most two lines of at most `width` characters).

    >>> fits("a " * 30), fits("word " * 30), fits("a " * 30, SRT_MAX_LINE)
    (True, False, True)
    """
    return len(wrap_lines(text, width)) <= MAX_LINES


def build_cues(segments: list[Segment], width: int = MAX_LINE) -> list[Cue]:
    """Cut segments into cues of lines at most `width` long, splitting long segments at
    sentence, then clause, then word ends."""
    cues: list[Cue] = []
    for segment in segments:
        tokens = _tokens(segment)
        for chunk in _chunks(tokens, width):
            text = " ".join(t.text for t in chunk)
            start = chunk[0].start
            end = max(chunk[-1].end, start + 0.001)
            cues.append(
                Cue(round(start, 3), round(end, 3), tuple(wrap_lines(text, width)),
                    segment.speaker)
            )
    return cues


def _tokens(segment: Segment) -> list[_Token]:
    """The segment's words with their times; untimed text gets times shared by length."""
    if segment.words:
        return [_Token(w.text, w.start, w.end) for w in segment.words if w.text.strip()]
    return _spread(segment.text.split(), segment.start, segment.end)


def _spread(texts: list[str], start: float, end: float) -> list[_Token]:
    """Share the time from start to end among texts in proportion to their length."""
    total = sum(len(t) + 1 for t in texts) or 1
    tokens, at = [], start
    for text in texts:
        step = (end - start) * (len(text) + 1) / total
        tokens.append(_Token(text, at, at + step))
        at += step
    return tokens


def _chunks(tokens: list[_Token], width: int) -> list[list[_Token]]:
    """Split tokens into runs that each fit one cue, ending at the best boundary available."""
    chunks: list[list[_Token]] = []
    i = 0
    while i < len(tokens):
        j = i + 1
        while j < len(tokens) and fits(" ".join(t.text for t in tokens[i : j + 1]), width):
            j += 1
        if j < len(tokens):
            j = _best_break(tokens, i, j)
        chunks.append(tokens[i:j])
        i = j
    return chunks


def _best_break(tokens: list[_Token], i: int, j: int) -> int:
    """The end (exclusive) of the cue from i: the last sentence end, else clause end, else j."""
    for boundary in (SENTENCE_END, _CLAUSE_END):
        for k in range(j, i, -1):
            long_enough = len(" ".join(t.text for t in tokens[i:k])) >= _MIN_CUE_CHARS
            if long_enough and boundary.search(tokens[k - 1].text):
                return k
    return j
