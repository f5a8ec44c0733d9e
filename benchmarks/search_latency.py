"""Benchmark: search latency on the synthetic site's search page in headless Chromium.

    .venv/bin/python benchmarks/search_latency.py [--episodes 1000] [--news 10000] [--segments 400]
        [--rounds 3] [--baseline COMMIT]

Builds benchmarks/site_build.py's synthetic site, serves it on
127.0.0.1 and times searches on its search page as readers use it, against the baseline: the
same synthetic site rendered and indexed by the code of `--baseline` (by default the last commit
whose site searched with Pagefind, checked out in a temporary git worktree and run in a
subprocess), served beside it and measured in alternating rounds of the same run. Target
(issue 20): the first ten hits shown with their segments in at most 80 ms median and 300 ms
worst. Writes benchmarks/results/search.md.

Each round opens a fresh browser context (empty cache) per variant and submits the 20 queries one
after another, the first just after the page has loaded (the cold case: the index is still being
opened); a second fresh context has a reader type the first query key by key before submitting.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_build import PAGE_SIZE, QUERIES  # noqa: E402

# The last commit whose site was indexed by Pagefind and searched with its JS API.
BASELINE = "9cc6eb6"
# Builds the synthetic site with a checkout's code (run in a subprocess from that checkout).
BUILD_WITH = """import sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/benchmarks"]
from pathlib import Path
from site_build import make_site
from website import build_search_index, render_site
from website.search import SHARD_BYTES
episodes, news, segments = map(int, sys.argv[3:6])
out = Path(sys.argv[2])
render_site(make_site(episodes, news, segments), out)
build_search_index(out, SHARD_BYTES)
"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TYPING_DELAY_MS = 100  # between keys, a quick reader

# Times one query in the page: from the form's submit event (a capturing listener, so before
# search.js's own) until the status leaves "Söker …", which search.js does once the first page of
# hits is in the list; "innocast:search" is search.js's own mark for the hits ranked.
WATCH_JS = """() => {
  const status = document.getElementById('search-status');
  window.__shown = new Promise((resolve) => {
    let t0 = null;
    const start = () => { t0 = performance.now(); };
    window.addEventListener('submit', start, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (t0 !== null && status.textContent && status.textContent !== 'Söker …') {
        observer.disconnect();
        const shown = performance.now() - t0;
        const ranked = performance.getEntriesByName('innocast:search').at(-1).duration;
        resolve([ranked, shown, document.querySelectorAll('#search-results .result').length]);
      }
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
}"""
SUBMIT_JS = """(query) => {
  document.getElementById('search-q').value = query;
  document.getElementById('search-form').requestSubmit();
}"""


@dataclass
class Runs:
    """One variant's timings in ms: [ranked, shown] per query, and the typed first queries."""

    queries: list[tuple[float, float]] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)  # first query, submitted just after load
    typed: list[float] = field(default_factory=list)  # first query, typed by a reader

    def row(self, name: str) -> str:
        ranked = statistics.median(q[0] for q in self.queries)
        shown = statistics.median(q[1] for q in self.queries)
        warm = [q[1] for q in self.queries]
        return (f"| {name} | {ranked:.1f} | **{shown:.1f}** | {shown - ranked:.1f} | "
                f"{max(warm):.1f} | {max(self.cold):.1f} | {max(self.typed):.1f} |")  # fmt: skip


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 in a thread; the server and its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def measure(browser, url: str, runs: Runs) -> None:  # type: ignore[no-untyped-def]
    """One round of one variant: the queries in a fresh context, then a typed first query."""

    def open_page():  # type: ignore[no-untyped-def]
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "search/")
        return context, page

    def wait(page) -> list[float]:  # type: ignore[no-untyped-def]
        ranked, shown, count = page.evaluate("window.__shown")
        assert count == PAGE_SIZE, f"{count} hits shown, not {PAGE_SIZE}"
        return [ranked, shown]

    context, page = open_page()
    for n, query in enumerate(QUERIES):
        page.evaluate(WATCH_JS)
        page.evaluate(SUBMIT_JS, query)
        ranked, shown = wait(page)
        if n == 0:
            runs.cold.append(shown)
        else:
            runs.queries.append((ranked, shown))
    context.close()

    context, page = open_page()
    page.evaluate(WATCH_JS)
    page.locator("#search-q").press_sequentially(QUERIES[0], delay=TYPING_DELAY_MS)
    page.locator("#search-q").press("Enter")
    runs.typed.append(wait(page)[1])
    context.close()


def build(checkout: Path, out: Path, episodes: int, news: int, segments: int) -> None:
    """The synthetic site of benchmarks/site_build.py, rendered and indexed into `out` by the
    code of `checkout`."""
    subprocess.run(
        [sys.executable, "-c", BUILD_WITH, str(checkout), str(out), str(episodes), str(news),
         str(segments)],
        check=True,
    )  # fmt: skip


def main() -> None:
    """Run the benchmark and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--news", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE, help="the commit building the baseline")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/search.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch:
        checkout = Path(scratch) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(checkout), args.baseline], check=True)  # fmt: skip
        try:
            sites = {"baseline": Path(scratch) / "baseline-site", "now": Path(scratch) / "site"}
            build(checkout, sites["baseline"], args.episodes, args.news, args.segments)
            build(ROOT, sites["now"], args.episodes, args.news, args.segments)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(checkout)], check=True)  # fmt: skip
        variants = {name: Runs() for name in sites}
        load_before = os.getloadavg()[0]
        servers = {name: serve(folder) for name, folder in sites.items()}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                for round_ in range(args.rounds):
                    order = list(variants) if round_ % 2 == 0 else list(reversed(variants))
                    for name in order:
                        measure(browser, servers[name][1], variants[name])
                browser.close()
        finally:
            for httpd, _ in servers.values():
                httpd.shutdown()
    base, now = variants["baseline"], variants["now"]
    ratio = statistics.median(q[1] for q in base.queries) / statistics.median(
        q[1] for q in now.queries
    )
    lines = [
        "# Search latency benchmark",
        "",
        f"`benchmarks/search_latency.py --episodes {args.episodes} --news {args.news} "
        f"--segments {args.segments} --rounds {args.rounds}` on {os.cpu_count()} cores, "
        f"{date.today().isoformat()}; load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after (the machine is shared: above 1 per core, wall times "
        "are inflated). Headless Debian Chromium, the site served by Python's threaded HTTP "
        f"server on 127.0.0.1; {len(QUERIES) - 1} warm queries x {args.rounds} rounds per "
        "variant, alternating, each round in a fresh browser context (empty cache).",
        "",
        f"Milliseconds from submitting a query on the search page. Target: the first {PAGE_SIZE} "
        "hits shown with their segments in at most 80 ms median and 300 ms worst.",
        "",
        "| search.js | ranked (median) | first 10 shown (median) | shown - ranked | worst warm "
        "query | first query just after load (worst) | first query typed by a reader (worst) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        base.row(f"baseline: Pagefind's index and JS API ({args.baseline})"),
        now.row("now: innocast's own index (website/search_bundle.py, static/search.js)"),
        "",
        f"Shown, baseline / now (medians): **{ratio:.2f}x**.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
