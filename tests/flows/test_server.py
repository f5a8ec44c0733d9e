"""An editor's view: a real Prefect server, `innocast serve`, a deployment triggered and done."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest

from demo import DEMO_DIR

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A real Prefect server on 127.0.0.1 with its own home; the environment to reach it."""
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }
    env.pop("PREFECT_API_KEY", None)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )

    def healthy() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait_for(healthy, 120, "the Prefect server")
        yield env
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def test_server_editor_adds_an_episode_from_a_deployment(
    prefect_server: dict[str, str], small_show: Path, tmp_path: Path
) -> None:
    out, data = tmp_path / "public", tmp_path / "data"
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [str(BIN / "innocast"), "serve", "--config", str(small_show), "--out", str(out),
         "--data", str(data)],
        env=prefect_server, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        def registered() -> bool:
            listing = subprocess.run([str(BIN / "prefect"), "deployment", "ls"], env=prefect_server,
                                     capture_output=True, text=True)
            return "add-episode/add-episode" in listing.stdout

        _wait_for(registered, 120, "innocast serve to register its deployments")
        audio = DEMO_DIR / "episodes" / "04-english-summary.mp3"
        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "add-episode/add-episode",
             "-p", f"audio_url={audio}", "-p", "title=Added by an editor",
             "-p", "notes=Show notes pasted in the UI.", "--watch", "--watch-timeout", "600"],
            env=prefect_server, capture_output=True, text=True, timeout=700,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "Completed" in run.stdout
    finally:
        serve.terminate()
        serve.wait(30)
        log.close()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Added by an editor"]
    assert len(list((out / "transcripts").glob("*.vtt"))) == 1
