"""The labelled sets and the tagger's quality on them (a regression test for the tagger)."""

from __future__ import annotations

from collections import Counter

import pytest

from themes import THRESHOLD, default_taxonomy, tag_text
from themes.evaluation import (
    SEEDS_DIR,
    SPLIT_DIRS,
    TEXTS_DIR,
    load_labelled_set,
    micro_scores,
    predictions,
)

TARGET_F1 = 0.85


def test_evaluation_own_set_covers_every_theme_three_times() -> None:
    items = load_labelled_set(TEXTS_DIR)
    counts = Counter(theme for item in items for theme in item.themes)
    assert len(items) >= 25
    assert set(counts) == set(default_taxonomy().ids)
    assert min(counts.values()) >= 3
    assert {item.kind for item in items} >= {"news", "episode"}
    assert sum(1 for item in items if not item.themes) >= 5  # hard negatives


@pytest.mark.parametrize("folder", [SEEDS_DIR, TEXTS_DIR], ids=["seeds", "texts"])
def test_evaluation_labels_use_known_theme_ids(folder) -> None:
    ids = set(default_taxonomy().ids)
    assert all(item.themes <= ids and item.text.strip() for item in load_labelled_set(folder))


@pytest.mark.parametrize("folder", [SEEDS_DIR, TEXTS_DIR], ids=["seeds", "texts"])
def test_evaluation_micro_f1_stays_above_target(folder) -> None:
    pairs = predictions(load_labelled_set(folder), lambda t: (tag.theme for tag in tag_text(t)))
    scores = micro_scores(pairs)
    assert scores.f1 >= TARGET_F1, f"micro-F1 {scores.f1:.3f} at threshold {THRESHOLD}"


def test_evaluation_corpus_has_every_kind_theme_and_enough_texts_without_one() -> None:
    splits = {name: load_labelled_set(folder) for name, folder in SPLIT_DIRS.items()}
    items = [item for split in splits.values() for item in split]
    counts = Counter(theme for item in items for theme in item.themes)
    assert len(items) >= 300
    assert set(counts) == set(default_taxonomy().ids) and min(counts.values()) >= 20
    assert sum(1 for item in items if not item.themes) >= 0.2 * len(items)
    assert {item.kind for item in items} == {"news", "event", "episode", "transcript"}
    test_counts = Counter(theme for item in splits["test"] for theme in item.themes)
    assert min(test_counts.values()) >= 10
    spoken = [item for item in items if item.kind == "transcript"]
    assert all(300 <= len(item.text.split()) <= 750 for item in spoken)
