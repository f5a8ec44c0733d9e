"""Benchmark: prepare a long episode's MP3 enclosure, streamed against the old pydub path.

Makes Swedish speech with espeak-ng at several levels (sox), loops it to a long episode (3 hours
by default) in a temporary folder, and prepares its enclosure twice in the same run, each in a
fresh subprocess: with today's `podcast.audio.prepare_enclosure` (streamed through ffmpeg pipes)
and with the pydub path as it was at BASELINE_COMMIT (the whole episode decoded into memory),
loaded from git. Reports each child's peak resident memory (its own and its ffmpeg children's,
from wait4), wall time, the loudness ffmpeg's EBU R128 meter reads from the produced MP3, its
duration and its byte length; wall and CPU time (children included).

Usage: .venv/bin/python benchmarks/audio_prepare.py [--hours H]
Writes benchmarks/results/audio_prepare.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "audio_prepare.md"
# The last commit whose prepare_enclosure decoded the episode into memory with pydub.
BASELINE_COMMIT = "371c20802d1857b646bdee633f2f587adec91025"
TARGET_PEAK_MB = 300.0
TARGET_LOUDNESS_LU = 0.1
SENTENCES = [
    "Välkommen till ett nytt avsnitt om innovation i offentlig sektor.",
    "I dag pratar vi om digitala tjänster för medborgare och hur kommuner samarbetar.",
    "Upphandling av nya idéer kräver mod, tålamod och en tydlig beställare.",
    "Vi har bjudit in två gäster från regionen som berättar om sina erfarenheter.",
]
# Gains in dB for each sentence, so the episode is not one level throughout.
LEVELS = [-6.0, 0.0, -14.0, -3.0]

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from podcast.audio import Id3Tags
module = __import__(sys.argv[2])
start = time.perf_counter()
tags = Id3Tags(title="Avsnitt", show="Podd")
enclosure = module.prepare_enclosure(sys.argv[3], sys.argv[4], tags)
print(json.dumps({"seconds": time.perf_counter() - start, "lufs": enclosure.loudness_lufs,
                  "duration": enclosure.duration, "bytes": enclosure.bytes}))
"""


def make_episode(folder: Path, hours: float) -> Path:
    """A `hours`-long MP3 of Swedish speech at several levels, with pauses between sentences."""
    parts = []
    for n, (sentence, level) in enumerate(zip(SENTENCES, LEVELS, strict=True)):
        spoken = folder / f"spoken-{n}.wav"
        subprocess.run(["espeak-ng", "-v", "sv", "-w", str(spoken), sentence], check=True)
        part = folder / f"part-{n}.wav"
        subprocess.run(["sox", str(spoken), "-r", "44100", "-c", "1", str(part),
                        "gain", str(level), "pad", "0", "0.7"], check=True)
        parts.append(str(part))
    piece = folder / "piece.wav"
    subprocess.run(["sox", *parts, str(piece)], check=True)
    episode = folder / "episode.mp3"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", "-1",
                    "-i", str(piece), "-t", str(hours * 3600), "-c:a", "libmp3lame",
                    "-b:a", "96k", str(episode)], check=True)
    return episode


def baseline_module(folder: Path) -> str:
    """Write the pydub-era podcast/audio.py into `folder` and return its module name."""
    source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:podcast/audio.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    (folder / "audio_pydub_baseline.py").write_text(source, encoding="utf-8")
    return "audio_pydub_baseline"


def prepare_in_child(folder: Path, module: str, src: Path, dest: Path) -> dict:
    """Prepare the enclosure in a fresh process; its result and peak memory (MB)."""
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), module, str(src),
                                str(dest)], stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"Error: {module}: preparing the enclosure failed")
    result = json.loads(output)
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["ebur128"] = ebur128_loudness(dest)
    return result


def ebur128_loudness(path: Path) -> float:
    """Integrated loudness by ffmpeg's own EBU R128 meter (independent of pyloudnorm)."""
    run = subprocess.run(["ffmpeg", "-nostdin", "-i", str(path), "-af", "ebur128", "-f", "null",
                          "-"], capture_output=True, text=True, check=True)
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", run.stderr)[-1])


def main() -> None:
    """Make the episode, prepare it both ways, print and write the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="innocast-audio-bench-") as name:
        folder = Path(name)
        src = make_episode(folder, args.hours)
        module = baseline_module(folder)
        rows = {}
        for label, mod in (("streamed (today)", "podcast.audio"), ("pydub (baseline)", module)):
            rows[label] = prepare_in_child(folder, mod, src, folder / f"{mod}.mp3")
            print(label, json.dumps(rows[label]), flush=True)
    new, old = rows["streamed (today)"], rows["pydub (baseline)"]
    lu_apart = abs(new["ebur128"] - old["ebur128"])
    lines = [
        "# Audio preparation: streamed against pydub",
        "",
        f"`.venv/bin/python benchmarks/audio_prepare.py --hours {args.hours:g}` on "
        f"{platform.node()} ({os.cpu_count()} cores), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"A {args.hours:g}-hour MP3 of espeak-ng Swedish speech at four levels, prepared as a "
        "64 kbit/s mono enclosure at -16 LUFS, each way in a fresh process in the same run; the "
        f"baseline is `podcast/audio.py` at {BASELINE_COMMIT[:10]}.",
        "",
        "| path | peak memory (MB) | wall (s) | CPU (s) | loudness, EBU R128 (LUFS) "
        "| loudness, own meter (LUFS) | duration (s) | bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        lines.append(f"| {label} | {row['peak_mb']:.0f} | {row['seconds']:.1f} | "
                     f"{row['cpu']:.1f} | "
                     f"{row['ebur128']:.2f} | {row['lufs']:.2f} | {row['duration']:.2f} | "
                     f"{row['bytes']:,} |")
    lines += [
        "",
        f"- Memory: {old['peak_mb'] / new['peak_mb']:.1f}x less; streamed peak "
        f"{new['peak_mb']:.0f} MB against the target of {TARGET_PEAK_MB:.0f} MB "
        f"({'met' if new['peak_mb'] <= TARGET_PEAK_MB else 'missed'}).",
        f"- Loudness: {lu_apart:.3f} LU apart (target {TARGET_LOUDNESS_LU} LU: "
        f"{'met' if lu_apart <= TARGET_LOUDNESS_LU else 'missed'}).",
        f"- Duration: {new['duration'] - old['duration']:+.3f} s apart; bytes: "
        f"{new['bytes'] - old['bytes']:+,} apart.",
        f"- Time: {new['seconds'] / old['seconds']:.2f}x the baseline's wall time and "
        f"{new['cpu'] / old['cpu']:.2f}x its CPU time (the streamed path decodes the source once "
        "per pass instead of keeping it in memory).",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
