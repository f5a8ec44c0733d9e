"""Chapters from the transcript: found topic boundaries against the true ones.

Each episode of benchmarks/cases/chapters.toml (fixed before the first tuning; its test split
has since been tuned on too), of benchmarks/cases/chapters_heldout.toml (the first held-out
split, measured once and tuned on since) and of benchmarks/cases/chapters_heldout2.toml (the
second held-out split, committed alone before the segmenter was changed for it) is its texts
spoken in turn
by espeak-ng; a text's first spoken moment is a true boundary. The episode is transcribed
with the real bundled Whisper model, and chapters are found (a) on that machine transcript and
(b) on the texts synced to the audio as a manuscript, which is what an episode with a
`script_file` publishes. A found boundary within 15 s of a true one, one to one, is a hit.
Target: at least 80 % of the true boundaries hit, at most one false boundary per ten minutes.
In the same run, on the same segments: innocast by words alone (what it does without the
embedding model), and as baselines the segmenter as it was before this change (loaded from
git) and NLTK's TextTiling (the classic implementation, where installed).

Usage: .venv/bin/python benchmarks/chapters.py [tune|test|heldout|heldout2]   (all by default,
which writes benchmarks/results/chapters.md; audio and transcripts cached, see spoken.py)
"""

from __future__ import annotations

import functools
import platform
import subprocess
import sys
import tomllib
import types
from collections.abc import Callable
from pathlib import Path

from spoken import Line, commit, heard, speak, write_results

from themes.embedding import EmbeddingCache, segment_embeddings
from themes.taxonomy import default_taxonomy
from themes.topics import topic_boundaries
from transcripts.alignment import align
from transcripts.manuscript import parse_manuscript
from transcripts.segments import Segment
from transcripts.speech import speech_spans_of

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "chapters.toml"
HELD_OUT = Path(__file__).parent / "cases" / "chapters_heldout.toml"
HELD_OUT_2 = Path(__file__).parent / "cases" / "chapters_heldout2.toml"
SPLITS = ("tune", "test", "heldout", "heldout2")
HEADINGS = {
    "tune": "tune split",
    "test": "first test split (measured once at an earlier stop, tuned on since)",
    "heldout": "first held-out split (measured once at the previous stop, tuned on since)",
    "heldout2": "second held-out split (measured once, at the end)",
}
RESULTS = Path(__file__).parent / "results" / "chapters.md"
TOLERANCE = 15.0
TARGET_RECALL = 0.8
TARGET_FALSE_PER_TEN_MINUTES = 1.0

Finder = Callable[[list[Segment]], list[float]]


def innocast_chapters(segments: list[Segment]) -> list[float]:
    embeddings = segment_embeddings([s.text for s in segments], _CACHE)
    return [segments[i].start for i in topic_boundaries(segments, default_taxonomy(), embeddings)]


def words_only_chapters(segments: list[Segment]) -> list[float]:
    return [segments[i].start for i in topic_boundaries(segments, default_taxonomy())]


_CACHE = EmbeddingCache()
PREVIOUS = "f519655"


def previous_chapters(segments: list[Segment]) -> list[float]:
    """The segmenter as it was at `PREVIOUS` (words alone, Utiyama and Isahara), from git."""
    module = _previous_module()
    return [segments[i].start for i in module.topic_boundaries(segments, default_taxonomy())]


@functools.cache
def _previous_module() -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{PREVIOUS}:themes/topics.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("previous_topics")
    exec(compile(source, f"{PREVIOUS}:themes/topics.py", "exec"), module.__dict__)
    return module


def texttiling(segments: list[Segment]) -> list[float]:
    """NLTK's TextTiling over the segments, each segment a paragraph (its unit of boundary)."""
    from nltk.tokenize.texttiling import TextTilingTokenizer

    text = "\n\n".join(s.text for s in segments)
    try:
        tiles = TextTilingTokenizer(stopwords=[]).tokenize(text)
    except ValueError:
        return []
    starts, at = [], 0
    for tile in tiles[:-1]:
        at += tile.strip().count("\n\n") + 1
        if at < len(segments):
            starts.append(segments[at].start)
    return starts


def _finders() -> dict[str, Finder]:
    finders: dict[str, Finder] = {
        "innocast": innocast_chapters,
        "innocast, words only (no embedding model)": words_only_chapters,
        f"baseline: innocast at {PREVIOUS}": previous_chapters,
    }
    try:
        import nltk  # noqa: F401

        finders["baseline: NLTK TextTiling"] = texttiling
    except ImportError:
        pass
    return finders


def main() -> int:
    """Measure, print and (for both splits) write the results file."""
    default_taxonomy()
    episodes = [
        episode
        for cases in (CASES, HELD_OUT, HELD_OUT_2)
        for episode in tomllib.loads(cases.read_text(encoding="utf-8"))["episodes"]
    ]
    splits = sys.argv[1:] or list(SPLITS)
    lines = [
        "# Chapters from the transcript: evaluation",
        "",
        f"Written by `benchmarks/chapters.py` at commit `{commit()}`; episodes "
        f"`{CASES.relative_to(ROOT)}` frozen at `{commit(CASES)}`, "
        f"`{HELD_OUT.relative_to(ROOT)}` at `{commit(HELD_OUT)}`, "
        f"`{HELD_OUT_2.relative_to(ROOT)}` at `{commit(HELD_OUT_2)}`; Python "
        f"{platform.python_version()}; the bundled Whisper base model, int8, 2 threads.",
        f"A hit is a found boundary within ±{TOLERANCE:.0f} s of a true one (one to one). "
        f"Target: recall >= {TARGET_RECALL:.0%}, <= {TARGET_FALSE_PER_TEN_MINUTES:.0f} false "
        "boundary per ten minutes.",
        "The segmenter's settings were tuned on the tune, first test and first held-out splits "
        "(their cached transcripts); the second held-out split was run once, at the end.",
    ]
    missed = False
    for split in splits:
        lines += [
            "",
            f"## {HEADINGS[split]}",
            "",
            "| episode | minutes | transcript | method | true | hits | recall | false | "
            "false / 10 min |",
            "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        totals: dict[tuple[str, str], list[float]] = {}
        for episode in (e for e in episodes if e["split"] == split):
            for row, key, figures in _episode(episode):
                lines.append(row)
                print(row, flush=True)
                total = totals.setdefault(key, [0, 0, 0, 0.0])
                for n, value in enumerate(figures):
                    total[n] += value
        for (transcript, method), (true, hits, false, minutes) in totals.items():
            recall, rate = hits / true, false / minutes * 10
            if method == "innocast" and transcript == "synced manuscript":
                missed |= recall < TARGET_RECALL or rate > TARGET_FALSE_PER_TEN_MINUTES
            lines.append(
                f"| **all {split}** | {minutes:.1f} | {transcript} | {method} | {true} | {hits} "
                f"| {recall:.0%} | {false} | {rate:.2f} |"
            )
    if len(splits) == len(SPLITS):
        write_results(RESULTS, lines)
    return 1 if missed else 0


def _episode(episode: dict):  # type: ignore[no-untyped-def]
    """Speak, transcribe, sync; yield a table row and figures per transcript and method."""
    spoken: list[Line] = []
    firsts: list[int] = []
    texts = [(ROOT / name).read_text(encoding="utf-8") for name in episode["texts"]]
    for text in texts:
        firsts.append(len(spoken))
        for sentence in parse_manuscript(text, "case"):
            spoken.append(Line(sentence.text, sentence.speaker or "HOST", 0.35))
    audio, starts = speak(spoken, "sv")
    truth = [starts[i] for i in firsts[1:]]
    machine = heard(audio, "sv")
    synced = align(parse_manuscript("\n".join(texts), "case"), machine, speech_spans_of(audio))
    minutes = machine.duration / 60
    for transcript, segments in (
        ("machine", machine.segments),
        ("synced manuscript", synced.transcript.segments),
    ):
        for method, finder in _finders().items():
            found = finder(list(segments))
            hits = _hits(found, truth)
            false = len(found) - hits
            row = (
                f"| {episode['name']} | {minutes:.1f} | {transcript} | {method} | {len(truth)} | "
                f"{hits} | {hits / len(truth):.0%} | {false} | {false / minutes * 10:.2f} |"
            )
            yield row, (transcript, method), (len(truth), hits, false, minutes)


def _hits(found: list[float], truth: list[float]) -> int:
    """True boundaries matched one to one by a found boundary within the tolerance."""
    unused = sorted(found)
    hits = 0
    for true in truth:
        near = [f for f in unused if abs(f - true) <= TOLERANCE]
        if near:
            unused.remove(min(near, key=lambda f: abs(f - true)))
            hits += 1
    return hits


if __name__ == "__main__":
    sys.exit(main())
