"""Measuring the tagger on labelled texts: micro precision, recall and F1 over (item, theme) pairs.

A labelled set is a folder of UTF-8 `.txt` files with a `labels.json` that maps each file
name to `{"kind": ..., "themes": [theme ids]}`. The sets shipped with the package live in
`themes/eval/` (see its README).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from themes.errors import ThemeError

EVAL_DIR = Path(__file__).with_name("eval")
SEEDS_DIR = EVAL_DIR / "seeds"
TEXTS_DIR = EVAL_DIR / "texts"
# The composed corpus in its train, dev and (frozen) test splits; see corpus/README.md.
CORPUS_DIR = EVAL_DIR / "corpus"
SPLIT_DIRS = {split: CORPUS_DIR / split for split in ("train", "dev", "test")}


@dataclass(frozen=True)
class LabelledText:
    """One text of a labelled set and the themes a person gave it."""

    name: str
    kind: str
    text: str
    themes: frozenset[str]


@dataclass(frozen=True)
class Scores:
    """Counts of true positives, false positives and false negatives, and the rates."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted.

        >>> Scores(3, 1, 0).precision
        0.75
        """
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was labelled.

        >>> Scores(3, 0, 3).recall
        0.5
        """
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall.

        >>> round(Scores(3, 1, 3).f1, 3)
        0.6
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_labelled_set(folder: Path) -> list[LabelledText]:
    """Read a labelled set: the texts named in the folder's labels.json, in name order."""
    labels_path = folder / "labels.json"
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        return [
            LabelledText(
                name=name,
                kind=entry["kind"],
                text=(folder / name).read_text(encoding="utf-8"),
                themes=frozenset(entry["themes"]),
            )
            for name, entry in sorted(labels.items())
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ThemeError(f"{labels_path}: not a readable labelled set ({exc})") from exc


def micro_scores(pairs: Iterable[tuple[frozenset[str], frozenset[str]]]) -> Scores:
    """Count (item, theme) pairs over (predicted, labelled) theme sets, one per item.

    >>> micro_scores([(frozenset({"a", "b"}), frozenset({"a"})), (frozenset(), frozenset({"c"}))])
    Scores(tp=1, fp=1, fn=1)
    """
    tp = fp = fn = 0
    for predicted, labelled in pairs:
        tp += len(predicted & labelled)
        fp += len(predicted - labelled)
        fn += len(labelled - predicted)
    return Scores(tp, fp, fn)


def per_theme_scores(
    pairs: list[tuple[frozenset[str], frozenset[str]]], theme_ids: Iterable[str]
) -> dict[str, Scores]:
    """Scores of each theme alone over the same (predicted, labelled) pairs."""
    return {
        theme: micro_scores(
            (predicted & {theme}, labelled & {theme}) for predicted, labelled in pairs
        )
        for theme in theme_ids
    }


def predictions(
    items: list[LabelledText], tagger: Callable[[str], Iterable[str]]
) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Run a tagger (text -> theme ids) over the items: (predicted, labelled) per item."""
    return [(frozenset(tagger(item.text)), item.themes) for item in items]
