"""Benchmark: tag 10,000 synthetic news items of 500 words on one core (target: under 30 s).

The tagger is single-threaded Python, so it uses one core. Both wall time and the process's
CPU time are measured: on a machine shared with other work the wall time includes waiting
for the core, while the CPU time is what the same run takes on an idle core; the results
file records the load average so the two can be told apart.

The items are drawn from the words of the labelled texts (themes/eval) plus made-up compound
words (two of those words joined, as Swedish does), so that about one word in ten is a word
the tagger has not seen before and must analyse afresh, as in a real news stream. Baselines
measured in the same run: tokenising the same text with the tagger's word regex alone (a
floor), and the naive method of one compiled regex per taxonomy term scanned over the whole
text (on a sample, scaled up). Writes benchmarks/results/tagging_speed.md.

    .venv/bin/python benchmarks/tagging_speed.py [--items N]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import time
from pathlib import Path

from themes import default_taxonomy, tag_text
from themes.evaluation import SEEDS_DIR, TEXTS_DIR, load_labelled_set
from themes.swedish import TOKEN_RE

RESULTS = Path(__file__).parent / "results" / "tagging_speed.md"
WORDS_PER_ITEM = 500
TARGET_SECONDS = 30.0
NAIVE_SAMPLE = 200


def main() -> None:
    """Build the items, time the tagger and the baselines, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    items = _items(args.items)
    taxonomy = default_taxonomy()

    start = time.perf_counter()
    tag_text("uppvärmning", taxonomy)
    compile_seconds = time.perf_counter() - start

    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    tags = sum(len(tag_text(item, taxonomy)) for item in items)
    tagger_seconds, tagger_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    for item in items:
        sum(1 for _ in TOKEN_RE.finditer(item))
    tokenise_seconds, tokenise_cpu = time.perf_counter() - start, time.process_time() - cpu

    patterns = [
        re.compile(r"\b" + r"\s+".join(map(re.escape, term.words)) + r"\w*", re.IGNORECASE)
        for theme in taxonomy.themes
        for term in theme.terms
    ]
    sample = items[:NAIVE_SAMPLE]
    start, cpu = time.perf_counter(), time.process_time()
    for item in sample:
        for pattern in patterns:
            pattern.findall(item)
    scale = len(items) / len(sample)
    naive_seconds = (time.perf_counter() - start) * scale
    naive_cpu = (time.process_time() - cpu) * scale
    load_after = os.getloadavg()[0]

    words = len(items) * WORDS_PER_ITEM
    per_10k = tagger_cpu * 10_000 / len(items)
    verdict = "met" if per_10k < TARGET_SECONDS else "MISSED"
    rows = [
        ("tagger (`tag_text`, default taxonomy)", tagger_seconds, tagger_cpu),
        ("floor: word regex only", tokenise_seconds, tokenise_cpu),
        (
            f"naive: one regex per term ({len(patterns)} terms; {NAIVE_SAMPLE} items, scaled)",
            naive_seconds,
            naive_cpu,
        ),
    ]
    lines = [
        "# Theme tagging: speed",
        "",
        f"Written by `benchmarks/tagging_speed.py`: {len(items):,} synthetic news items of "
        f"{WORDS_PER_ITEM} words ({words:,} words), one thread, "
        f"Python {platform.python_version()} on {platform.machine()} with {os.cpu_count()} "
        f"CPUs; load average {load_before:.1f} before and {load_after:.1f} after the run.",
        "",
        f"Target: under {TARGET_SECONDS:.0f} s for 10,000 items on one core: **{verdict}** "
        f"({per_10k:.1f} s of CPU time per 10,000 items, {tags:,} tags; wall time "
        f"{tagger_seconds:.1f} s; compiling the taxonomy once: {compile_seconds * 1000:.0f} ms).",
        "",
        "| method | CPU time (s) | wall time (s) | items per CPU second | CPU vs tagger |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, seconds, cpu_seconds in rows:
        lines.append(
            f"| {label} | {cpu_seconds:.2f} | {seconds:.2f} | {len(items) / cpu_seconds:,.0f} | "
            f"{cpu_seconds / tagger_cpu:.2f}x |"
        )
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def _items(count: int) -> list[str]:
    """Synthetic items: labelled-set words at their own frequencies, 10% new compounds."""
    rng = random.Random(20261124)
    corpus = load_labelled_set(SEEDS_DIR) + load_labelled_set(TEXTS_DIR)
    words = [m.group() for item in corpus for m in TOKEN_RE.finditer(item.text) if m["word"]]
    long_words = [word.lower() for word in words if len(word) > 3]
    items = []
    for _ in range(count):
        chosen = []
        for position in range(WORDS_PER_ITEM):
            if rng.random() < 0.1:
                word = rng.choice(long_words) + rng.choice(long_words)
            else:
                word = rng.choice(words)
            chosen.append(word + (". " if position % 15 == 14 else " "))
        items.append("".join(chosen))
    return items


if __name__ == "__main__":
    main()
