"""Manuscripts: the text an episode was read from, as paragraphs of sentences of words.

A manuscript is plain UTF-8 text. Each line (or blank-line separated block) is a paragraph;
a line may start with a speaker label such as `HOST:` or `Anna:`, which is not spoken. A
label counts as one when it is written in capitals or starts at least two lines, so that a
line such as "Datum: 2 april" in running text stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transcripts.errors import TranscriptFormatError
from transcripts.sentences import SENTENCE_END

# An hour read aloud is about 9,000 words; this leaves room for a long one.
MAX_MANUSCRIPT_CHARS = 500_000
_LABEL = re.compile(r"^\s*([A-ZÅÄÖÉÜ][\w .'-]{0,29}?)\s*:\s+(?=\S)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the manuscript: its words as written, its speaker and paragraph."""

    words: tuple[str, ...]
    paragraph: int
    speaker: str | None = None

    @property
    def text(self) -> str:
        """The sentence as one line of text."""
        return " ".join(self.words)


def parse_manuscript(text: str, source: str) -> list[Sentence]:
    """The sentences of a manuscript, in order; an empty or oversized one raises.

    >>> for s in parse_manuscript("HOST: Hej och välkommen. Idag pratar vi.\\n"
    ...                           "GUEST: Tack!\\nHOST: Datum: i morgon.", "demo"):
    ...     print(s.paragraph, s.speaker, s.text)
    0 HOST Hej och välkommen.
    0 HOST Idag pratar vi.
    1 GUEST Tack!
    2 HOST Datum: i morgon.
    """
    if len(text) > MAX_MANUSCRIPT_CHARS:
        raise TranscriptFormatError(
            f"{source}: too large for a manuscript ({len(text)} characters, at most "
            f"{MAX_MANUSCRIPT_CHARS})"
        )
    paragraphs = [line for line in text.removeprefix("\ufeff").splitlines() if line.strip()]
    labels = Counter(m.group(1) for m in map(_LABEL.match, paragraphs) if m)
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        speaker = None
        match = _LABEL.match(paragraph)
        if match and (match.group(1).isupper() or labels[match.group(1)] >= 2):
            speaker, paragraph = match.group(1), paragraph[match.end() :]
        sentences += [Sentence(words, number, speaker) for words in _sentences(paragraph.split())]
    if not sentences:
        raise TranscriptFormatError(f"{source}: the manuscript has no words")
    return sentences


def _sentences(words: list[str]) -> list[tuple[str, ...]]:
    """Words cut where a sentence ends and the next word starts upper case.

    >>> _sentences("Vi ses, t.ex. i morgon. Hej då!".split())
    [('Vi', 'ses,', 't.ex.', 'i', 'morgon.'), ('Hej', 'då!')]
    """
    cuts = [
        i + 1
        for i in range(len(words) - 1)
        if SENTENCE_END.search(words[i]) and words[i + 1][:1].isupper()
    ]
    bounds = zip([0, *cuts], [*cuts, len(words)], strict=True)
    return [tuple(words[a:b]) for a, b in bounds if b > a]
