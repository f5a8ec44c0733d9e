"""An editor's view: a real Prefect server, `innocast serve`, a deployment triggered and done."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import httpx
import pytest

from demo import DEMO_DIR
from tests.flows.conftest import wait_for
from tests.objectstore import free_port

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def test_server_editor_adds_an_episode_from_a_deployment(
    prefect_server: dict[str, str], small_show: Path, tmp_path: Path
) -> None:
    out, data = tmp_path / "public", tmp_path / "data"
    log = (tmp_path / "serve.log").open("wb")
    edit_port = free_port()
    serve = subprocess.Popen(
        [str(BIN / "innocast"), "serve", "--config", str(small_show), "--out", str(out),
         "--data", str(data), "--edit", "--edit-port", str(edit_port)],
        env=prefect_server, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        def registered() -> bool:
            listing = subprocess.run([str(BIN / "prefect"), "deployment", "ls"], env=prefect_server,
                                     capture_output=True, text=True)
            return "add-episode/add-episode" in listing.stdout

        wait_for(registered, 120, "innocast serve to register its deployments")
        audio = DEMO_DIR / "episodes" / "04-english-summary.mp3"
        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "add-episode/add-episode",
             "-p", f"audio_url={audio}", "-p", "title=Added by an editor",
             "-p", "notes=Show notes pasted in the UI.", "--watch", "--watch-timeout", "600"],
            env=prefect_server, capture_output=True, text=True, timeout=700,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        assert "Completed" in run.stdout
        # The editors' web app runs beside the deployments, and lists the new episode.
        queue = httpx.get(f"http://127.0.0.1:{edit_port}/", timeout=10)
        assert queue.status_code == 200 and "Added by an editor" in queue.text
    finally:
        serve.terminate()
        serve.wait(30)
        log.close()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Added by an editor"]
    assert len(list((out / "transcripts").glob("*.vtt"))) == 1
