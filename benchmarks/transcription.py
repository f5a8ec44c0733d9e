"""Benchmark: raw faster-whisper vs `innocast transcribe` vs the batched path, on one machine.

Makes English and Swedish speech with espeak-ng, runs every variant in its own process (so
peak memory is that variant's alone) and writes benchmarks/results/transcription.md.

innocast's two paths, sequential (`batched = false`) and batched (`batched = true`), are
compared in paired rounds: each round runs both on the same recording, in alternating order,
and the results file reports every round (and the median of the per-round ratios), the word
error rate of each path on every recording, and how its segments read as WebVTT cues.

    .venv/bin/python benchmarks/transcription.py             # full run (30-40 minutes on 2 cores)
    .venv/bin/python benchmarks/transcription.py --quick     # a 3-minute file, no 60-minute run
    .venv/bin/python benchmarks/transcription.py --rewrite   # the report again, from its figures

The batched path is innocast's default for the languages in `transcripts.settings.
BATCHED_LANGUAGES`; the report says for which languages these figures support that, and
whether the two agree.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transcripts.settings import BATCHED_LANGUAGES  # noqa: E402
from transcripts.transcriber import BATCH_SIZE  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "transcription.md"
VARIANTS = ("raw", "sequential", "batched")
# A cue that ends without one of these ends mid-sentence.
SENTENCE_END = re.compile(r"[.!?…][\"'”»)\]]*$")
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
    cues: list[list] = []
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
        transcript = transcribe(audio, settings)
        text = transcript.text
        cues = cue_texts(transcript)
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
    if cues:
        result["cues"] = cues
    return result


def cue_texts(transcript) -> list[list]:
    """The transcript's WebVTT cues as the published file has them: [start, end, text]."""
    from transcripts.formats import parse_vtt, to_vtt

    cues = parse_vtt(to_vtt(transcript), "benchmark").segments
    return [[cue.start, cue.end, cue.text] for cue in cues]


def cue_report(cues: list[list], reference: str) -> dict:
    """How cues read: their length, and how many end mid-sentence or cut a word in two (a
    cue's last word and the next cue's first, joined, make a word of the reference that neither
    is alone)."""
    vocabulary = set(normalise(reference).split())
    lengths = [end - start for start, end, _ in cues]
    chars = [len(text) for _, _, text in cues]
    mid_sentence = sum(not SENTENCE_END.search(text) for _, _, text in cues[:-1])
    mid_word = 0
    for (_, _, text), (_, _, following) in itertools.pairwise(cues):
        last, first = normalise(text).split()[-1:], normalise(following).split()[:1]
        if last and first and last[0] + first[0] in vocabulary and not (
            last[0] in vocabulary and first[0] in vocabulary
        ):
            mid_word += 1
    return {
        "cues": len(cues),
        "median_seconds": statistics.median(lengths) if lengths else 0.0,
        "max_seconds": max(lengths, default=0.0),
        "median_chars": statistics.median(chars) if chars else 0,
        "max_chars": max(chars, default=0),
        "mid_sentence": mid_sentence,
        "mid_word": mid_word,
    }


def run_variant(variant: str, audio: Path, language: str, reference: Path | None) -> dict:
    """Run one variant in a fresh process and return its measurements."""
    command = [sys.executable, __file__, "--worker", variant, str(audio), language]
    if reference is not None:
        command.append(str(reference))
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["audio_seconds"] = duration_of(audio)
    result["rtf"] = result["transcribe_seconds"] / result["audio_seconds"]
    if "cues" in result and reference is not None:
        result["vtt"] = cue_report(result.pop("cues"), reference.read_text(encoding="utf-8"))
    result.pop("cues", None)
    result["recording"] = audio.stem
    print(json.dumps({"audio": audio.name, **result}), flush=True)
    return result


def paired_rounds(rounds: int, audio: Path, language: str, reference: Path) -> list[dict]:
    """`rounds` rounds of every variant on one recording, the order turned round each round
    (raw, sequential, batched; then batched, sequential, raw), each row numbered."""
    rows = []
    for number in range(rounds):
        order = VARIANTS if number % 2 == 0 else VARIANTS[::-1]
        for variant in order:
            rows.append({"round": number + 1,
                         **run_variant(variant, audio, language, reference)})
    return rows


# --- the report ----------------------------------------------------------------------------


def median_of(rows: list[dict], variant: str, key: str) -> float:
    """The median of one measure over a variant's rounds."""
    return statistics.median(r[key] for r in rows if r["variant"] == variant)


def round_ratios(rows: list[dict], numerator: str, denominator: str, key: str) -> list[float]:
    """Per round, one variant's measure over another's (same round, same load)."""
    by_round: dict[int, dict[str, dict]] = {}
    for row in rows:
        by_round.setdefault(row["round"], {})[row["variant"]] = row
    return [pair[numerator][key] / pair[denominator][key] for pair in by_round.values()
            if numerator in pair and denominator in pair]


def medians_table(rows: list[dict]) -> list[str]:
    """A markdown table of each variant's medians over its rounds, with ratios against raw."""
    lines = [
        "| variant | wall time | RTF | x real time | wall vs raw | CPU time | CPU vs raw | "
        "peak RSS | RSS vs raw | WER |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    raw = {key: median_of(rows, "raw", key)
           for key in ("transcribe_seconds", "cpu_seconds", "peak_rss_mb")}
    for variant in VARIANTS:
        wall, cpu, rss, rtf, wer = (median_of(rows, variant, key) for key in (
            "transcribe_seconds", "cpu_seconds", "peak_rss_mb", "rtf", "wer"))
        lines.append(
            f"| {variant} | {wall:.1f} s | {rtf:.3f} | {1 / rtf:.1f}x | "
            f"{wall / raw['transcribe_seconds']:.2f} | {cpu:.1f} s | "
            f"{cpu / raw['cpu_seconds']:.2f} | {rss:.0f} MB | {rss / raw['peak_rss_mb']:.2f} | "
            f"{wer:.3f} |"
        )
    return lines


def rounds_table(rows: list[dict]) -> list[str]:
    """Every round of every variant, in the order they ran."""
    lines = ["| round | order | variant | wall time | CPU time | peak RSS | WER |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    order = 0
    for n, row in enumerate(rows):
        order = 1 if n == 0 or row["round"] != rows[n - 1]["round"] else order + 1
        lines.append(f"| {row['round']} | {order} | {row['variant']} | "
                     f"{row['transcribe_seconds']:.1f} s | {row['cpu_seconds']:.1f} s | "
                     f"{row['peak_rss_mb']:.0f} MB | {row['wer']:.3f} |")
    return lines


def cue_table(results: dict) -> list[str]:
    """How each path's cues read as WebVTT, per recording (the first round of the long one)."""
    lines = ["| recording | path | WER | cues | median / max cue (s) | median / max chars | "
             "cues ending mid-sentence | cues ending mid-word |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key in ("long", "short", "sv"):
        for variant in ("sequential", "batched"):
            row = next(r for r in results[key] if r["variant"] == variant)
            vtt = row["vtt"]
            lines.append(
                f"| {row['recording']} | {variant} | {row['wer']:.3f} | {vtt['cues']} | "
                f"{vtt['median_seconds']:.1f} / {vtt['max_seconds']:.1f} | "
                f"{vtt['median_chars']:.0f} / {vtt['max_chars']} | "
                f"{vtt['mid_sentence']} of {max(vtt['cues'] - 1, 0)} | {vtt['mid_word']} |")
    return lines


def verdict(met: bool) -> str:
    """How a target fared."""
    return "met" if met else "NOT met"


def report(results: dict, args: argparse.Namespace, header: str | None = None) -> str:
    """The results file: setup, tables, targets and what was not measured; `header` is the
    setup paragraph of the run the figures come from, when rewriting its report."""
    runs = results["long"]
    ours_raw = statistics.median(round_ratios(runs, "sequential", "raw", "transcribe_seconds"))
    ours_raw_cpu = statistics.median(round_ratios(runs, "sequential", "raw", "cpu_seconds"))
    wall = round_ratios(runs, "sequential", "batched", "transcribe_seconds")
    cpu = round_ratios(runs, "sequential", "batched", "cpu_seconds")
    # At least as accurate: on every recording, no more word errors than the sequential path.
    wers = {key: {r["variant"]: r["wer"] for r in results[key]} for key in ("short", "sv")}
    wers["long"] = {v: median_of(runs, v, "wer") for v in ("sequential", "batched")}
    as_accurate = all(w["batched"] <= w["sequential"] for w in wers.values())
    languages = {"long": "en", "short": "en", "sv": "sv"}
    # Per language: batched deserves the default where it is at least as accurate on every
    # recording of that language and faster (median of the paired rounds, English only).
    supported = {
        language for language in set(languages.values())
        if all(w["batched"] <= w["sequential"]
               for key, w in wers.items() if languages[key] == language)
    }
    hour = results.get("hour")
    lines = [
        "# Transcription benchmark",
        "",
        header or f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
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
        "memory, model included. Audio: espeak-ng speech at 150 words a minute. "
        "`sequential` is innocast with `batched = false`, `batched` innocast with "
        "`batched = true`; `raw` is faster-whisper called directly.",
        *([] if header is None else [
            "",
            f"Report rewritten {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
            "`benchmarks/transcription.py --rewrite` from the raw figures below (no new "
            "measurement), for the per-language verdict on the default."]),
        "",
        f"## Same audio, three ways ({runs[0]['audio_seconds'] / 60:.1f}-minute English "
        "recording)",
        "",
        f"{args.repeats} paired rounds; each round runs all three, the order turned round "
        "every round. Medians over the rounds:",
        "",
        *medians_table(runs),
        "",
        "Every round:",
        "",
        *rounds_table(runs),
        "",
        "Sequential over batched, per round: wall "
        + ", ".join(f"{r:.2f}x" for r in wall) + "; CPU " + ", ".join(f"{r:.2f}x" for r in cpu)
        + ".",
        "",
        "## Word errors and cues, both paths on every recording",
        "",
        "Cues as the published WebVTT has them (`transcripts.formats.to_vtt`, read back); "
        "a cue ends mid-word when its last word and the next cue's first, joined, make a "
        "word of the reference that neither is alone.",
        "",
        *cue_table(results),
        "",
        "## Targets",
        "",
        f"- innocast (sequential) within 5 % of raw, median of per-round ratios: wall "
        f"{ours_raw - 1:+.1%}, CPU {ours_raw_cpu - 1:+.1%} "
        f"({verdict(max(ours_raw, ours_raw_cpu) <= 1.05)}).",
        f"- batched faster than sequential: per-round wall {min(wall):.2f}-{max(wall):.2f}x "
        f"(median {statistics.median(wall):.2f}x), CPU {min(cpu):.2f}-{max(cpu):.2f}x "
        f"(median {statistics.median(cpu):.2f}x).",
        "- batched at least as accurate as sequential on every recording: "
        + "; ".join(f"{key} {w['batched']:.3f} against {w['sequential']:.3f}"
                    for key, w in wers.items())
        + f" ({verdict(as_accurate)}).",
        "- the faster path the default wherever it is at least as accurate: these figures "
        f"support batched for {', '.join(sorted(supported)) or 'no language'}; innocast "
        f"defaults to batched for {', '.join(sorted(BATCHED_LANGUAGES)) or 'no language'} "
        f"({verdict(supported == set(BATCHED_LANGUAGES) and statistics.median(wall) > 1)}; "
        "`batched = false` under `[transcription]` or `--sequential` takes the other path).",
        f"- WER on espeak-ng English speech at most 0.05: batched {wers['short']['batched']:.3f}, "
        f"sequential {wers['short']['sequential']:.3f} "
        f"({verdict(max(wers['short'].values()) <= 0.05)}).",
        f"- WER on espeak-ng Swedish speech (tracked, no target): batched "
        f"{wers['sv']['batched']:.3f}, sequential {wers['sv']['sequential']:.3f} (the "
        "synthetic Swedish voice is hard for Whisper base).",
    ]
    if hour is not None:
        lines.append(
            f"- Peak memory on a {hour['audio_seconds'] / 60:.0f}-minute file, base model, "
            f"batched, under 1.5 GB: {hour['peak_rss_mb']:.0f} MB "
            f"({verdict(hour['peak_rss_mb'] < 1536)}; transcribed in "
            f"{hour['transcribe_seconds'] / 60:.1f} min wall, {hour['cpu_seconds'] / 60:.1f} "
            f"min CPU, RTF {hour['rtf']:.3f})."
        )
    else:
        lines.append("- Peak memory on a 60-minute file: not measured in this run.")
    lines += ["", "## Raw figures (JSON lines)", "", "```"]
    for key in ("long", "short", "sv", "hour"):
        rows = results.get(key)
        for row in rows if isinstance(rows, list) else [rows] if rows else []:
            lines.append(json.dumps({"set": key, **row}, sort_keys=True))
    lines += ["```", ""]
    return "\n".join(lines)


def rewrite(args: argparse.Namespace) -> None:
    """Write the results file again from its own raw figures and setup paragraph, keeping
    the notes written by hand below them."""
    text = RESULTS.read_text(encoding="utf-8")
    header = text.split("\n\n")[1]
    _, raw, notes = text.split("```\n", 2)
    results: dict = {}
    for line in raw.splitlines():
        row = json.loads(line)
        key = row.pop("set")
        if key == "hour":
            results[key] = row
        else:
            results.setdefault(key, []).append(row)
    args.repeats = len({row["round"] for row in results["long"]})
    RESULTS.write_text(report(results, args, header) + notes, encoding="utf-8")
    print(f"rewrote {RESULTS.relative_to(ROOT)}")


def main() -> None:
    """Make the audio, run every variant, print the figures and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short files, no 60-minute run")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each variant")
    parser.add_argument("--skip-hour", action="store_true", help="no 60-minute memory run")
    parser.add_argument("--rewrite", action="store_true",
                        help="write the report again from the raw figures it holds")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rewrite:
        rewrite(args)
        return
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
        short_audio = speak(short, "en", folder / "short.wav")
        sv_audio = speak(SWEDISH, "sv", folder / "sv.wav")
        results: dict = {
            "long": paired_rounds(args.repeats, long_audio, "en", folder / "long.txt"),
            "short": [run_variant(v, short_audio, "en", folder / "short.txt")
                      for v in ("batched", "sequential")],
            "sv": [run_variant(v, sv_audio, "sv", folder / "sv.txt")
                   for v in ("sequential", "batched")],
        }
        if not (args.quick or args.skip_hour):
            copies = max(1, round(3600 / duration_of(long_audio)))
            hour = repeat(long_audio, copies, folder / "hour.wav")
            results["hour"] = run_variant("batched", hour, "en", None)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report(results, args), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
