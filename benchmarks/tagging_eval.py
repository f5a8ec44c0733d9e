"""Measure theme tagging on the labelled sets: micro precision, recall and F1, per theme F1.

Two taggers on every set: the lexicon alone (themes.tag_text, the baseline and the default
of `innocast tag` and catalog tagging) and the lexicon with the semantic layer
(themes.semantic.SemanticTagger; opt-in: `[tagging] semantic = true`, `innocast tag --semantic`).
Each gets its verdict against the targets. Sets: the five seeds, the 45
hand-written texts of themes/eval/texts, and the composed corpus's train, dev and frozen
test splits (themes/eval/corpus/README.md). Writes benchmarks/results/tagging_eval.md.

Every run that measures the test split is one look at it, and is appended to the file's log
of looks (date, commit, figures), which the next run keeps; `--no-test` leaves the test split
out (for work on train and dev), and no look is logged.

    .venv/bin/python benchmarks/tagging_eval.py [--no-test] [--note "what changed"]
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from themes import default_taxonomy, tag_text
from themes.embedding import EmbeddingCache
from themes.evaluation import (
    SEEDS_DIR,
    SPLIT_DIRS,
    TEXTS_DIR,
    LabelledText,
    Scores,
    load_labelled_set,
    micro_scores,
    per_theme_scores,
)
from themes.semantic import MODEL_PATH, SemanticTagger

ROOT = Path(__file__).parents[1]
RESULTS = Path(__file__).parent / "results" / "tagging_eval.md"
CACHE_DIR = ROOT / ".innocast" / "eval-embeddings"
SETS = {
    "seeds": SEEDS_DIR,
    "own labelled set (texts/)": TEXTS_DIR,
    "corpus train": SPLIT_DIRS["train"],
    "corpus dev": SPLIT_DIRS["dev"],
    "corpus test (frozen)": SPLIT_DIRS["test"],
}
TEST = "corpus test (frozen)"
# Sets the semantic layer may be fitted on: themes/semantic_model.json names its corpus splits.
FITTED_SPLITS = {"corpus train": "train", "corpus dev": "dev"}
SEMANTIC = "lexicon + semantic"
ROLES = {"lexicon": "the default", SEMANTIC: "opt-in: `[tagging] semantic = true`"}
TARGETS = {"corpus test (frozen)": 0.88, "seeds": 0.95}
TARGET_THEME_F1 = 0.85
MIN_THEME_LABELS = 10
LOG_START, LOG_END = "<!-- looks: start -->", "<!-- looks: end -->"


def main() -> int:
    """Evaluate, print and write the results file; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-test", action="store_true", help="leave the test split out")
    parser.add_argument("--note", default="", help="what changed since the last look")
    parser.add_argument("--lexicon-only", action="store_true", help="measure the baseline only")
    args = parser.parse_args()
    taxonomy = default_taxonomy()
    taggers: dict[str, Callable[[str], list[str]]] = {
        "lexicon": lambda text: [tag.theme for tag in tag_text(text, taxonomy)],
    }
    model = "none (lexicon only)"
    fitted: set[str] = set()
    if not args.lexicon_only:
        semantic = SemanticTagger(cache=EmbeddingCache(CACHE_DIR))
        fitted = _fitted_sets()
        model = f"sha256 `{semantic.model.digest[:12]}` ({semantic.model.model_id})"
        taggers[SEMANTIC] = lambda text: [tag.theme for tag in semantic.tag_text(text, taxonomy)]
    lines = [
        "# Theme tagging: evaluation on the labelled sets",
        "",
        f"Written by `benchmarks/tagging_eval.py`; taxonomy sha256 `{taxonomy.digest[:12]}`; "
        f"semantic model {model}; "
        f"Python {platform.python_version()}. Micro-averaged over (item, theme) pairs.",
        f"Targets: micro-F1 >= {TARGETS[TEST]} on the frozen test split, >= {TARGET_THEME_F1} "
        f"on every theme with >= {MIN_THEME_LABELS} test labels, >= {TARGETS['seeds']} on the "
        "seeds. How the sets were made: `themes/eval/README.md`, `themes/eval/corpus/README.md` "
        "(the test split was frozen in commit `cde25389c0b5`, before any fitting).",
        "",
    ]
    verdicts: dict[str, list[str]] = {method: [] for method in taggers}
    look: dict[str, Scores] = {}
    for name, folder in SETS.items():
        if name == TEST and args.no_test:
            continue
        items = load_labelled_set(folder)
        results = {method: _run(items, tagger) for method, tagger in taggers.items()}
        lines += _section(name, folder, items, results, taxonomy.ids, name in fitted)
        for method, pairs in results.items():
            verdicts[method] += _verdicts(name, pairs, taxonomy.ids)
        if name == TEST:
            look = {method: micro_scores(pairs) for method, pairs in results.items()}
    log = _previous_looks()
    if look:
        log.append(
            f"| {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} | `{_commit()}` "
            f"| {look['lexicon'].f1:.3f} | {_f1(look.get(SEMANTIC))} "
            f"| {args.note or '-'} |"
        )
    lines[5:5] = [
        *(
            line
            for method, found in verdicts.items()
            for line in (f"## Verdict: {method} ({ROLES[method]})", "", *(f"- {v}" for v in found),
                         "")
        ),
        "## Looks at the frozen test split",
        "",
        "Every run that measured the test split, oldest first (micro-F1).",
        "",
        LOG_START,
        "| date (UTC) | commit | lexicon | lexicon + semantic | note |",
        "| --- | --- | ---: | ---: | --- |",
        *log,
        LOG_END,
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    for method, found in verdicts.items():
        print(f"{method}:", *found, sep="\n  ")
    print(f"wrote {RESULTS}")
    # The default tagger is what users get: its targets decide the exit status.
    return 1 if any("MISSED" in verdict for verdict in verdicts["lexicon"]) else 0


def _verdicts(name: str, pairs, theme_ids) -> list[str]:
    """One tagger's results on a set against the targets: micro-F1, and per theme on test."""
    found = []
    if name in TARGETS:
        total = micro_scores(pairs)
        met = total.f1 >= TARGETS[name]
        found.append(
            f"{name}: micro-F1 {total.f1:.3f} (target {TARGETS[name]}: "
            f"{'met' if met else 'MISSED'})"
        )
    if name == TEST:
        for theme, scores in per_theme_scores(pairs, theme_ids).items():
            if scores.tp + scores.fn >= MIN_THEME_LABELS:
                met = scores.f1 >= TARGET_THEME_F1
                found.append(
                    f"{name} `{theme}`: F1 {scores.f1:.3f} ({scores.tp + scores.fn} labels; "
                    f"{'met' if met else 'MISSED'})"
                )
    return found


def _f1(scores: Scores | None) -> str:
    return f"{scores.f1:.3f}" if scores else "-"


def _run(items: list[LabelledText], tagger) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(tagger(item.text)), item.themes) for item in items]


def _fitted_sets() -> set[str]:
    """The sets the shipped semantic layer was fitted on (its figures there are not held out)."""
    fitted_on = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fitted_on"]
    splits = fitted_on["corpus splits"]
    return {"own labelled set (texts/)"} | {n for n, s in FITTED_SPLITS.items() if s in splits}


def _section(name, folder, items, results, theme_ids, fitted: bool) -> list[str]:
    labelled = sum(len(item.themes) for item in items)
    none = sum(1 for item in items if not item.themes)
    lines = [
        f"## {name} ({len(items)} texts, {none} without a theme, {labelled} labelled pairs, "
        f"`{folder.relative_to(ROOT)}/`)",
        "",
        *(
            ["The semantic layer was fitted on this set: its figures here are not held out.", ""]
            if fitted
            else []
        ),
        "| tagger | precision | recall | F1 | tp | fp | fn |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for method, pairs in results.items():
        s = micro_scores(pairs)
        lines.append(
            f"| {method} | {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** "
            f"| {s.tp} | {s.fp} | {s.fn} |"
        )
    lines += ["", "| theme | labels | " + " | ".join(f"F1 {m}" for m in results) + " |"]
    lines += ["| --- | ---: | " + " | ".join("---:" for _ in results) + " |"]
    per_method = {m: per_theme_scores(pairs, theme_ids) for m, pairs in results.items()}
    for theme in theme_ids:
        first = next(iter(per_method.values()))[theme]
        cells = " | ".join(f"{per_method[m][theme].f1:.3f}" for m in results)
        lines.append(f"| `{theme}` | {first.tp + first.fn} | {cells} |")
    return [*lines, ""]


def _previous_looks() -> list[str]:
    """The log rows of the previous results file, kept across runs."""
    if not RESULTS.exists():
        return []
    found = re.search(
        re.escape(LOG_START) + r"(.*?)" + re.escape(LOG_END), RESULTS.read_text(), re.DOTALL
    )
    rows = found.group(1).strip().splitlines()[2:] if found else []
    return [row for row in rows if row.startswith("|")]


def _commit() -> str:
    """The short commit hash, with +changes when tracked files (but results) differ from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks/results"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    return head + ("+changes" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
