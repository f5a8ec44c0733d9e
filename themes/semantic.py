"""The semantic layer: sentence embeddings and the lexicon's score combined per theme.

For each theme of the fitted model (themes/semantic_model.json, numbers only, written by
benchmarks/tagging_train.py from the corpus's train split, thresholds chosen on its dev
split), a text is scored from five features:

- the lexicon's score (themes/tagger.py);
- the best passage's score under the theme's passage model (a logistic regression over the
  passage's e5 embedding), and the mean of the best three;
- the best cosine similarity of a passage to the embedded theme description;
- log(1 + number of passages), since a long transcript has more chances of one stray match.

A second logistic regression maps them to a calibrated probability, the tag's score; a tag
is kept at or above the theme's threshold. Its evidence is the passage (sentence, or
transcript segment with its time) that scored best, then the lexicon's words. A theme the
model does not know (one an editor added) is tagged by the lexicon alone, and so is every
theme when the embedding package is missing (load_embedder warns once).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from themes.embedding import EmbeddingCache, Passage, load_embedder, segment_passages, text_passages
from themes.errors import ThemeError
from themes.logistic import sigmoid
from themes.tagger import (
    THRESHOLD,
    Evidence,
    Tag,
    score_segments,
    score_text,
    tag_segments,
    tag_text,
)
from themes.taxonomy import Taxonomy, default_taxonomy

MODEL_PATH = Path(__file__).with_name("semantic_model.json")
FEATURES = ("lexicon", "best passage", "best three passages", "description", "log passages")
TOP_PASSAGES = 3
# Passages shown as evidence of a semantic hit, best first.
MAX_PASSAGE_EVIDENCE = 2
# A model file is a few hundred kilobytes; refuse anything much larger.
MAX_MODEL_BYTES = 5_000_000


@dataclass(frozen=True)
class ThemeModel:
    """The fitted numbers of one theme."""

    passage_weights: np.ndarray
    passage_bias: float
    description: np.ndarray
    combine: np.ndarray
    threshold: float


@dataclass(frozen=True)
class SemanticModel:
    """The fitted parameters of every theme, for one embedding model."""

    model_id: str
    themes: dict[str, ThemeModel]
    digest: str


def load_semantic_model(path: Path | None = None) -> SemanticModel:
    """Read a model file (None: the one shipped with the package); ThemeError if unusable."""
    path = path or MODEL_PATH
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_MODEL_BYTES:
            raise ValueError(f"larger than {MAX_MODEL_BYTES} bytes")
        data = json.loads(raw)
        themes = {
            theme_id: ThemeModel(
                passage_weights=np.asarray(entry["passage_weights"], dtype=np.float32),
                passage_bias=float(entry["passage_bias"]),
                description=np.asarray(entry["description_embedding"], dtype=np.float32),
                combine=np.asarray(entry["combine"], dtype=np.float64),
                threshold=float(entry["threshold"]),
            )
            for theme_id, entry in data["themes"].items()
        }
        for theme_id, theme in themes.items():
            dims = {theme.passage_weights.shape, theme.description.shape}
            if len(dims) != 1 or theme.combine.shape != (len(FEATURES) + 1,):
                raise ValueError(f"theme {theme_id!r} has arrays of the wrong shape")
        return SemanticModel(str(data["model_id"]), themes, hashlib.sha256(raw).hexdigest())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ThemeError(f"{path}: not a usable semantic model ({exc})") from exc


@cache
def default_semantic_model() -> SemanticModel:
    """The model shipped with the package, read once."""
    return load_semantic_model()


def theme_features(
    theme: ThemeModel, lexicon_score: float, embeddings: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The theme's feature vector for a text, and each passage's score (a logit)."""
    passage_scores = embeddings @ theme.passage_weights + theme.passage_bias
    best = np.sort(passage_scores)[::-1]
    features = np.array(
        [
            lexicon_score,
            float(best[0]),
            float(best[:TOP_PASSAGES].mean()),
            float((embeddings @ theme.description).max()),
            math.log1p(len(passage_scores)),
        ]
    )
    return features, passage_scores


def probability(theme: ThemeModel, features: np.ndarray) -> float:
    """The combined, calibrated probability that the text is about the theme."""
    return float(sigmoid(features @ theme.combine[:-1] + theme.combine[-1]))


class SemanticTagger:
    """Tags texts and transcripts with the lexicon and the semantic layer together."""

    def __init__(
        self, model: SemanticModel | None = None, cache: EmbeddingCache | None = None
    ) -> None:
        self.model = model or default_semantic_model()
        self.cache = cache or EmbeddingCache()

    @property
    def available(self) -> bool:
        """Whether the embedding model is installed (else tagging is lexicon-only)."""
        return load_embedder() is not None

    def tag_text(self, text: str, taxonomy: Taxonomy | None = None) -> list[Tag]:
        """The themes of a text, best first (lexicon-only without the embedding model)."""
        if not self.available:
            return tag_text(text, taxonomy)
        return self._tags(score_text(text, taxonomy), text_passages(text), taxonomy)

    def tag_segments(
        self, segments: Sequence[tuple[float, str]], taxonomy: Taxonomy | None = None
    ) -> list[Tag]:
        """The themes of a transcript, (start seconds, text) per segment, best first."""
        if not self.available:
            return tag_segments(segments, taxonomy)
        return self._tags(score_segments(segments, taxonomy), segment_passages(segments), taxonomy)

    def _tags(
        self, lexicon: list[Tag], passages: list[Passage], taxonomy: Taxonomy | None
    ) -> list[Tag]:
        taxonomy = taxonomy or default_taxonomy()
        by_theme = {tag.theme: tag for tag in lexicon}
        embedder = load_embedder()
        embeddings = self.cache.embeddings(embedder, passages) if passages and embedder else None
        tags = []
        for theme_id in taxonomy.ids:
            found = by_theme.get(theme_id)
            theme = self.model.themes.get(theme_id)
            if theme is None or embeddings is None:
                if found and found.score >= THRESHOLD:
                    tags.append(found)
                continue
            features, passage_scores = theme_features(
                theme, found.score if found else 0.0, embeddings
            )
            score = probability(theme, features)
            if score >= theme.threshold:
                evidence = _passage_evidence(passages, passage_scores)
                evidence += found.evidence if found else ()
                tags.append(Tag(theme_id, round(score, 3), evidence))
        tags.sort(key=lambda tag: (-tag.score, tag.theme))
        return tags


def _passage_evidence(passages: list[Passage], scores: np.ndarray) -> tuple[Evidence, ...]:
    """The best passage, and the next if the passage model also counts it for the theme."""
    order = np.argsort(-scores)[:MAX_PASSAGE_EVIDENCE]
    chosen = [index for rank, index in enumerate(order) if rank == 0 or scores[index] > 0]
    return tuple(
        Evidence(p.text, p.start, p.end, p.segment, p.time)
        for p in (passages[index] for index in chosen)
    )
