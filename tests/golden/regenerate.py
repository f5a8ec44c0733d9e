"""Regenerate the golden copy of the demo publication: `python -m tests.golden.regenerate`.

Runs `innocast demo` into a temporary folder with a fresh data directory and replaces
tests/golden/demo/ with what it published, and tests/golden/recogniser.json with what the
recogniser heard on this machine. Commit the result with the change that caused it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.golden import GOLDEN_DIR, RECOGNISER, golden_files, recorded_transcripts


def build_demo(root: Path) -> Path:
    """Publish the demo into `root`/public with the data directory `root`/data (made if new,
    used as it is otherwise); return the folder."""
    out = root / "public"
    innocast = Path(sys.executable).with_name("innocast")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    subprocess.run(
        [str(innocast), "demo", "--out", str(out), "--data", str(root / "data")],
        check=True, capture_output=True, text=True, timeout=900, env=env,
    )
    return out


def main() -> None:
    """Replace the golden copy with a fresh demo publication and say how many files it holds."""
    with tempfile.TemporaryDirectory() as tmp:
        files = golden_files(build_demo(Path(tmp)))
        heard = recorded_transcripts(Path(tmp) / "data")
    shutil.rmtree(GOLDEN_DIR, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # Keys in the order the catalog stores them: a transcript file keeps its metadata's order.
    text = json.dumps(heard, ensure_ascii=False, indent=1) + "\n"
    RECOGNISER.write_text(text, encoding="utf-8")
    print(f"{GOLDEN_DIR}: {len(files)} files; {RECOGNISER.name}: {len(heard)} transcripts")


if __name__ == "__main__":
    main()
