"""`innocast run` refuses, in one line and before any work, what a distributed run cannot use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.objectstore import CREDENTIALS, free_port

INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _run(config: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "INNOCAST_"))}
    return subprocess.run(
        [INNOCAST, "run", "--config", str(config), "--out", str(tmp_path / "public"),
         "--data", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=300, env={**clean, **CREDENTIALS, **env},
    )


def test_run_remote_dask_without_a_prefect_api_is_refused(small_show: Path, tmp_path: Path) -> None:
    small_show.write_text(small_show.read_text()
                          + '\n[runner]\nkind = "dask"\naddress = "tcp://127.0.0.1:8786"\n')
    done = _run(small_show, tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: runner.address tcp://127.0.0.1:8786: a remote Dask cluster needs a real Prefect "
        "API; start `prefect server start` and set PREFECT_API_URL"
    ]
    assert not (tmp_path / "public").exists()


def test_run_unreachable_store_is_refused(small_show: Path, tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    small_show.write_text(small_show.read_text()
                          + f'\n[store]\nurl = "s3://innocast/show"\nendpoint_url = "{endpoint}"\n')
    done = _run(small_show, tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: store s3://innocast/show: cannot reach it ("), lines
    assert not (tmp_path / "public").exists()
