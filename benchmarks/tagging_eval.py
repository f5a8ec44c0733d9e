"""Measure the theme tagger on the labelled sets: micro precision, recall and F1.

Runs the default taxonomy over themes/eval/seeds (the five seed documents) and
themes/eval/texts (the project's own labelled texts), prints the figures and writes
benchmarks/results/tagging_eval.md. Usage: python benchmarks/tagging_eval.py
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from themes import THRESHOLD, default_taxonomy, score_text
from themes.evaluation import (
    SEEDS_DIR,
    TEXTS_DIR,
    load_labelled_set,
    micro_scores,
    per_theme_scores,
)

RESULTS = Path(__file__).parent / "results" / "tagging_eval.md"
SETS = {"seeds": SEEDS_DIR, "own labelled set": TEXTS_DIR}
SWEEP = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
TARGET_F1 = 0.85


def main() -> int:
    """Evaluate, print and write the results file; exit 1 if a set misses the F1 target."""
    taxonomy = default_taxonomy()
    lines = [
        "# Theme tagging: evaluation on the labelled sets",
        "",
        f"Written by `benchmarks/tagging_eval.py`; threshold {THRESHOLD}; "
        f"taxonomy sha256 `{taxonomy.digest[:12]}`; Python {platform.python_version()}.",
        "Micro-averaged over (item, theme) pairs. Target: F1 >= 0.85 on each set.",
        "How the sets were made, and an estimate on text the tagger was not tuned on:",
        "`themes/eval/README.md`.",
        "",
    ]
    missed = False
    for name, folder in SETS.items():
        items = load_labelled_set(folder)
        scored = [(item, score_text(item.text, taxonomy)) for item in items]
        at_threshold = _pairs(scored, THRESHOLD)
        total = micro_scores(at_threshold)
        missed |= total.f1 < TARGET_F1
        labelled = sum(len(item.themes) for item in items)
        print(
            f"{name}: {len(items)} texts, {labelled} labelled pairs: precision "
            f"{total.precision:.3f} recall {total.recall:.3f} F1 {total.f1:.3f}"
        )
        lines += [
            f"## {name} ({len(items)} texts, {labelled} labelled pairs, `{folder.name}/`)",
            "",
            "| | precision | recall | F1 | tp | fp | fn |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            _row("**micro**", total),
        ]
        for theme, scores in per_theme_scores(at_threshold, taxonomy.ids).items():
            lines.append(_row(f"`{theme}`", scores))
        lines += ["", "Micro-F1 at other thresholds:", ""]
        lines += ["| threshold | " + " | ".join(str(t) for t in SWEEP) + " |"]
        lines += ["| --- | " + " | ".join("---:" for _ in SWEEP) + " |"]
        sweep = (f"{micro_scores(_pairs(scored, t)).f1:.3f}" for t in SWEEP)
        lines += ["| F1 | " + " | ".join(sweep) + " |"]
        lines += ["", "Errors at the threshold (score and strongest evidence):", ""]
        errors = _errors(scored)
        lines += errors or ["- none"]
        lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 1 if missed else 0


def _pairs(scored, threshold: float) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(predicted, labelled) theme sets per item at a threshold."""
    return [
        (frozenset(tag.theme for tag in tags if tag.score >= threshold), item.themes)
        for item, tags in scored
    ]


def _row(label: str, scores) -> str:
    return (
        f"| {label} | {scores.precision:.3f} | {scores.recall:.3f} | {scores.f1:.3f} "
        f"| {scores.tp} | {scores.fp} | {scores.fn} |"
    )


def _errors(scored) -> list[str]:
    lines = []
    for item, tags in scored:
        by_theme = {tag.theme: tag for tag in tags}
        predicted = {tag.theme for tag in tags if tag.score >= THRESHOLD}
        for kind, themes in (
            ("false positive", predicted - item.themes),
            ("false negative", item.themes - predicted),
        ):
            for theme in sorted(themes):
                tag = by_theme.get(theme)
                why = (
                    f"{tag.score:.2f}: " + ", ".join(f"“{e.text}”" for e in tag.evidence[:4])
                    if tag
                    else "no evidence"
                )
                lines.append(f"- {kind}: `{item.name}` `{theme}` ({why})")
    return lines


if __name__ == "__main__":
    sys.exit(main())
