"""Segments split into sentences, using the words' own timings."""

from __future__ import annotations

import re

from transcripts.segments import Segment

SENTENCE_END = re.compile(r"[.!?…][\"'”»)\]]*$")


def split_sentences(segment: Segment) -> list[Segment]:
    """Split a segment with timed words where a sentence ends and the next starts upper case.

    Abbreviations such as "t.ex." are left alone unless a capital follows them.

    >>> from transcripts.segments import Word
    >>> words = [Word(0.0, 0.5, "Hej.", 0.9), Word(0.6, 1.0, "Vi", 0.9),
    ...          Word(1.0, 1.4, "ses,", 0.9), Word(1.5, 1.9, "t.ex.", 0.9),
    ...          Word(2.0, 2.4, "imorgon!", 0.9)]
    >>> for part in split_sentences(Segment(0.0, 2.4, "Hej. Vi ses, t.ex. imorgon!", words)):
    ...     print(part.start, part.end, part.text)
    0.0 0.5 Hej.
    0.6 2.4 Vi ses, t.ex. imorgon!
    """
    words = segment.words
    cuts = [
        i + 1
        for i in range(len(words) - 1)
        if SENTENCE_END.search(words[i].text) and words[i + 1].text[:1].isupper()
    ]
    if not cuts:
        return [segment]
    parts = [words[a:b] for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    return [
        Segment(p[0].start, p[-1].end, " ".join(w.text for w in p), p, segment.speaker)
        for p in parts
    ]
