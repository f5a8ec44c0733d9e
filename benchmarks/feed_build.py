"""Benchmark: build the podcast feed for 5,000 synthetic episodes (with transcript links).

Measures `podcast.build_feed` (every Apple and Podcasting 2.0 tag, sanitised notes) against a
baseline in the same run: plain feedgen with only the core RSS tags (title, link, description,
guid, pubDate, enclosure). Each measurement runs in a fresh subprocess so its peak memory (the
process's maximum resident set, minus what it held before building) is its own. Also times
`validate_feed` on the produced feed.

Usage: .venv/bin/python benchmarks/feed_build.py [--episodes N] [--repeat R]
Writes benchmarks/results/feed.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "feed.md"
BASE = "https://podd.example.se/"
TARGET_SECONDS = 5.0


def synthetic_episodes(count: int) -> list:
    """`count` episodes as the catalog would give them: notes, three transcripts, chapters."""
    from podcast import FeedEpisode, Person, TranscriptLink

    start = datetime(2015, 1, 1, 7, tzinfo=UTC)
    episodes = []
    for n in range(1, count + 1):
        slug = f"avsnitt-{n}"
        episodes.append(FeedEpisode(
            guid=f"innocast-{n:05d}",
            title=f"Avsnitt {n}: innovation i offentlig sektor, del {n % 7 + 1}",
            notes_html=(f"<p>Anteckningar för avsnitt {n}: om <b>tjänstedesign</b>, öppna data "
                        f"och <a href=\"https://example.se/{n}\">upphandling</a>.</p>"
                        "<ul><li>Gäst: Bo Berg</li><li>Tema: AI</li></ul>"),
            published=start + timedelta(hours=13 * n),
            enclosure_url=f"{BASE}audio/{slug}.mp3",
            enclosure_bytes=20_000_000 + n,
            enclosure_type="audio/mpeg",
            duration=1800.0 + n % 900,
            link=f"{BASE}avsnitt/{slug}/",
            episode=n,
            season=n // 100 + 1,
            transcripts=(
                TranscriptLink(f"{BASE}transcripts/{slug}.vtt", "text/vtt", "sv", "captions"),
                TranscriptLink(f"{BASE}transcripts/{slug}.json", "application/json", "sv"),
                TranscriptLink(f"{BASE}transcripts/{slug}.srt", "application/x-subrip", "sv"),
            ),
            chapters_url=f"{BASE}chapters/{slug}.json",
            persons=(Person("Anna Andersson", "host"), Person("Bo Berg", "guest")),
        ))
    return episodes


def build_innocast(episodes: list) -> bytes:
    """The full feed, as publishing builds it."""
    from podcast import build_feed, podcast_guid, show_from_mapping

    show = show_from_mapping({
        "title": "Innovation i offentlig sektor", "description": "Samtal om innovation.",
        "link": BASE, "author": "Innocast", "owner_name": "Anna", "owner_email": "anna@example.se",
        "image": "cover.jpg", "categories": ["Government", ["News", "Tech News"]],
    }, source="benchmark")
    return build_feed(show, episodes, feed_url=BASE + "feed.xml", image_url=BASE + "cover.jpg",
                      guid=podcast_guid(BASE + "feed.xml"))


def build_baseline(episodes: list) -> bytes:
    """feedgen with only the core RSS tags: the floor any feed of these episodes costs."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.title("Innovation i offentlig sektor")
    fg.link(href=BASE)
    fg.description("Samtal om innovation.")
    for episode in sorted(episodes, key=lambda e: e.published, reverse=True):
        entry = fg.add_entry(order="append")
        entry.guid(episode.guid, permalink=False)
        entry.title(episode.title)
        entry.description(episode.notes_html)
        entry.pubDate(episode.published)
        entry.enclosure(episode.enclosure_url, str(episode.enclosure_bytes),
                        episode.enclosure_type)
    return fg.rss_str(pretty=True)


def validate(episodes: list) -> tuple[bytes, float]:
    """Build the full feed untimed, then validate it (the timed part)."""
    from podcast import validate_feed

    xml = build_innocast(episodes)
    started = time.perf_counter()
    problems = validate_feed(xml, source="feed.xml")
    assert problems == [], problems[:3]
    return xml, time.perf_counter() - started


def measure(kind: str, count: int) -> dict:
    """Run one measurement in this process (called in a fresh subprocess)."""
    episodes = synthetic_episodes(count)
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "validate":
        xml, seconds = validate(episodes)
    else:
        xml = {"innocast": build_innocast, "baseline": build_baseline}[kind](episodes)
        seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "delta_mb": (peak_kb - before_kb) / 1024,
            "bytes": len(xml)}


def in_subprocess(kind: str, count: int) -> dict:
    """One measurement in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, __file__, "--one", kind, "--episodes", str(count)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(result.stdout)


def main() -> None:
    """Run the benchmark, print the figures and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=["innocast", "baseline", "validate"],
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.episodes)))
        return

    runs: dict[str, list[dict]] = {"baseline": [], "innocast": [], "validate": []}
    for _ in range(args.repeat):
        for kind in runs:
            runs[kind].append(in_subprocess(kind, args.episodes))
    best = {kind: min(results, key=lambda r: r["seconds"]) for kind, results in runs.items()}
    ratio = best["innocast"]["seconds"] / best["baseline"]["seconds"]
    rows = [
        ("feedgen baseline (core RSS tags only)", best["baseline"]),
        ("innocast build_feed (all tags, sanitised notes)", best["innocast"]),
        ("innocast validate_feed on that feed (memory includes building it)", best["validate"]),
    ]
    lines = [
        "# Feed build benchmark",
        "",
        f"`benchmarks/feed_build.py`: {args.episodes:,} synthetic episodes, each with three "
        "`podcast:transcript` links (VTT, JSON, SRT), chapters, two persons and HTML show notes; "
        f"best of {args.repeat} runs, each in a fresh process. Measured "
        f"{datetime.now(UTC):%Y-%m-%d} on {platform.machine()} "
        f"({platform.python_implementation()} {platform.python_version()}).",
        "",
        "| what | time (s) | peak RSS (MB) | RSS growth while building (MB) | feed size (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(f"| {name} | {r['seconds']:.2f} | {r['peak_mb']:.0f} | {r['delta_mb']:.0f} "
          f"| {r['bytes'] / 1e6:.1f} |" for name, r in rows),
        "",
        f"- build_feed / baseline time: **{ratio:.1f}x** (the extra tags, two extensions per "
        "item, nh3 sanitising and the itunes/podcast namespaces).",
        f"- Target: under {TARGET_SECONDS:.0f} s for the full feed: "
        f"**{'met' if best['innocast']['seconds'] < TARGET_SECONDS else 'NOT met'}** "
        f"({best['innocast']['seconds']:.2f} s).",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
