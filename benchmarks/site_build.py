"""Benchmark: render and index a synthetic site, then time searches in headless Chromium.

    .venv/bin/python benchmarks/site_build.py [--episodes 1000] [--news 10000] [--segments 400]

Writes benchmarks/results/site.md. Targets: at least 300 pages/s, under 2 GB peak memory,
searches under 100 ms. The baseline, measured in the same run, is writing the same pages'
bytes with `write_if_changed` and nothing else: the floor that rendering is compared against.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from wordfreq import top_n_list

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.files import write_if_changed  # noqa: E402
from website import (  # noqa: E402
    EpisodeView,
    EvidenceView,
    NewsView,
    SegmentView,
    SiteView,
    ThemeRef,
    ThemeView,
    build_search_index,
    render_site,
)

THEMES = [
    ("digital-transformation", "Digital transformation"),
    ("design-methods", "Design och innovationsmetoder"),
    ("skills-learning", "Kompetens och lärande"),
    ("collaboration", "Samverkan"),
    ("leadership-culture", "Ledarskap och kultur"),
    ("citizen-service", "Medborgare och service"),
    ("sustainability-future", "Hållbarhet och framtid"),
    ("security-trust", "Säkerhet och tillit"),
    ("accessibility-inclusion", "Tillgänglighet och inkludering"),
    ("funding-programs", "Finansiering och program"),
]
QUERIES = [
    "innovation", "samverkan", "labb", "kommunen", "digitalisering", "utveckling", "ledarskap",
    "tjänstedesign", "kompetens", "hållbarhet", "säkerhet", "medborgare", "regeringen", "skolan",
    "framtiden", "projekt", "arbete", "verksamhet", "data", "förändring",
]  # fmt: skip


class Words:
    """Swedish words drawn with their real frequencies, plus the domain's compounds."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.words = [w for w in top_n_list("sv", 30_000) if w.isalpha()]
        # Zipf's law: the weight of the n-th most frequent word is 1/n.
        self.weights = list(
            __import__("itertools").accumulate(1 / (n + 1) for n in range(len(self.words)))
        )
        self.domain = ["innovationslabb", "tjänstedesign", "kompetensutveckling",
                       "partssamverkan", "informationssäkerhet", "digitaliseringen"]  # fmt: skip

    def sentence(self, count: int) -> str:
        words = self.random.choices(self.words, cum_weights=self.weights, k=count)
        if self.random.random() < 0.2:
            words[self.random.randrange(count)] = self.random.choice(self.domain)
        return " ".join(words).capitalize() + "."


def themes_for(rng: random.Random, time_of: float | None) -> tuple[ThemeRef, ...]:
    picked = rng.sample(THEMES, 2)
    return tuple(
        ThemeRef(tid, label, round(rng.random(), 2), rng.random() < 0.3,
                 (EvidenceView("innovation", time_of, None),))
        for tid, label in picked
    )  # fmt: skip


def make_site(episodes: int, news: int, segments: int, seed: int = 7) -> SiteView:
    """A synthetic SiteView: `episodes` episodes of `segments` segments and `news` news items."""
    words = Words(seed)
    rng = words.random
    start = date(2020, 1, 1)
    eps = []
    for n in range(episodes):
        segs = tuple(
            SegmentView(i, i * 4.5, i * 4.5 + 4.5, words.sentence(rng.randint(10, 16)))
            for i in range(segments)
        )
        slug = f"avsnitt-{n + 1}"
        eps.append(
            EpisodeView(
                slug=slug,
                title=words.sentence(6)[:-1],
                published=start + timedelta(days=n),
                number=n + 1,
                season=None,
                notes_html=f"<p>{words.sentence(40)}</p>",
                audio_url=f"audio/{slug}.mp3",
                audio_type="audio/mpeg",
                duration=segments * 4.5,
                segments=segs,
                transcript_files={f: f"transcripts/{slug}.{f}" for f in ("vtt", "srt", "json")},
                themes=themes_for(rng, 30.0),
            )
        )
    items = [
        NewsView(
            slug=f"nyhet-{n + 1}",
            title=words.sentence(8)[:-1],
            published=start + timedelta(days=n // 5),
            body="\n\n".join(
                " ".join(words.sentence(rng.randint(8, 20)) for _ in range(4))
                for _ in range(rng.randint(3, 6))
            ),
            source_url=f"https://example.org/nyheter/{n + 1}",
            author="Redaktionen",
            themes=themes_for(rng, None),
        )
        for n in range(news)
    ]
    return SiteView(
        title="Innopodden", description="Samtal om innovation i offentlig sektor.",
        base_path="/", episodes=tuple(eps), news=tuple(items),
        themes=tuple(ThemeView(tid, label, label, label) for tid, label in THEMES),
        feed_url="feed.xml", news_feed_url="news.xml", cover_url="cover.jpg",
    )  # fmt: skip


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def search_latency(site_dir: Path) -> tuple[float, float, float]:
    """Median ms of `pagefind.search` and of search plus loading the top 10 results, and the max."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/search/")
            timings = page.evaluate(
                """async (queries) => {
                  const pagefind = await import('/pagefind/pagefind.js');
                  await pagefind.init();
                  const out = [];
                  for (const q of queries) {
                    const t0 = performance.now();
                    const search = await pagefind.search(q);
                    const t1 = performance.now();
                    await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
                    out.push([t1 - t0, performance.now() - t0]);
                  }
                  return out;
                }""",
                QUERIES,
            )
            browser.close()
    finally:
        httpd.shutdown()
    search = [t[0] for t in timings]
    full = [t[1] for t in timings]
    return statistics.median(search), statistics.median(full), max(full)


def main() -> None:
    """Run the benchmark and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--news", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/site.md")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    site = make_site(args.episodes, args.news, args.segments)
    t_model = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="site-bench-") as scratch:
        out = Path(scratch) / "site"
        t0 = time.perf_counter()
        report = render_site(site, out)
        t_render = time.perf_counter() - t0
        pages = report.pages
        html_bytes = folder_size(out)

        t0 = time.perf_counter()
        index = build_search_index(out)
        t_index = time.perf_counter() - t0
        peak_self = peak_mb(resource.RUSAGE_SELF)
        peak_children = peak_mb(resource.RUSAGE_CHILDREN)

        t0 = time.perf_counter()
        again = render_site(site, out)
        t_again = time.perf_counter() - t0

        # Baseline: the same page bytes written with write_if_changed into a fresh folder.
        floor = Path(scratch) / "floor"
        files = [p for p in out.rglob("*.html")]
        t0 = time.perf_counter()
        for path in files:
            write_if_changed(floor / path.relative_to(out), path.read_bytes())
        t_floor = time.perf_counter() - t0
        shutil.rmtree(floor)

        median_search, median_full, worst = search_latency(out)

    total = t_render + t_index
    rows = [
        ("synthetic site", f"{args.episodes} episodes x {args.segments} segments, "
                           f"{args.news} news items (model built in {t_model:.1f} s)"),
        ("pages", f"{pages} HTML pages, {html_bytes / 1e6:.0f} MB"),
        ("render", f"{t_render:.1f} s, {pages / t_render:.0f} pages/s"),
        ("baseline: write the same bytes only", f"{t_floor:.1f} s "
                                                f"(render is {t_render / t_floor:.1f}x the floor)"),
        ("search index (Pagefind)", f"{t_index:.1f} s for {index.pages} pages, "
                                    f"{index.size / 1e6:.0f} MB in {len(index.written)} files"),
        ("render + index", f"{total:.1f} s, **{pages / total:.0f} pages/s** (target >= 300)"),
        ("re-render, nothing changed", f"{t_again:.1f} s, {len(again.written)} files written"),
        ("peak memory", f"**{peak_self:.0f} MB** Python, {peak_children:.0f} MB Pagefind "
                        "(target < 2048 MB each)"),
        ("search latency in Chromium (20 queries)", f"median **{median_search:.1f} ms** "
            f"`pagefind.search`, {median_full:.1f} ms with the top 10 results loaded, "
            f"worst {worst:.1f} ms (target < 100 ms)"),
    ]  # fmt: skip
    lines = [
        "# Site build benchmark",
        "",
        f"`benchmarks/site_build.py --episodes {args.episodes} --news {args.news} "
        f"--segments {args.segments}` on 2 cores, {date.today().isoformat()}; load average "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after (other work shares the "
        "machine: figures above 1 per core mean the times are inflated).",
        "",
        "| measure | result |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
