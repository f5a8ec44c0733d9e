"""Benchmark: render and index a synthetic site, then time searches in headless Chromium.

    .venv/bin/python benchmarks/site_build.py [--episodes 1000] [--news 10000] [--segments 400]

Writes benchmarks/results/site.md. Targets: publishing (render + search index) at least
300 pages/s, under 2 GB of memory for all processes at once, searches under 100 ms. Two
baselines are measured in the same run: writing the same pages' bytes the way rendering does
(`write_if_changed` unsynced, then one sync) and nothing else (the floor for rendering), and the
search index as one bundle over the whole site (`shard_bytes` larger than the site). Searches
are timed on the site's own search page, against the site indexed as one bundle
(`benchmarks/search_latency.py` times them against Pagefind's index of the same pages).

Publishing is also timed in paired rounds against the code of `--baseline` (main by default,
checked out in a temporary worktree), each side a fresh process running
`benchmarks/publish_rounds.py` on the same pickled site, alternating which goes first: a full
publish, again with nothing changed, one more episode, and the last two through the staging copy
`innocast publish` uses. Targets (issue 20): nothing changed in at most 1 s, one more episode in
at most 3 s, a full publish at least 1.15x the baseline's pages per second. `--only-publishing`
runs just those rounds.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import os
import pickle
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import psutil
from wordfreq import top_n_list

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.files import sync_filesystem, write_if_changed  # noqa: E402
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
from website.search import SHARD_BYTES  # noqa: E402

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
SEARCH_JS = (ROOT / "website/static/search.js").read_text(encoding="utf-8")
PAGE_SIZE = int(re.search(r"const PAGE_SIZE = (\d+);", SEARCH_JS)[1])
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
                # What the publisher's key stands for here: the synthetic inputs of the item.
                key=f"synthetic:{seed}:{slug}",
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
            key=f"synthetic:{seed}:nyhet-{n + 1}",
        )
        for n in range(news)
    ]
    return SiteView(
        title="Innopodden", description="Samtal om innovation i offentlig sektor.",
        base_path="/", episodes=tuple(eps), news=tuple(items),
        themes=tuple(ThemeView(tid, label, label, label) for tid, label in THEMES),
        feed_url="feed.xml", news_feed_url="news.xml", cover_url="cover.jpg",
    )  # fmt: skip


class Peak:
    """The peak of the summed resident memory of this process and all its descendants, in MB.

    Listing the descendants reads /proc, so the sampling thread's own CPU time is kept apart
    (`cpu`) and left out of the CPU seconds reported.
    """

    def __init__(self) -> None:
        self.peak = 0
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.05):
            total = 0
            for process in (me, *me.children(recursive=True)):
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
        self.cpu = time.thread_time()

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak / 1e6


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + kids.ru_utime + kids.ru_stime


def timed(action):  # type: ignore[no-untyped-def]
    """Run `action()`: its result, wall seconds, CPU seconds and peak memory in MB."""
    with Peak() as peak:
        c0, t0 = cpu_seconds(), time.perf_counter()
        result = action()
        wall = time.perf_counter() - t0
    return result, wall, cpu_seconds() - c0 - peak.cpu, peak.mb


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


SEARCH_PAGE_JS = """async (queries) => {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const status = document.getElementById('search-status');
  const times = [];
  for (const query of queries) {
    // search.js shows 'Söker …' while it searches and the count of hits once they are shown.
    const shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent !== 'Söker …') { observer.disconnect(); resolve(); }
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    input.value = query;
    const t0 = performance.now();
    form.requestSubmit();
    await shown;
    const last = (name) => performance.getEntriesByName(name).at(-1).duration;
    times.push([performance.now() - t0, last('innocast:search'), last('innocast:results')]);
  }
  return times;
}"""


@dataclasses.dataclass(frozen=True)
class Latency:
    """Milliseconds per query on the search page, as medians over QUERIES, and the worst."""

    search: float  # submitted until the hits are ranked (search.js's "innocast:search")
    shown: float  # submitted until the first page of hits is shown ("innocast:results")
    worst: float  # the slowest query, submitted until shown


def search_latency(site_dir: Path) -> Latency:
    """Time the queries on the site's search page in headless Chromium."""
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
            times = page.evaluate(SEARCH_PAGE_JS, QUERIES)
            browser.close()
    finally:
        httpd.shutdown()
    return Latency(
        search=statistics.median(t[1] for t in times),
        shown=statistics.median(t[2] for t in times),
        worst=max(t[0] for t in times),
    )


STEPS = {
    "full": "full publish (render + index into an empty folder)",
    "same": "publish again, nothing changed",
    "more": "publish one more episode",
    "staged-same": "publish again, nothing changed, through staging",
    "staged-more": "publish one more episode, through staging",
}


def run_round(checkout: Path, pickled: Path, out: Path, shard_bytes: int) -> dict[str, dict]:
    """One round of `benchmarks/publish_rounds.py` with the code of `checkout`, by step."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/publish_rounds.py"), str(checkout), str(pickled),
         str(out), str(shard_bytes)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    shutil.rmtree(out, ignore_errors=True)
    return {row["step"]: row for row in map(json.loads, done.stdout.splitlines())}


def paired_rounds(scratch: Path, views: tuple, args: argparse.Namespace) -> dict[str, list]:
    """Publishing timed with this code and with the baseline commit's (checked out in a
    temporary worktree) in alternating rounds: each side's rounds by step."""
    pickled = scratch / "site.pickle"
    with pickled.open("wb") as handle:
        pickle.dump(views, handle, protocol=pickle.HIGHEST_PROTOCOL)
    base = scratch / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base),
                    args.baseline], check=True)  # fmt: skip
    rounds: dict[str, list] = {"new": [], "baseline": []}
    try:
        for number in range(args.rounds):
            order = [("new", ROOT), ("baseline", base)]
            for side, checkout in order if number % 2 == 0 else order[::-1]:
                rounds[side].append(run_round(checkout, pickled, scratch / "paired",
                                              args.shard_bytes))
                print(side, number, json.dumps(rounds[side][-1]), file=sys.stderr, flush=True)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                       check=False)  # fmt: skip
    rounds["commit"] = [subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline],
        capture_output=True, text=True, check=True).stdout.strip()]  # fmt: skip
    return rounds


def paired_rows(rounds: dict[str, list], args: argparse.Namespace) -> list[tuple[str, str]]:
    """A row per step: this code's median wall and CPU seconds beside the baseline's."""
    rows = []
    for step, label in STEPS.items():
        new = [r[step] for r in rounds["new"]]
        base = [r[step] for r in rounds["baseline"]]
        wall, cpu = (statistics.median(r[k] for r in new) for k in ("wall", "cpu"))
        b_wall, b_cpu = (statistics.median(r[k] for r in base) for k in ("wall", "cpu"))
        last = new[-1]
        detail = (f"{last['written']} pages and {last['index_written']} index files written, "
                  f"{last['reindexed']} of {last['shards']} bundles re-indexed")
        if step == "full":
            pages = last["pages"]
            value = (f"**{pages / wall:.0f} pages/s** ({wall:.1f} s, {cpu:.1f} CPU s) against "
                     f"{pages / b_wall:.0f} pages/s ({b_wall:.1f} s, {b_cpu:.1f} CPU s): "
                     f"**{b_wall / wall:.2f}x** (target >= 1.15x)")
        else:
            target = {"same": " (target <= 1 s)", "more": " (target <= 3 s)"}.get(step, "")
            value = (f"**{wall:.2f} s**{target}, {cpu:.2f} CPU s; {detail}; baseline "
                     f"{b_wall:.2f} s, {b_cpu:.2f} CPU s: **{b_wall / wall:.1f}x** faster")
        rounds_note = ", ".join(f"{r[step]['wall']:.2f}/{b[step]['wall']:.2f}"
                                for r, b in zip(rounds["new"], rounds["baseline"], strict=True))
        rows.append((f"paired: {label}", f"{value} (rounds, this/baseline s: {rounds_note})"))
    rows.insert(0, ("paired rounds", f"{args.rounds} rounds alternating this code and the "
                    f"baseline's (`{args.baseline}` = {rounds['commit'][0]}, checked out in a "
                    "temporary worktree), each a fresh process publishing the same pickled site "
                    "(`benchmarks/publish_rounds.py`); medians"))
    return rows


def main() -> None:
    """Run the benchmark and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--news", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--shard-bytes", type=int, default=SHARD_BYTES)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/site.md")
    parser.add_argument("--rounds", type=int, default=2,
                        help="paired rounds of publishing with this code and the baseline's")
    parser.add_argument("--baseline", default="main",
                        help="the commit whose publishing code is the baseline")
    parser.add_argument("--only-publishing", action="store_true",
                        help="only the paired publishing rounds (no index baselines, no search "
                             "latency)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    site = make_site(args.episodes + 2, args.news, args.segments)
    # The last two episodes are held back: publishing them afterwards is the incremental case.
    newest, second = site.episodes[-2:]
    site = dataclasses.replace(site, episodes=site.episodes[:-2])
    t_model = time.perf_counter() - t0
    if args.only_publishing:
        with tempfile.TemporaryDirectory(prefix="site-bench-") as scratch:
            rounds = paired_rounds(Path(scratch), (site, newest, second), args)
        write_results(args, load_before, [
            ("synthetic site", f"{args.episodes} episodes x {args.segments} segments, "
                               f"{args.news} news items (model built in {t_model:.1f} s)"),
            *paired_rows(rounds, args),
        ])
        return
    with tempfile.TemporaryDirectory(prefix="site-bench-") as scratch:
        out = Path(scratch) / "site"
        report, t_render, c_render, m_render = timed(lambda: render_site(site, out))
        pages = report.pages
        html_bytes = folder_size(out)

        # Baseline: the whole site in one bundle.
        base, t_base, c_base, m_base = timed(lambda: build_search_index(out, 10**15))
        single = search_latency(out)
        shutil.rmtree(out / "search-index")
        index, t_index, c_index, m_index = timed(lambda: build_search_index(out, args.shard_bytes))

        def publish(view: SiteView):  # type: ignore[no-untyped-def]
            rendered = render_site(view, out)
            return rendered, build_search_index(out, args.shard_bytes, pages=rendered.files)

        (same, same_index), t_same, _, _ = timed(lambda: publish(site))
        grown = dataclasses.replace(site, episodes=(*site.episodes, newest))
        (more, more_index), t_more, _, _ = timed(lambda: publish(grown))
        pages_written = [p for p in more.written if p.endswith(".html")]

        # Baseline: the same page bytes written as render_site writes them, into a fresh folder.
        floor = Path(scratch) / "floor"
        files = [p for p in out.rglob("*.html")]
        t0 = time.perf_counter()
        for path in files:
            write_if_changed(floor / path.relative_to(out), path.read_bytes(), sync=False)
        sync_filesystem(floor)
        t_floor = time.perf_counter() - t0
        shutil.rmtree(floor)

        latency = search_latency(out)

        # Without the publisher's keys, the renderer fingerprints each view's content itself.
        keyless = dataclasses.replace(
            grown,
            episodes=tuple(dataclasses.replace(e, key=None) for e in grown.episodes),
            news=tuple(dataclasses.replace(n, key=None) for n in grown.news),
        )
        publish(keyless)  # renders every page (their fingerprints differ), writes none
        (_, _), t_keyless, c_keyless, _ = timed(lambda: publish(keyless))
        shutil.rmtree(out)

        rounds = paired_rounds(Path(scratch), (site, newest, second), args)

    total, c_total = t_render + t_index, c_render + c_index
    rows_paired = paired_rows(rounds, args)
    cores = os.cpu_count() or 1
    rows = [
        ("synthetic site", f"{args.episodes} episodes x {args.segments} segments, "
                           f"{args.news} news items (model built in {t_model:.1f} s)"),
        ("pages", f"{pages} HTML pages, {html_bytes / 1e6:.0f} MB"),
        ("render", f"{t_render:.1f} s, {pages / t_render:.0f} pages/s, {c_render:.1f} CPU s, "
                   f"{m_render:.0f} MB"),
        ("baseline: write the same bytes only", f"{t_floor:.1f} s "
                                                f"(render is {t_render / t_floor:.1f}x the floor)"),
        ("baseline: search index in one bundle",
         f"{t_base:.1f} s, {c_base:.1f} CPU s, {m_base:.0f} MB, {base.size / 1e6:.0f} MB in "
         f"{len(base.written)} files"),
        ("search index in shards", f"{t_index:.1f} s, {c_index:.1f} CPU s, {m_index:.0f} MB; "
         f"{index.shards} shards of {index.pages} pages, {index.size / 1e6:.0f} MB in "
         f"{len(index.written)} files ({t_base / t_index:.1f}x faster, "
         f"{m_base / m_index:.1f}x less memory than the baseline)"),
        ("publish: render + index", f"{total:.1f} s, **{pages / total:.0f} pages/s** "
         f"(target >= 300); {c_total:.1f} CPU s, so at best "
         f"{pages / (c_total / cores):.0f} pages/s on {cores} idle cores"),
        ("peak memory, all processes at once", f"**{max(m_render, m_index):.0f} MB** "
         "(target < 2048 MB)"),
        ("publish again, nothing changed", f"{t_same:.1f} s, {len(same.written)} pages and "
         f"{len(same_index.written)} index files written, "
         f"{len(same_index.reindexed)} shards re-indexed"),
        ("publish one more episode", f"{t_more:.1f} s, {len(pages_written)} pages and "
         f"{len(more_index.written)} index files written, "
         f"{len(more_index.reindexed)} of {more_index.shards} shards re-indexed"),
        ("publish again, nothing changed, views without keys (the renderer fingerprints "
         "their content)", f"{t_keyless:.1f} s, {c_keyless:.1f} CPU s"),
        *rows_paired,
        ("search latency in Chromium (median of 20 queries)", f"**{latency.search:.1f} ms** "
            f"from submitting a query on the search page to its hits ranked (target < 100 ms), "
            f"{latency.shown:.1f} ms to the first {PAGE_SIZE} shown with their segments, worst "
            f"{latency.worst:.1f} ms; {index.shards} bundles"),
        ("baseline: one bundle, measured just after it was built",
            f"{single.search:.1f} ms ranked, {single.shown:.1f} ms shown"),
    ]  # fmt: skip
    write_results(args, load_before, rows)


def write_results(args: argparse.Namespace, load_before: float, rows: list) -> None:
    """Print the table of `rows` and write it to the results file."""
    cores = os.cpu_count() or 1
    only = " --only-publishing" if args.only_publishing else ""
    lines = [
        "# Site build benchmark",
        "",
        f"`benchmarks/site_build.py --episodes {args.episodes} --news {args.news} "
        f"--segments {args.segments} --shard-bytes {args.shard_bytes} --rounds {args.rounds}"
        f"{only}` on {cores} cores, "
        f"{date.today().isoformat()}; load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after (other work shares the machine: figures above 1 per "
        "core mean the wall times are inflated; CPU seconds are not).",
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
