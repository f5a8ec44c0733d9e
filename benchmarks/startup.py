"""Benchmark: how long `innocast tag` takes against a bare interpreter importing the tagger.

Paired rounds in the same run, in alternating order so load on the machine falls on both alike:
each round starts `innocast tag SEED` (the installed command, tagging a seed article) and
`python -c "from themes import tag_text"` (the tagger imported alone, tagging nothing) as fresh
processes, and `python -c pass` for the interpreter's own start. Reports medians and the median
of the per-round ratios; the target is `innocast tag` within 1.3x of the bare import.

Usage: .venv/bin/python benchmarks/startup.py [--rounds N]
Writes benchmarks/results/startup.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "startup.md"
TARGET_RATIO = 1.3
# Where `innocast tag`'s time beyond the bare import goes, in one fresh process (CPU ms), on
# the path a plain `innocast tag FILE` takes (flows/entry.py, no click).
BREAKDOWN = """
import json, sys, time
clock = time.process_time
start = clock()
from themes import default_taxonomy, read_text_file, tag_text
themes = clock()
import flows.entry, flows.tagging
entry = clock()
taxonomy = default_taxonomy()
loaded = clock()
tag_text(read_text_file(sys.argv[1]), taxonomy)
tagged = clock()
print(json.dumps({"importing themes": themes - start,
                  "importing the entry point and the command": entry - themes,
                  "loading the taxonomy": loaded - entry,
                  "compiling the matcher and tagging": tagged - loaded}))
"""


def seed_article() -> Path:
    """A seed news article to tag (the one the tag command's tests use)."""
    from themes.evaluation import SEEDS_DIR

    return SEEDS_DIR / "partsradet-innovativa-aktiviteter.txt"


def commands() -> dict[str, list[str]]:
    """The commands timed, by label."""
    innocast = str(Path(sys.executable).with_name("innocast"))
    return {
        "innocast tag": [innocast, "tag", str(seed_article())],
        "python -c 'from themes import tag_text'": [sys.executable, "-c",
                                                    "from themes import tag_text"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }


def seconds(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `command`, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"Error: {command[0]}: exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    """Time the paired rounds, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    timed = commands()
    wall: dict[str, list[float]] = {label: [] for label in timed}
    cpu: dict[str, list[float]] = {label: [] for label in timed}
    for n in range(args.rounds):
        order = list(timed) if n % 2 == 0 else list(reversed(timed))
        for label in order:
            took, used = seconds(timed[label])
            wall[label].append(took)
            cpu[label].append(used)
    lines = [
        "# Command start-up: `innocast tag` against the tagger imported alone",
        "",
        f"`.venv/bin/python benchmarks/startup.py --rounds {args.rounds}` on {platform.node()} "
        f"({os.cpu_count()} cores, shared; load average {os.getloadavg()[0]:.1f} at the end), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Paired rounds in alternating "
        "order; fresh processes. CPU is user + system seconds of the process, which the other "
        "work on a shared machine disturbs far less than wall time.",
        "",
        "| command | wall median (s) | wall min-max (s) | CPU median (s) | CPU min-max (s) |",
        "|---|---|---|---|---|",
    ]
    for label in timed:
        lines.append(
            f"| `{label}` | {statistics.median(wall[label]):.3f} | {min(wall[label]):.3f}-"
            f"{max(wall[label]):.3f} | {statistics.median(cpu[label]):.3f} | "
            f"{min(cpu[label]):.3f}-{max(cpu[label]):.3f} |"
        )
    lines.append("")
    bare_label = "python -c 'from themes import tag_text'"
    for kind, figures in (("wall", wall), ("CPU", cpu)):
        ratios = [a / b for a, b in zip(figures["innocast tag"], figures[bare_label],
                                        strict=True)]
        ratio = statistics.median(ratios)
        quartiles = statistics.quantiles(ratios, n=4)
        lines.append(
            f"- {kind}: `innocast tag` / bare import, median of per-round ratios {ratio:.2f}x "
            f"(quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}); target {TARGET_RATIO}x: "
            f"{'met' if ratio <= TARGET_RATIO else 'missed'}."
        )
    parts = [json.loads(subprocess.run([sys.executable, "-c", BREAKDOWN, str(seed_article())],
                                       capture_output=True, check=True, cwd=ROOT).stdout)
             for _ in range(5)]
    lines.append("- Where the time goes (CPU ms, least of 5 fresh processes): " + ", ".join(
        f"{stage} {1000 * min(part[stage] for part in parts):.1f}" for stage in parts[0]) + ".")
    lines += [
        "- `innocast tag` also reads the taxonomy and tags a whole article; the bare import "
        "does neither.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
