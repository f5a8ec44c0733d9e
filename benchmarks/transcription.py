"""Benchmark: raw faster-whisper vs `innocast transcribe` vs the batched path, on one machine.

Makes English and Swedish speech with espeak-ng, runs every variant in its own process (so
peak memory is that variant's alone) and writes benchmarks/results/transcription.md.

    .venv/bin/python benchmarks/transcription.py             # full run (30-40 minutes on 2 cores)
    .venv/bin/python benchmarks/transcription.py --quick     # a 3-minute file, no 60-minute run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transcripts.transcriber import BATCH_SIZE  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "transcription.md"
VARIANTS = ("raw", "innocast", "batched")
THREADS = os.cpu_count() or 2

SUBJECTS = [
    "The city council",
    "The regional health authority",
    "A small municipality in the north",
    "The national library",
    "The tax agency",
    "The school board",
    "The public transport company",
    "The social services office",
    "The county administrative board",
    "The employment service",
]
ACTIONS = [
    "launched a new digital service for",
    "started a pilot project with",
    "asked citizens for ideas about services for",
    "published open data about",
    "built a simple online form for",
    "tested a chat service for",
    "hired designers to improve support for",
    "shared its experience of working with",
]
GROUPS = [
    "elderly people living at home",
    "parents of young children",
    "people looking for work",
    "small local businesses",
    "students in upper secondary school",
    "patients waiting for care",
    "new residents of the town",
    "farmers and landowners",
]
ENDINGS = [
    "and the results were better than expected.",
    "after a long period of planning.",
    "together with a local university.",
    "to save time for both staff and residents.",
    "because the old process was slow and confusing.",
    "with help from a national innovation agency.",
]
SWEDISH = (
    "Välkommen till podden om innovation i offentlig sektor. I dag pratar vi om hur "
    "kommuner kan dela data med varandra. Vår gäst har arbetat med digitala tjänster i "
    "många år. Hon berättar vad som fungerade och vad som inte gjorde det. Till sist "
    "diskuterar vi vad regionerna kan lära sig av arbetet."
)


def english_text(sentences: int, seed: int = 3) -> str:
    """Varied English sentences about public-sector innovation (deterministic for a seed)."""
    pick = random.Random(seed).choice
    return " ".join(
        f"{pick(SUBJECTS)} {pick(ACTIONS)} {pick(GROUPS)} {pick(ENDINGS)}" for _ in range(sentences)
    )


def speak(text: str, voice: str, path: Path) -> Path:
    """Speak text with espeak-ng into a WAV file."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
    return path


def repeat(source: Path, times: int, path: Path) -> Path:
    """Concatenate `times` copies of an audio file (sox)."""
    subprocess.run(["sox", *[str(source)] * times, str(path)], check=True)
    return path


def duration_of(path: Path) -> float:
    """Duration in seconds (sox)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout)


def normalise(text: str) -> str:
    """Lower case words without punctuation, for the word error rate."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# --- one variant in its own process ---------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time (user + system, all threads) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(variant: str, audio: Path, language: str, reference: str | None) -> dict:
    """Transcribe `audio` one way and measure time, peak memory and word error rate."""
    from faster_whisper import WhisperModel

    from transcripts import TranscribeSettings, resolve_model, transcribe
    from transcripts.model import load_model

    settings = TranscribeSettings(
        language=language, batched=variant == "batched", cpu_threads=THREADS
    )
    ref = resolve_model(None)
    started = time.perf_counter()
    if variant == "raw":
        model = WhisperModel(ref.source, device="cpu", compute_type="int8", cpu_threads=THREADS)
    else:
        load_model(ref, settings)
    loaded = time.perf_counter()
    cpu_started = cpu_seconds()
    if variant == "raw":
        segments, _ = model.transcribe(
            str(audio),
            language=language,
            beam_size=settings.beam_size,
            vad_filter=True,
            condition_on_previous_text=False,
            word_timestamps=True,
        )
        text = " ".join(s.text.strip() for s in segments)
    else:
        text = transcribe(audio, settings).text
    finished = time.perf_counter()
    result = {
        "variant": variant,
        "load_seconds": loaded - started,
        "transcribe_seconds": finished - loaded,
        "cpu_seconds": cpu_seconds() - cpu_started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if reference is not None:
        import jiwer

        result["wer"] = jiwer.wer(normalise(reference), normalise(text))
    return result


def run_variant(variant: str, audio: Path, language: str, reference: Path | None) -> dict:
    """Run one variant in a fresh process and return its measurements."""
    command = [sys.executable, __file__, "--worker", variant, str(audio), language]
    if reference is not None:
        command.append(str(reference))
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["audio_seconds"] = duration_of(audio)
    result["rtf"] = result["transcribe_seconds"] / result["audio_seconds"]
    print(json.dumps({"audio": audio.name, **result}), flush=True)
    return result


# --- the report ----------------------------------------------------------------------------


def best(rows: list[dict], variant: str) -> dict:
    """The fastest of a variant's repetitions (the least disturbed by other load)."""
    return min((r for r in rows if r["variant"] == variant), key=lambda r: r["transcribe_seconds"])


def table(rows: list[dict], baseline: dict) -> list[str]:
    """A markdown table of variants with ratios against `baseline`."""
    lines = [
        "| variant | wall time | RTF | x real time | wall vs raw | CPU time | CPU vs raw | "
        "peak RSS | RSS vs raw | WER |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        wer = f"{r['wer']:.3f}" if "wer" in r else "-"
        lines.append(
            f"| {r['variant']} | {r['transcribe_seconds']:.1f} s | {r['rtf']:.3f} | "
            f"{1 / r['rtf']:.1f}x | "
            f"{r['transcribe_seconds'] / baseline['transcribe_seconds']:.2f} | "
            f"{r['cpu_seconds']:.1f} s | {r['cpu_seconds'] / baseline['cpu_seconds']:.2f} | "
            f"{r['peak_rss_mb']:.0f} MB | {r['peak_rss_mb'] / baseline['peak_rss_mb']:.2f} | "
            f"{wer} |"
        )
    return lines


def verdict(met: bool) -> str:
    """How a target fared."""
    return "met" if met else "NOT met"


def report(results: dict, args: argparse.Namespace) -> str:
    """The results file: setup, tables, targets and what was not measured."""
    runs, wer_en, wer_sv = results["long"], results["wer_en"], results["wer_sv"]
    raw, ours, batched = (best(runs, v) for v in VARIANTS)
    overhead = ours["transcribe_seconds"] / raw["transcribe_seconds"] - 1
    cpu_overhead = ours["cpu_seconds"] / raw["cpu_seconds"] - 1
    speedup = raw["transcribe_seconds"] / batched["transcribe_seconds"]
    cpu_speedup = raw["cpu_seconds"] / batched["cpu_seconds"]
    # Equal word error rate: no worse than raw by more than one word in a hundred.
    equal_wer = batched["wer"] <= raw["wer"] + 0.01
    hour = results.get("hour")
    lines = [
        "# Transcription benchmark",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        "`benchmarks/transcription.py`"
        + (" --quick" if args.quick else "")
        + (" --skip-hour" if args.skip_hour else "")
        + (f" --repeats {args.repeats}" if args.repeats != 2 else "")
        + f" on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end. "
        f"Model: the bundled Whisper base, int8 on CPU, {THREADS} threads, beam 5, Silero "
        f"VAD, condition_on_previous_text off, word timestamps on; batched: batch size "
        f"{BATCH_SIZE}. "
        "Each run is a fresh process; times exclude loading the model; RTF = wall time / "
        "audio time (lower is faster); CPU time is user + system over all threads, the "
        "steadier figure on a shared machine; peak RSS is the process's maximum resident "
        "memory, model included. Audio: espeak-ng speech at 150 words a minute.",
        "",
        f"## Same audio, three ways ({raw['audio_seconds'] / 60:.1f}-minute English recording)",
        "",
        f"Each variant ran {args.repeats} times, interleaved; the table shows each one's "
        "fastest run (all runs are in the raw figures below).",
        "",
        *table([raw, ours, batched], raw),
        "",
        "## Targets",
        "",
        f"- innocast within 5 % of raw: wall {overhead:+.1%}, CPU {cpu_overhead:+.1%} "
        f"({verdict(max(overhead, cpu_overhead) <= 0.05)}).",
        f"- batched at least 1.5x faster than raw at equal WER: wall {speedup:.2f}x, CPU "
        f"{cpu_speedup:.2f}x ({verdict(speedup >= 1.5 and equal_wer)}); WER raw "
        f"{raw['wer']:.3f}, "
        f"batched {batched['wer']:.3f}; batched peaks at {batched['peak_rss_mb']:.0f} MB.",
        f"- WER on espeak-ng English speech at most 0.05: {wer_en['wer']:.3f} "
        f"({verdict(wer_en['wer'] <= 0.05)}; {wer_en['audio_seconds'] / 60:.1f} min); on "
        f"the {raw['audio_seconds'] / 60:.1f}-minute recording above: {ours['wer']:.3f}.",
        f"- WER on espeak-ng Swedish speech (tracked, no target): {wer_sv['wer']:.3f} "
        f"({wer_sv['audio_seconds']:.0f} s; the synthetic Swedish voice is hard for Whisper "
        "base).",
    ]
    if hour is not None:
        lines.append(
            f"- Peak memory on a {hour['audio_seconds'] / 60:.0f}-minute file, base model, "
            f"under 1.5 GB: {hour['peak_rss_mb']:.0f} MB ({verdict(hour['peak_rss_mb'] < 1536)}"
            f"; transcribed in {hour['transcribe_seconds'] / 60:.1f} min wall, "
            f"{hour['cpu_seconds'] / 60:.1f} min CPU, RTF {hour['rtf']:.3f})."
        )
    else:
        lines.append("- Peak memory on a 60-minute file: not measured in this run.")
    lines += ["", "## Raw figures (JSON lines)", "", "```"]
    for key in ("long", "wer_en", "wer_sv", "hour"):
        rows = results.get(key)
        for row in rows if isinstance(rows, list) else [rows] if rows else []:
            lines.append(json.dumps({"set": key, **row}, sort_keys=True))
    lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    """Make the audio, run every variant, print the figures and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short files, no 60-minute run")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each variant")
    parser.add_argument("--skip-hour", action="store_true", help="no 60-minute memory run")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        variant, audio, language, *reference = args.worker
        text = Path(reference[0]).read_text(encoding="utf-8") if reference else None
        print(json.dumps(worker(variant, Path(audio), language, text)))
        return
    with tempfile.TemporaryDirectory(prefix="innocast-bench-") as tmp:
        folder = Path(tmp)
        ten_minutes = english_text(20 if args.quick else 75)
        (folder / "long.txt").write_text(ten_minutes, encoding="utf-8")
        long_audio = speak(ten_minutes, "en", folder / "long.wav")
        short = english_text(8, seed=11)
        (folder / "short.txt").write_text(short, encoding="utf-8")
        (folder / "sv.txt").write_text(SWEDISH, encoding="utf-8")
        results: dict = {
            "long": [
                run_variant(v, long_audio, "en", folder / "long.txt")
                for _ in range(args.repeats)
                for v in VARIANTS
            ],
            "wer_en": run_variant(
                "innocast", speak(short, "en", folder / "short.wav"), "en", folder / "short.txt"
            ),
            "wer_sv": run_variant(
                "innocast", speak(SWEDISH, "sv", folder / "sv.wav"), "sv", folder / "sv.txt"
            ),
        }
        if not (args.quick or args.skip_hour):
            copies = max(1, round(3600 / duration_of(long_audio)))
            hour = repeat(long_audio, copies, folder / "hour.wav")
            results["hour"] = run_variant("innocast", hour, "en", None)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report(results, args), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
