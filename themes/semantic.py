"""The semantic layer: which sentences of a text are about a theme, with the lexicon's word.

The fitted model (themes/semantic_model.json, numbers only, written by
benchmarks/tagging_train.py) has, per theme, a sentence model: a logistic regression from a
passage's e5 embedding (a sentence, or a transcript segment; embedded on the side the model
file names, "query" for the shipped one) to "this passage is about the theme", fitted on
single labelled sentences. Theme presence is a property of sentences: one
sentence about the theme in a text about snow clearing makes the label. A text is then scored
per theme from four features:

- the lexicon's score of the whole text (themes/tagger.py);
- the best passage's sentence-model score (a logit);
- the lexicon's best score of a single passage (one sentence that names the theme);
- the best passage's margin: its score for the theme minus its best score for another theme,
  so that a sentence that is a little about everything (innovation in general) counts less
  than one plainly about this theme.

(A second-best passage and the number of passages were tried as features too; they did not
raise the cross-validated F1: benchmarks/results/tagging_eval.md.)

One logistic regression, shared by all themes, maps them to a probability, the tag's score;
a tag is kept at or above the theme's threshold (chosen by cross-validation on the training
texts). Its evidence is the passage (sentence, or transcript segment with its time) that
scored best, then the lexicon's words. A theme the model does not know (one an editor added)
is tagged by the lexicon alone, and so is every theme when the embedding package is missing
(load_embedder warns once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from themes.embedding import (
    EmbeddingCache,
    Passage,
    Side,
    load_embedder,
    segment_passages,
    text_passages,
)
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
FEATURES = ("lexicon", "best passage", "best passage lexicon", "best passage's margin")
# Passages shown as evidence of a semantic hit, best first.
MAX_PASSAGE_EVIDENCE = 2
# A model file is a few hundred kilobytes; refuse anything much larger.
MAX_MODEL_BYTES = 5_000_000


@dataclass(frozen=True)
class ThemeModel:
    """The fitted numbers of one theme: its sentence model and its threshold."""

    passage_weights: np.ndarray
    passage_bias: float
    threshold: float


@dataclass(frozen=True)
class SemanticModel:
    """The fitted parameters of every theme, for one embedding model."""

    model_id: str
    # The side of the embedding model the sentence models were fitted on.
    side: Side
    themes: dict[str, ThemeModel]
    # Weights of FEATURES, then the bias: the combination shared by all themes.
    combine: np.ndarray
    digest: str

    @property
    def ids(self) -> list[str]:
        """The model's theme ids, in the order of the columns of passage_logits."""
        return list(self.themes)


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
                threshold=float(entry["threshold"]),
            )
            for theme_id, entry in data["themes"].items()
        }
        combine = np.asarray(data["combine"], dtype=np.float64)
        if combine.shape != (len(FEATURES) + 1,):
            raise ValueError(f"combine has {combine.size} numbers, not {len(FEATURES) + 1}")
        if not themes or len({theme.passage_weights.shape for theme in themes.values()}) != 1:
            raise ValueError("the themes' passage weights differ in shape")
        side = data.get("side", "passage")
        if side not in ("passage", "query"):
            raise ValueError(f"unknown embedding side {side!r}")
        return SemanticModel(
            str(data["model_id"]), side, themes, combine, hashlib.sha256(raw).hexdigest()
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ThemeError(f"{path}: not a usable semantic model ({exc})") from exc


@cache
def default_semantic_model() -> SemanticModel:
    """The model shipped with the package, read once."""
    return load_semantic_model()


def passage_logits(themes: Sequence[ThemeModel], embeddings: np.ndarray) -> np.ndarray:
    """Each passage's sentence-model score (a logit) per theme; shape (passages, themes)."""
    weights = np.stack([theme.passage_weights for theme in themes], axis=1)
    biases = np.array([theme.passage_bias for theme in themes], dtype=np.float32)
    return embeddings @ weights + biases


def text_features(
    logits: np.ndarray, lexicon: np.ndarray, passage_lexicon: np.ndarray
) -> np.ndarray:
    """The FEATURES of a text per theme, shape (themes, features).

    logits and passage_lexicon are (passages, themes); lexicon is the whole text's score.

    >>> logits = np.array([[2.0, 0.5], [-1.0, 1.5]])
    >>> text_features(logits, np.array([0.6, 0.0]), np.array([[0.0, 0.3], [0.5, 0.0]])).tolist()
    [[0.6, 2.0, 0.5, 1.5], [0.0, 1.5, 0.3, 2.5]]
    """
    themes = logits.shape[1]
    best = np.argmax(logits, axis=0)
    columns = np.arange(themes)
    if themes > 1:
        others = np.array([np.delete(logits[i], j).max() for j, i in enumerate(best)])
    else:
        others = np.zeros(1)
    return np.stack(
        [
            lexicon,
            logits[best, columns],
            passage_lexicon.max(axis=0),
            logits[best, columns] - others,
        ],
        axis=1,
    )


def probabilities(combine: np.ndarray, features: np.ndarray) -> np.ndarray:
    """The combined, calibrated probability per theme that the text is about it."""
    return sigmoid(features @ combine[:-1] + combine[-1])


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
        known = [theme_id for theme_id in self.model.ids if theme_id in taxonomy.ids]
        probability: dict[str, float] = {}
        if passages and embedder and known:
            embeddings = self.cache.embeddings(embedder, passages, self.model.side)
            logits = passage_logits([self.model.themes[t] for t in self.model.ids], embeddings)
            features = text_features(
                logits,
                np.array([by_theme[t].score if t in by_theme else 0.0 for t in self.model.ids]),
                passage_lexicon_scores(passages, self.model.ids, taxonomy),
            )
            scores = probabilities(self.model.combine, features)
            probability = {t: float(scores[j]) for j, t in enumerate(self.model.ids)}
        tags = []
        for theme_id in taxonomy.ids:
            found = by_theme.get(theme_id)
            if theme_id not in probability:
                if found and found.score >= THRESHOLD:
                    tags.append(found)
                continue
            score = probability[theme_id]
            if score >= self.model.themes[theme_id].threshold:
                column = logits[:, self.model.ids.index(theme_id)]
                evidence = _passage_evidence(passages, column)
                evidence += found.evidence if found else ()
                tags.append(Tag(theme_id, round(score, 3), evidence))
        tags.sort(key=lambda tag: (-tag.score, tag.theme))
        return tags


def passage_lexicon_scores(
    passages: Sequence[Passage], theme_ids: Sequence[str], taxonomy: Taxonomy | None = None
) -> np.ndarray:
    """The lexicon's score of each passage on its own per theme; shape (passages, themes)."""
    column = {theme_id: j for j, theme_id in enumerate(theme_ids)}
    scores = np.zeros((len(passages), len(theme_ids)))
    for i, passage in enumerate(passages):
        for tag in score_text(passage.text, taxonomy):
            if tag.theme in column:
                scores[i, column[tag.theme]] = tag.score
    return scores


def _passage_evidence(passages: list[Passage], scores: np.ndarray) -> tuple[Evidence, ...]:
    """The best passage, and the next if the sentence model also counts it for the theme."""
    order = np.argsort(-scores)[:MAX_PASSAGE_EVIDENCE]
    chosen = [index for rank, index in enumerate(order) if rank == 0 or scores[index] > 0]
    return tuple(
        Evidence(p.text, p.start, p.end, p.segment, p.time)
        for p in (passages[index] for index in chosen)
    )
