"""Regenerate the golden copy of the demo publication: `python -m tests.golden.regenerate`.

Runs `innocast demo` into a temporary folder with a fresh data directory and replaces
tests/golden/demo/ with what it published. Commit the result with the change that caused it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.golden import GOLDEN_DIR, REPRODUCIBLE_INFERENCE, golden_files


def build_demo(root: Path) -> Path:
    """Publish the demo into `root`/public with a fresh data directory; return the folder."""
    out = root / "public"
    innocast = Path(sys.executable).with_name("innocast")
    env = {**os.environ, **REPRODUCIBLE_INFERENCE, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    subprocess.run(
        [str(innocast), "demo", "--out", str(out), "--data", str(root / "data")],
        check=True, capture_output=True, text=True, timeout=900, env=env,
    )
    return out


def main() -> None:
    """Replace the golden copy with a fresh demo publication and say how many files it holds."""
    with tempfile.TemporaryDirectory() as tmp:
        files = golden_files(build_demo(Path(tmp)))
    shutil.rmtree(GOLDEN_DIR, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"{GOLDEN_DIR}: {len(files)} files")


if __name__ == "__main__":
    main()
