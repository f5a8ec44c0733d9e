"""Manuscript sync: how close the synced segment starts come to where the speech starts.

Two measurements:
1. The issue's targets on the demo episodes (demo/episodes/*.mp3 and their manuscripts): on the
   English one, synced segment starts against the recogniser's own segment starts (target:
   median <= 0.5 s, 95th percentile <= 1.5 s); on the Swedish ones, against the voice-activity
   onsets (median <= 1.0 s, 95th percentile <= 3.0 s). Distances are to the nearest start.
2. The built cases of benchmarks/cases/alignment.toml (fixed before tuning): the manuscripts
   spoken a sentence at a time, some with a sentence skipped or one added, so the true start
   of every spoken sentence is known. Reported per split (tune, test) with two baselines in
   the same run: the manuscript spread over the speech by length alone (no recogniser), and
   the aligner without voice activity (recognised words only).

Usage: .venv/bin/python benchmarks/alignment.py [tune|test]   (both by default, which
writes the results file; audio and transcripts cached, see spoken.py)
"""

from __future__ import annotations

import platform
import statistics
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spoken import Line, commit, heard, percentile, speak, write_results

from transcripts.alignment import align, normalise
from transcripts.manuscript import Sentence, parse_manuscript
from transcripts.segments import Transcript
from transcripts.speech import speech_spans_of

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "alignment.toml"
RESULTS = Path(__file__).parent / "results" / "alignment.md"
SENTENCE_PAUSE = 0.35
TARGETS = {"en": (0.5, 1.5), "sv": (1.0, 3.0)}


@dataclass
class Outcome:
    """One case under one method: start errors of the spoken manuscript sentences, and how
    the skipped and added sentences came out."""

    errors: list[float]
    skipped_left_out: int = 0
    skipped: int = 0
    added_found: int = 0
    added: int = 0


Method = Callable[[list[Sentence], Transcript, list[tuple[float, float]]], Transcript]


def synced(sentences, transcript, spans) -> Transcript:  # type: ignore[no-untyped-def]
    return align(sentences, transcript, spans).transcript


def without_voice_activity(sentences, transcript, spans) -> Transcript:  # type: ignore[no-untyped-def]
    return align(sentences, transcript, []).transcript


def by_length(sentences, transcript, spans) -> Transcript:  # type: ignore[no-untyped-def]
    empty = Transcript(transcript.language, transcript.duration, [])
    return align(sentences, empty, spans).transcript


METHODS: dict[str, Method] = {
    "manuscript sync": synced,
    "baseline: recognised words only, no voice activity": without_voice_activity,
    "baseline: by length over the speech, no recogniser": by_length,
}


def main() -> int:
    """Measure, print, write the results file; exit 1 when a demo target is missed."""
    lines = [
        "# Manuscript sync: evaluation",
        "",
        f"Written by `benchmarks/alignment.py` at commit `{commit()}`; cases "
        f"`{CASES.relative_to(ROOT)}` frozen at `{commit(CASES)}`; Python "
        f"{platform.python_version()}; the bundled Whisper base model, int8, 2 threads.",
        "",
        "## The demo episodes (the issue's targets)",
        "",
        "| episode | measured against | segments | median s | p95 s | target | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    missed = False
    for mp3 in sorted((ROOT / "demo" / "episodes").glob("*.mp3")):
        row, ok = _demo_row(mp3)
        missed |= not ok
        lines.append(row)
        print(row, flush=True)
    cases = tomllib.loads(CASES.read_text(encoding="utf-8"))["cases"]
    splits = sys.argv[1:] or ["tune", "test"]
    for split in splits:
        lines += [
            "",
            f"## Built cases, {split} split (true sentence starts known)",
            "",
            "| case | method | sentences | median s | p95 s | max s | skipped left out | "
            "added kept |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        totals: dict[str, list[float]] = {name: [] for name in METHODS}
        for case in (c for c in cases if c["split"] == split):
            for name, outcome in _case(case).items():
                totals[name] += outcome.errors
                row = (
                    f"| {case['name']} | {name} | {len(outcome.errors)} | "
                    f"{statistics.median(outcome.errors):.2f} | "
                    f"{percentile(outcome.errors, 0.95):.2f} | {max(outcome.errors):.2f} | "
                    f"{_share(outcome.skipped_left_out, outcome.skipped)} | "
                    f"{_share(outcome.added_found, outcome.added)} |"
                )
                lines.append(row)
                print(row, flush=True)
        for name, errors in totals.items():
            lines.append(
                f"| **all {split}** | {name} | {len(errors)} | {statistics.median(errors):.2f} | "
                f"{percentile(errors, 0.95):.2f} | {max(errors):.2f} | | |"
            )
    if len(splits) == 2:
        write_results(RESULTS, lines)
    return 1 if missed else 0


def _demo_row(mp3: Path) -> tuple[str, bool]:
    language = "en" if "english" in mp3.name else "sv"
    script = mp3.with_name(mp3.name.replace(".mp3", ".script.txt"))
    sentences = parse_manuscript(script.read_text(encoding="utf-8"), script.name)
    transcript = heard(mp3, language)
    spans = speech_spans_of(mp3)
    starts = [s.start for s in synced(sentences, transcript, spans).segments]
    if language == "en":
        against, references = "recogniser's segment starts", [s.start for s in transcript.segments]
    else:
        against, references = "voice-activity onsets", [start for start, _ in spans]
    errors = [min(abs(start - ref) for ref in references) for start in starts]
    median, p95 = statistics.median(errors), percentile(errors, 0.95)
    target = TARGETS[language]
    ok = median <= target[0] and p95 <= target[1]
    return (
        f"| {mp3.stem} | {against} | {len(errors)} | {median:.2f} | {p95:.2f} | "
        f"<= {target[0]} / {target[1]} | {'yes' if ok else 'NO'} |",
        ok,
    )


def _case(case: dict) -> dict[str, Outcome]:
    """Speak the case, align its manuscript with every method, score each."""
    script = ROOT / case["script"]
    language = "en" if "english" in script.name else "sv"
    sentences = parse_manuscript(script.read_text(encoding="utf-8"), script.name)
    skip = set(case.get("skip", []))
    added = {a["at"]: a for a in case.get("add", [])}
    spoken: list[Line] = []
    which: list[int | str] = []  # manuscript sentence index, or "added"
    for n, sentence in enumerate(sentences):
        if n in added:
            spoken.append(Line(added[n]["text"], added[n]["role"]))
            which.append("added")
        if n in skip:
            continue
        last_of_paragraph = (
            n + 1 == len(sentences) or sentences[n + 1].paragraph != sentence.paragraph
        )
        spoken.append(
            Line(sentence.text, sentence.speaker or "HOST",
                 0.6 if last_of_paragraph else SENTENCE_PAUSE)
        )
        which.append(n)
    audio, starts = speak(spoken, language)
    transcript = heard(audio, language)
    spans = speech_spans_of(audio)
    truth = {n: start for n, start in zip(which, starts, strict=True) if n != "added"}
    added_truth = [start for n, start in zip(which, starts, strict=True) if n == "added"]
    outcomes = {}
    for name, method in METHODS.items():
        result = method(sentences, transcript, spans)
        by_text = {}
        for segment in result.segments:
            by_text.setdefault(segment.text, segment.start)
        errors = [abs(by_text[sentences[n].text] - t) for n, t in truth.items()
                  if sentences[n].text in by_text]
        # A spoken sentence missing from the output counts as far off: the whole episode.
        errors += [transcript.duration] * sum(sentences[n].text not in by_text for n in truth)
        left_out = sum(sentences[n].text not in by_text for n in skip)
        found = sum(_added_found(result, sentences, t, added[n]["text"])
                    for n, t in zip(sorted(added), added_truth, strict=True))
        outcomes[name] = Outcome(errors, left_out, len(skip), found, len(added))
    return outcomes


def _added_found(result: Transcript, sentences: list[Sentence], start: float, text: str) -> bool:
    """Whether a segment not from the manuscript holds most of the added sentence's words."""
    scripted = {s.text for s in sentences}
    words = {normalise(w) for w in text.split()}
    for segment in result.segments:
        if segment.text in scripted or abs(segment.start - start) > 3:
            continue
        found = {normalise(w) for w in segment.text.split()}
        if len(words & found) >= len(words) / 2:
            return True
    return False


def _share(found: int, total: int) -> str:
    return f"{found}/{total}" if total else "–"


if __name__ == "__main__":
    sys.exit(main())
