"""Repetition loops (Whisper repeating one phrase over and over) found and cut to one copy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from transcripts.segments import Segment

# The longest repeated phrase looked for, in words, and in whole segments.
_MAX_PHRASE_WORDS = 8
_MAX_PHRASE_SEGMENTS = 3
# How many back-to-back copies make a loop: a word said four times ("no, no, no, no") is
# still plausible speech, a phrase said three times in a row rarely is.
_MIN_COPIES_WORD = 5
_MIN_COPIES_PHRASE = 3
_NOT_WORD = re.compile(r"[^\w]+")


def kept_indices(tokens: Sequence[str], max_phrase: int = _MAX_PHRASE_WORDS) -> list[int]:
    """Indices of `tokens` to keep once every looped phrase is cut down to its first copy.

    >>> kept_indices("we we we we we we go".split())
    [0, 6]
    >>> kept_indices("thank you thank you thank you bye".split())
    [0, 1, 6]
    >>> kept_indices("no no no no".split())
    [0, 1, 2, 3]
    >>> kept_indices("a b c".split())
    [0, 1, 2]
    """
    kept: list[int] = []
    i = 0
    while i < len(tokens):
        for size in range(1, max_phrase + 1):
            copies = _copies(tokens, i, size)
            if copies >= (_MIN_COPIES_WORD if size == 1 else _MIN_COPIES_PHRASE):
                kept.extend(range(i, i + size))
                i += size * copies
                break
        else:
            kept.append(i)
            i += 1
    return kept


def _copies(tokens: Sequence[str], start: int, size: int) -> int:
    """How many times tokens[start:start+size] occurs back to back from `start`."""
    phrase = tokens[start : start + size]
    if len(phrase) < size or not all(phrase):
        return 1
    copies = 1
    while tokens[start + copies * size : start + (copies + 1) * size] == phrase:
        copies += 1
    return copies


def normalise(text: str) -> str:
    """Lower case without punctuation, for comparing words and phrases.

    >>> normalise(" Hej, Där!")
    'hej där'
    """
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def remove_repetitions(segments: list[Segment]) -> list[Segment]:
    """Cut looped phrases inside segments and looped runs of identical segments."""
    cleaned = [_clean_segment(s) for s in segments]
    cleaned = [s for s in cleaned if s.text.strip()]
    keys = [normalise(s.text) for s in cleaned]
    return [cleaned[i] for i in kept_indices(keys, _MAX_PHRASE_SEGMENTS)]


def _clean_segment(segment: Segment) -> Segment:
    """One segment with its looped phrases cut, words and text kept consistent."""
    if segment.words:
        keep = kept_indices([normalise(w.text) for w in segment.words])
        if len(keep) == len(segment.words):
            return segment
        words = [segment.words[i] for i in keep]
        return replace(
            segment,
            words=words,
            text=" ".join(w.text for w in words),
            end=words[-1].end,
        )
    tokens = segment.text.split()
    keep = kept_indices([normalise(t) for t in tokens])
    if len(keep) == len(tokens):
        return segment
    return replace(segment, text=" ".join(tokens[i] for i in keep))
