"""Fitting the semantic layer: sentence models, their combination and thresholds, by CV.

The training data are passages (sentences, transcript segments) with a label per theme and
a weight per label: 1 where the label is known, 0 where it is not (in a hand-labelled text
only the passage the lexicon likes best is taken to carry a labelled theme, the others are
left out for that theme; every passage of a text without the theme is a negative). Each
passage has a fold, and passages that say the same sentence share one, so a held-out fold
holds sentences the sentence models have not seen: that is what a new text looks like.
Single labelled statements (not parts of a text) may be added: they teach the sentence
models only, in the fold their text hashes to, and take no part in the combination.

1. Sentence models: per theme, an L2-regularised logistic regression from a passage's
   embedding to its label (classes balanced), fitted on all folds but one, five times, to
   score every passage out of fold; then once on everything (the shipped model).
2. The combination: one logistic regression over the FEATURES of themes/semantic.py, pooled
   over all themes, fitted on the out-of-fold features of the training texts.
3. Thresholds: per theme, the probability cut with the best out-of-fold F1 (ties: nearest 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from themes.logistic import fit_logistic
from themes.semantic import ThemeModel, passage_logits, probabilities, text_features

FOLDS = 5
# L2 penalties: on the 384 weights of a sentence model, and on the combination's weights.
# 0.1 had the best cross-validated F1 of 0.1, 0.3 and 1.0 (benchmarks/results/tagging_eval.md).
PASSAGE_L2 = 0.1
COMBINE_L2 = 0.1
THRESHOLDS = np.round(np.arange(0.1, 0.96, 0.05), 2)


@dataclass(frozen=True)
class TrainingText:
    """A labelled text as the fit sees it; per-passage arrays are (passages, themes)."""

    embeddings: np.ndarray
    lexicon: np.ndarray
    passage_lexicon: np.ndarray
    passage_labels: np.ndarray
    label_weights: np.ndarray
    folds: np.ndarray
    themes: np.ndarray


@dataclass(frozen=True)
class Statements:
    """Labelled statements on their own: one row each, arrays (statements, themes)."""

    embeddings: np.ndarray
    labels: np.ndarray
    folds: np.ndarray


@dataclass(frozen=True)
class Fitted:
    """The fitted layer, and the out-of-fold F1 it was chosen by."""

    themes: dict[str, ThemeModel]
    combine: np.ndarray
    cv_f1: float


def fit(
    theme_ids: Sequence[str],
    texts: Sequence[TrainingText],
    statements: Statements | None = None,
) -> Fitted:
    """Fit the sentence models, the combination and the thresholds of every theme."""
    x = np.vstack([text.embeddings for text in texts])
    y = np.vstack([text.passage_labels for text in texts])
    w = np.vstack([text.label_weights for text in texts])
    folds = np.concatenate([text.folds for text in texts])
    in_texts = len(x)
    if statements is not None:
        x = np.vstack([x, statements.embeddings])
        y = np.vstack([y, statements.labels])
        w = np.vstack([w, np.ones_like(statements.labels)])
        folds = np.concatenate([folds, statements.folds])
    out_of_fold = np.zeros((in_texts, y.shape[1]))
    for fold in range(FOLDS):
        models = fit_sentences(x, y, w * (folds != fold)[:, None])
        held_out = folds[:in_texts] == fold
        out_of_fold[held_out] = passage_logits(models, x[:in_texts][held_out])
    features = []
    offset = 0
    for text in texts:
        count = len(text.embeddings)
        logits = out_of_fold[offset : offset + count]
        features.append(text_features(logits, text.lexicon, text.passage_lexicon))
        offset += count
    stacked = np.stack(features)
    labels = np.stack([text.themes for text in texts]).astype(float)
    weights, bias = fit_logistic(stacked.reshape(-1, stacked.shape[-1]), labels.ravel(), COMBINE_L2)
    combine = np.append(weights, bias)
    scores = probabilities(combine, stacked)
    thresholds = [best_threshold(scores[:, j], labels[:, j] > 0) for j in range(len(theme_ids))]
    predicted = scores >= np.array(thresholds)
    tp = float(np.sum(predicted & (labels > 0)))
    cv_f1 = 2 * tp / (predicted.sum() + labels.sum())
    models = fit_sentences(x, y, w)
    themes = {
        theme_id: ThemeModel(model.passage_weights, model.passage_bias, thresholds[j])
        for j, (theme_id, model) in enumerate(zip(theme_ids, models, strict=True))
    }
    return Fitted(themes, combine, cv_f1)


def fit_sentences(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> list[ThemeModel]:
    """One sentence model per column of y, on the rows whose weight for it is above 0."""
    models = []
    for j in range(y.shape[1]):
        keep = weights[:, j] > 0
        coefficients, bias = fit_logistic(
            x[keep], y[keep, j], PASSAGE_L2, _balanced(y[keep, j]) * weights[keep, j]
        )
        models.append(ThemeModel(coefficients.astype(np.float32), bias, 0.5))
    return models


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut with the best F1 over THRESHOLDS; ties go to the one nearest 0.5.

    >>> best_threshold(np.array([0.9, 0.7, 0.3, 0.2]), np.array([True, True, False, False]))
    0.5
    """
    best = (-1.0, 0.0, 0.5)
    for threshold in THRESHOLDS:
        predicted = scores >= threshold
        tp = float(np.sum(predicted & labels))
        f1 = 2 * tp / (np.sum(predicted) + np.sum(labels)) if np.any(predicted | labels) else 1.0
        candidate = (round(f1, 9), -abs(threshold - 0.5), float(threshold))
        best = max(best, candidate)
    return best[2]


def _balanced(y: np.ndarray) -> np.ndarray:
    """Row weights that give both classes the same total weight.

    >>> _balanced(np.array([1.0, 0.0, 0.0, 0.0])).tolist()
    [2.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666]
    """
    positives = max(1.0, float(y.sum()))
    negatives = max(1.0, float(len(y) - y.sum()))
    return np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
