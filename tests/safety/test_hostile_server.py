"""`innocast ingest` against the hostile server, measured: its peak memory and its wall time.

Each case runs the real command as a child process and reads the child's own peak resident set
(`os.wait4`'s rusage) and wall time, and prints `[hostile-server] CASE: peak MB, overshoot s`.
The targets (issue 14): no ingest above 500 MB, no fetch ending more than 2 s past its deadline.
The overshoot is the time from the request reaching the server (the fetch's deadline starts
just before it connects) to the command's exit, less the deadline: Python's start-up, which
varies by seconds on a busy machine, is not in it; the command's exit is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.safety.conftest import INNOCAST
from tests.safety.hostile_server import FEED_ITEMS, HostileServer, running_hostile_server

pytestmark = pytest.mark.slow

MAX_PEAK_MB = 500
MAX_OVERSHOOT = 2.0
DEADLINE = 3
LAYERINGS = ["gzip", "deflate", "gzip,gzip", "deflate,gzip", "gzip,deflate,gzip", "gzip, gzip"]


@dataclass(frozen=True)
class Measured:
    """A finished child: exit code, output, wall seconds and peak resident memory (MB)."""

    returncode: int
    out: str
    wall: float
    peak_mb: float
    ended: float


# Linux counts into a child's peak memory the peak of the process it was forked from (the mm
# copied at fork keeps its high-water mark until exec), so a child of a pytest process that once
# held a Whisper model would report that. A small launcher forks the command instead: its wait4
# figure is the command's own.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def measured(*args: str | Path, limit: float = 600) -> Measured:
    """Run `innocast ARGS` as a grandchild, through `LAUNCHER`; its own peak memory is the
    launcher's wait4 figure."""
    with (open(os.devnull, "rb") as stdin, tempfile.TemporaryFile("w+") as out,
          tempfile.TemporaryDirectory() as scratch):
        peak = Path(scratch) / "peak"
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(peak), str(INNOCAST), *map(str, args)],
            stdin=stdin, stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        killer = threading.Timer(limit, os.killpg, (child.pid, signal.SIGKILL))
        killer.start()
        try:
            child.wait()
        finally:
            killer.cancel()
        ended = time.monotonic()
        out.seek(0)
        return Measured(child.returncode, out.read(), ended - started,
                        int(peak.read_text()) / 1024, ended)


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    """The hostile server, shared by this module's cases."""
    yield from running_hostile_server()


def overshoot(hostile: HostileServer, path: str, run: Measured) -> float:
    """Seconds from the last request for `path` to the command's exit, less the deadline."""
    arrived = max(when for when, asked in hostile.arrivals if asked == path)
    return run.ended - arrived - DEADLINE


def report(capsys: pytest.CaptureFixture[str], case: str, run: Measured, extra: str = "") -> None:
    """Print the case's figures past pytest's capture."""
    with capsys.disabled():
        print(f"\n[hostile-server] {case}: peak {run.peak_mb:.0f} MB, wall {run.wall:.1f} s"
              f"{extra}", end="")


@pytest.mark.parametrize("layers", LAYERINGS)
def test_ingest_news_stops_a_bomb_of_every_layering(
    hostile: HostileServer, tmp_path: Path, layers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = hostile.url(f"/bomb/{layers}")
    run = measured("ingest", "news", url, "--allow-private", "--data", tmp_path)
    report(capsys, f"news bomb {layers}", run)
    assert run.returncode == 1
    assert run.out.strip().splitlines()[-1] == (
        f"Error: {url}: the body is more than 10000000 bytes decoded"
    )
    assert run.peak_mb < MAX_PEAK_MB


def test_ingest_news_stops_an_endless_body(
    hostile: HostileServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = hostile.url("/endless")
    run = measured("ingest", "news", url, "--allow-private", "--data", tmp_path)
    report(capsys, "news endless body", run)
    assert run.returncode == 1
    assert run.out.strip().splitlines()[-1] == f"Error: {url}: the body is more than 10000000 bytes"
    assert run.peak_mb < MAX_PEAK_MB


@pytest.mark.parametrize(
    ("command", "path"),
    [
        (["news"], "/trickle-headers"),
        (["news"], "/trickle-body"),
        (["feed"], "/trickle-headers"),
        (["feed"], "/trickle-body"),
        (["episode", "--title", "Trickle"], "/trickle-headers"),
        (["episode", "--title", "Trickle"], "/trickle-body.mp3"),
    ],
)
def test_ingest_ends_a_slow_fetch_at_its_deadline(
    hostile: HostileServer,
    tmp_path: Path,
    command: list[str],
    path: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = hostile.url(path)
    run = measured("ingest", command[0], url, *command[1:], "--timeout", str(DEADLINE),
                   "--allow-private", "--data", tmp_path)
    late = overshoot(hostile, path, run)
    report(capsys, f"{command[0]} {path}", run, f", deadline {DEADLINE} s, overshoot {late:.1f} s")
    assert run.returncode == 1, run.out
    assert f"{url}: timed out after {DEADLINE} s (the fetch time limit)" in run.out
    assert late < MAX_OVERSHOOT
    assert run.peak_mb < MAX_PEAK_MB


def test_ingest_episode_stops_endless_audio_at_its_size_or_time_limit(
    hostile: HostileServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = hostile.url("/endless.mp3")
    run = measured("ingest", "episode", url, "--title", "Endless", "--timeout", str(DEADLINE),
                   "--allow-private", "--data", tmp_path)
    late = overshoot(hostile, "/endless.mp3", run)
    report(capsys, "episode /endless.mp3", run, f", deadline {DEADLINE} s, overshoot {late:.1f} s")
    assert run.returncode == 1, run.out
    # Over loopback 1 GB may arrive before the deadline: whichever limit comes first.
    assert run.out.strip().splitlines()[-1] in (
        f"Error: {url}: the body is more than 1000000000 bytes",
        f"Error: {url}: timed out after {DEADLINE} s (the fetch time limit)",
    )
    assert late < MAX_OVERSHOOT
    assert run.peak_mb < MAX_PEAK_MB
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.stat().st_size > 1_000_000]


def test_ingest_feed_of_20000_items_stops_at_the_cap(
    hostile: HostileServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = hostile.url("/huge-feed.xml")
    before = len(hostile.requests)
    run = measured("ingest", "feed", url, "--allow-private", "--data", tmp_path)
    audio_requests = [p for p in hostile.requests[before:] if p.startswith("/audio/")]
    report(capsys, f"feed of {FEED_ITEMS} items", run, f", {len(audio_requests)} audio requests")
    assert run.returncode == 0, run.out
    assert (f"{url}: imported the first 200 of its {FEED_ITEMS} episodes (the limit; raise "
            "max_items to import more)") in run.out.splitlines()
    assert len(audio_requests) == 200
    assert run.peak_mb < MAX_PEAK_MB
