"""Fitting the semantic layer's numbers on a labelled train split, thresholds on a dev split.

Per theme, in three steps:

1. A passage model: logistic regression from a passage's embedding to "its text is labelled
   with the theme". Labels are per text, so a labelled text's passages are noisy positives; a
   second fit keeps, in each labelled text, only the passages the first fit scores as the
   theme's (at least its best one) and leaves out the rest (multiple-instance learning).
2. The combination: logistic regression over the features of themes/semantic.py. Its
   training features come from passage models fitted without the text's own fold (5-fold
   cross-fitting), so it learns how the passage scores of unseen text behave.
3. The threshold: the probability cut that gives the best F1 on the dev split (ties: the one
   nearest 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from themes.logistic import fit_logistic
from themes.semantic import ThemeModel, probability, theme_features

FOLDS = 5
# L2 penalties: on the 384 passage weights, and on the five combination weights.
PASSAGE_L2 = 1.0
COMBINE_L2 = 0.1
THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.05), 2)


@dataclass(frozen=True)
class Example:
    """A labelled text as the fit sees it: passage embeddings, lexicon scores, themes."""

    embeddings: np.ndarray
    lexicon: dict[str, float]
    themes: frozenset[str]


def fit_theme(
    theme_id: str, description: np.ndarray, train: Sequence[Example], dev: Sequence[Example]
) -> ThemeModel:
    """Fit one theme's passage model, combination and threshold."""
    labels = np.array([theme_id in example.themes for example in train], dtype=float)
    folds = np.arange(len(train)) % FOLDS
    held_out: list[np.ndarray] = [np.zeros(0)] * len(train)
    for fold in range(FOLDS):
        inside = [i for i in range(len(train)) if folds[i] != fold]
        weights, bias = fit_passages([train[i] for i in inside], labels[inside])
        partial = ThemeModel(weights, bias, description, np.zeros(6), 0.5)
        for i in np.flatnonzero(folds == fold):
            held_out[i] = _features(partial, theme_id, train[i])
    weights, bias = fit_passages(train, labels)
    combine_w, combine_b = fit_logistic(np.vstack(held_out), labels, COMBINE_L2)
    model = ThemeModel(weights, bias, description, np.append(combine_w, combine_b), 0.5)
    dev_scores = np.array([probability(model, _features(model, theme_id, e)) for e in dev])
    dev_labels = np.array([theme_id in example.themes for example in dev])
    threshold = best_threshold(dev_scores, dev_labels)
    return ThemeModel(weights, bias, description, model.combine, threshold)


def fit_passages(examples: Sequence[Example], labels: np.ndarray) -> tuple[np.ndarray, float]:
    """The passage model: fit on all passages, then refit on each positive text's best ones."""
    x = np.vstack([example.embeddings for example in examples])
    y = np.concatenate([np.full(len(e.embeddings), labels[i]) for i, e in enumerate(examples)])
    weights, bias = fit_logistic(x, y, PASSAGE_L2, _balanced(y))
    keep = np.ones(len(y), dtype=bool)
    offset = 0
    for i, example in enumerate(examples):
        count = len(example.embeddings)
        if labels[i]:
            scores = example.embeddings @ weights + bias
            chosen = scores > 0
            chosen[int(np.argmax(scores))] = True
            keep[offset : offset + count] = chosen
        offset += count
    return fit_logistic(x[keep], y[keep], PASSAGE_L2, _balanced(y[keep]))


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


def _features(model: ThemeModel, theme_id: str, example: Example) -> np.ndarray:
    return theme_features(model, example.lexicon.get(theme_id, 0.0), example.embeddings)[0]


def _balanced(y: np.ndarray) -> np.ndarray:
    """Row weights that give both classes the same total weight.

    >>> _balanced(np.array([1.0, 0.0, 0.0, 0.0])).tolist()
    [2.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666]
    """
    positives = max(1.0, float(y.sum()))
    negatives = max(1.0, float(len(y) - y.sum()))
    return np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
