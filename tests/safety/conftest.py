"""Fixtures for the safety tests: a small show, the real `innocast` command, a Prefect server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.shows import make_show

INNOCAST = Path(sys.executable).parent / "innocast"
PREFECT = Path(sys.executable).parent / "prefect"

@pytest.fixture
def small_show(tmp_path: Path) -> Path:
    """The small show's config file."""
    return make_show(tmp_path / "show")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server on 127.0.0.1 for the session's runs; the environment that reaches it.

    One server for many `innocast run`s costs its start-up once: each run then starts in about
    9 s instead of the 20-30 s of a temporary server of its own.
    """
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
    }
    env.pop("PREFECT_API_KEY", None)
    with (home / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while not _healthy(port):
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"the Prefect server did not start; see {home / 'server.log'}")
                time.sleep(0.5)
            yield env
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


Innocast = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="session")
def innocast() -> Innocast:
    """Run the real `innocast` command; return the finished process (text output)."""

    def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
            input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(INNOCAST), *map(str, args)], env=env or {**os.environ}, cwd=cwd, input=input,
            capture_output=True, text=True, timeout=timeout,
        )

    return run
