"""Run every benchmark in turn; each prints its figures and rewrites its results file.

    .venv/bin/python benchmarks/run_all.py            # all of them (about an hour on 2 cores)
    .venv/bin/python benchmarks/run_all.py tagging_speed feed_build   # some of them
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["tagging_eval", "tagging_speed", "extraction_report", "feed_build", "site_build",
              "transcription", "alignment", "chapters", "several_machines"]


def main() -> None:
    """Run the named benchmarks (all by default); stop at the first that fails."""
    for name in sys.argv[1:] or BENCHMARKS:
        if name not in BENCHMARKS:
            sys.exit(f"Error: {name}: not a benchmark (one of {', '.join(BENCHMARKS)})")
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=True)


if __name__ == "__main__":
    main()
