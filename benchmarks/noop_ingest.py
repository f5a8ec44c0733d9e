"""Benchmark: ingesting episodes when nothing changed, on the demo and on a 200-hour catalogue.

The demo's four episodes are ingested once for real (probed, hashed, stored), then again with
nothing changed. The synthetic catalogue is 200 one-hour WAV files (8 kHz mono, sparse, so they
take no disk); it is seeded as a previous run leaves a catalogue (each file's stored copy a hard
link, its size, mtime and inode remembered against its hash and duration), because probing
200 hours for real would take most of an hour here. Then both are ingested again, in alternating
rounds. Reported: seconds per no-op pass, the ratio of the two, how many times the audio files
were opened or handed to ffmpeg (Python audit hooks, the
counter of tests/steps/test_episodes.py), and what the old way (probe and hash every
file each run) costs for one synthetic file, times 200.

Usage: .venv/bin/python benchmarks/noop_ingest.py [--hours N] [--rounds R]
Writes benchmarks/results/noop_ingest.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The audit-hook counter lives with the tests that count with it.
sys.path.insert(0, str(ROOT))

from catalog import Catalog, sha256_bytes  # noqa: E402
from catalog.files import sha256_file  # noqa: E402
from demo import DEMO_DIR  # noqa: E402
from podcast.audio import probe  # noqa: E402
from steps.config import EpisodeSource  # noqa: E402
from steps.episodes import ingest_episode  # noqa: E402
from tests.steps.test_episodes import FileAccesses  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "noop_ingest.md"
RATE = 8000
TARGET_RATIO = 1.2


def sparse_wav(path: Path, seconds: int) -> None:
    """A 16-bit mono PCM WAV of `seconds` of silence that occupies no disk blocks."""
    data = seconds * RATE * 2
    header = (b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt "
              + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
              + b"data" + struct.pack("<I", data))
    with path.open("wb") as out:
        out.write(header)
        out.truncate(len(header) + data)
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))


def synthetic_catalogue(folder: Path, hours: int) -> tuple[Catalog, list[Path]]:
    """`hours` one-hour files, and a catalogue that holds them as a previous run left it."""
    catalog = Catalog(folder / "data")
    files = []
    for n in range(hours):
        path = folder / "audio" / f"avsnitt-{n:03d}.wav"
        path.parent.mkdir(exist_ok=True)
        sparse_wav(path, 3600)
        # A stand-in for the content hash: unique per file; no-op runs never recompute it.
        digest = sha256_bytes(path.name.encode())
        blob = catalog.blob_path(digest, ".wav")
        blob.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, blob)
        catalog.remember_file(path, path.stat(), digest, ".wav", {"duration": 3600.0})
        files.append(path)
    return catalog, files


def ingest_all(catalog: Catalog, files: list[Path]) -> float:
    """Seconds to ingest every file as its own episode."""
    start = time.perf_counter()
    for path in files:
        ingest_episode(catalog, EpisodeSource(audio=str(path), title=path.stem, id=path.stem),
                       path)
    return time.perf_counter() - start


def main() -> None:
    """Seed both catalogues, time the no-op passes, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="innocast-noop-bench-") as name:
        folder = Path(name)
        demo_files = []
        for source in sorted((DEMO_DIR / "episodes").glob("*.mp3")):
            copy = folder / "demo" / source.name
            copy.parent.mkdir(exist_ok=True)
            copy.write_bytes(source.read_bytes())
            hour_ago = time.time() - 3600
            os.utime(copy, (hour_ago, hour_ago))
            demo_files.append(copy)
        demo = Catalog(folder / "demo-data")
        first_demo = ingest_all(demo, demo_files)
        demo_hours = sum(item.data["audio_duration"] for item in demo.items("episode")) / 3600
        synthetic, files = synthetic_catalogue(folder, args.hours)
        ingest_all(synthetic, files)  # creates the items from the remembered identities
        old_way_start = time.perf_counter()
        probe(files[0])
        sha256_file(files[0])
        old_way = time.perf_counter() - old_way_start
        times: dict[str, list[float]] = {"demo": [], "synthetic": []}
        opens: dict[str, int] = {}
        for n in range(args.rounds):
            pairs = [("demo", demo, demo_files), ("synthetic", synthetic, files)]
            for label, catalog, paths in pairs if n % 2 == 0 else reversed(pairs):
                FileAccesses.watched, FileAccesses.count = paths[0].parent, 0
                times[label].append(ingest_all(catalog, paths))
                opens[label] = FileAccesses.count
                FileAccesses.watched = None
    demo_s, synth_s = statistics.median(times["demo"]), statistics.median(times["synthetic"])
    ratios = [b / a for a, b in zip(times["demo"], times["synthetic"], strict=True)]
    lines = [
        "# Ingest with nothing to do: the demo against a 200-hour catalogue",
        "",
        f"`.venv/bin/python benchmarks/noop_ingest.py --hours {args.hours} --rounds "
        f"{args.rounds}` on {platform.node()} ({os.cpu_count()} cores, shared; load average "
        f"{os.getloadavg()[0]:.1f}), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        "The ingest step alone (`steps.episodes.ingest_episode` for every file), not a whole "
        "`innocast run` under Prefect.",
        "",
        "| catalogue | episodes | audio (h) | no-op pass, median (s) | min-max (s) | "
        "audio files opened or decoded |",
        "|---|---|---|---|---|---|",
        f"| demo | {len(demo_files)} | {demo_hours:.2f} | {demo_s:.4f} | {min(times['demo']):.4f}-"
        f"{max(times['demo']):.4f} | {opens['demo']} |",
        f"| synthetic | {args.hours} | {args.hours} | {synth_s:.4f} | "
        f"{min(times['synthetic']):.4f}-{max(times['synthetic']):.4f} | {opens['synthetic']} |",
        "",
        f"- Synthetic / demo: median of per-round ratios {statistics.median(ratios):.1f}x "
        f"(target for a whole run: {TARGET_RATIO}x). The pass costs "
        f"{1000 * synth_s / args.hours:.1f} ms per episode (a stat and a catalogue row), so it "
        "grows with the number of episodes, not with their hours.",
        f"- The demo's first ingest (probing and hashing for real): {first_demo:.2f} s.",
        f"- The old way, probing and hashing every file each run: {old_way:.1f} s for one "
        f"synthetic hour, about {old_way * args.hours / 60:.1f} minutes for {args.hours} hours.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
