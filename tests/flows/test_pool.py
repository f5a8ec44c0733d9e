"""The production path: deployments on a Prefect process work pool, run by `prefect worker`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import feedparser
import pytest

from demo import DEMO_DIR
from tests.flows.conftest import BIN
from tests.flows.test_workers import process

pytestmark = pytest.mark.slow


def test_pool_worker_runs_an_editors_deployment(
    prefect_server: dict[str, str], small_show: Path, tmp_path: Path
) -> None:
    out, data = tmp_path / "public", tmp_path / "data"
    created = subprocess.run(
        [str(BIN / "prefect"), "work-pool", "create", "innocast", "--type", "process"],
        env=prefect_server, capture_output=True, text=True, timeout=120,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    deployed = subprocess.run(
        [str(BIN / "innocast"), "deploy", "--pool", "innocast", "--config", str(small_show),
         "--out", str(out), "--data", str(data)],
        env=prefect_server, capture_output=True, text=True, timeout=300,
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "add-episode/add-episode" in deployed.stdout
    with process([str(BIN / "prefect"), "worker", "start", "--pool", "innocast"],
                 tmp_path / "worker", prefect_server):
        audio = DEMO_DIR / "episodes" / "04-english-summary.mp3"
        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "add-episode/add-episode",
             "-p", f"audio_url={audio}", "-p", "title=Added through the pool",
             "--watch", "--watch-timeout", "900"],
            env=prefect_server, capture_output=True, text=True, timeout=1000,
        )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Completed" in run.stdout
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Added through the pool"]


def test_pool_deploy_to_a_missing_pool_is_one_line(
    prefect_server: dict[str, str], small_show: Path
) -> None:
    deployed = subprocess.run(
        [str(BIN / "innocast"), "deploy", "--pool", "nowhere", "--config", str(small_show)],
        env=prefect_server, capture_output=True, text=True, timeout=300,
    )
    assert deployed.returncode == 1
    assert deployed.stderr.strip().splitlines()[-1] == (
        "Error: work pool nowhere: no such pool; create it with "
        "`prefect work-pool create nowhere --type process`"
    )
