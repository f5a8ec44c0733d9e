"""An editor's correction of one segment: the new text, timed by the words it kept.

The corrected text's words are aligned to the segment's old words (difflib over the words
normalised as for manuscript sync): a word that did not change keeps its timing and its
model's confidence; words that replace others share the replaced words' time, in proportion to
their length; inserted words share the gap between their neighbours. The segment's own start
and end stay, so the audio player and the published cues still find it.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from transcripts.alignment import normalise
from transcripts.segments import Segment, Word

# An editor's word is certain; the model's confidence stays on the words it kept.
EDITED_PROBABILITY = 1.0


def corrected_segment(segment: Segment, text: str, speaker: str | None) -> Segment:
    """The segment with an editor's text and speaker; unchanged words keep their timing.

    >>> old = Segment(0.0, 3.0, "Vi pratar om samverkat.", [
    ...     Word(0.0, 0.5, "Vi", 0.9), Word(0.5, 1.2, "pratar", 0.8),
    ...     Word(1.2, 1.5, "om", 0.9), Word(1.5, 3.0, "samverkat.", 0.4)])
    >>> new = corrected_segment(old, "Vi pratar om Samverket.", "Anna")
    >>> [(w.text, w.start, w.end, w.probability) for w in new.words][2:]
    [('om', 1.2, 1.5, 0.9), ('Samverket.', 1.5, 3.0, 1.0)]
    >>> new.speaker, new.start, new.end
    ('Anna', 0.0, 3.0)
    """
    return replace(
        segment,
        text=text,
        speaker=speaker or None,
        words=retimed_words(segment.words, text.split(), segment.start, segment.end),
    )


def retimed_words(old: list[Word], new: list[str], start: float, end: float) -> list[Word]:
    """Words `new` timed by `old`: kept words keep their times, the rest share the time
    around them (`start` and `end` bound the segment).

    >>> old = [Word(0.0, 1.0, "ett", 0.5), Word(1.0, 2.0, "två", 0.5)]
    >>> [(w.text, w.start, w.end) for w in retimed_words(old, ["ett", "och", "två"], 0, 2)]
    [('ett', 0.0, 1.0), ('och', 1.0, 1.0), ('två', 1.0, 2.0)]
    """
    if not old:
        return _spread(new, start, end)
    matcher = SequenceMatcher(
        None, [normalise(w.text) for w in old], [normalise(w) for w in new], autojunk=False
    )
    words: list[Word] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            words += [replace(old[a0 + k], text=new[b0 + k]) for k in range(b1 - b0)]
        elif tag == "replace":
            words += _spread(new[b0:b1], old[a0].start, old[a1 - 1].end)
        elif tag == "insert":
            left = old[a0 - 1].end if a0 else start
            right = old[a0].start if a0 < len(old) else end
            words += _spread(new[b0:b1], left, max(left, right))
    return words


def _spread(texts: list[str], start: float, end: float) -> list[Word]:
    """Words sharing the time from `start` to `end` in proportion to their length.

    >>> [(w.start, w.end) for w in _spread(["a", "bbb"], 0.0, 4.0)]
    [(0.0, 1.0), (1.0, 4.0)]
    """
    total = sum(len(text) for text in texts) or 1
    words, at = [], start
    for text in texts:
        until = at + (end - start) * len(text) / total
        words.append(Word(round(at, 3), round(until, 3), text, EDITED_PROBABILITY))
        at = until
    return words
