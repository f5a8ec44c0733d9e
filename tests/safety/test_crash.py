"""SIGKILL at random moments of real `innocast run`s; one clean run then equals an uncrashed one.

Each chain starts from a fresh data directory and kills runs on it one after another: the first
at a random moment of the whole run, the next ones a random delay after the log line that
starts a phase (ingest, audio, transcription, tagging, publishing), so later kills in a chain
reach the later phases of a catalog that earlier kills left half-done. The whole process group
is killed, as a machine that loses power or a service manager's SIGKILL would.
"""

from __future__ import annotations

import os
import queue
import random
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.safety.conftest import INNOCAST
from tests.safety.outputs import assert_publication_whole, catalog_rows, orphans, published_files
from tests.shows import make_show

pytestmark = pytest.mark.slow

# Chains are run until this many kills have landed (at least 20 are asserted): a run that
# finishes before its kill (a phase with nothing left to do is short) counts for none.
KILLS = 21
MAX_CHAINS = 6
SEED = int(os.environ.get("INNOCAST_CRASH_SEED", time.time_ns() % 1_000_000))

# A phase starts with a log line; a kill aimed at it waits a random delay (up to about the
# phase's length on 2 cores) after that line. None: counted from the start of the process.
Aim = tuple[str, re.Pattern[str] | None, float, float]
WHOLE_RUN: Aim = ("anywhere", None, 0.5, 28.0)
AIMS: tuple[Aim, ...] = (
    ("start-up", None, 0.5, 8.0),
    ("ingest", re.compile(r"Beginning flow run"), 0.0, 0.9),
    ("audio", re.compile(r"- prepare-audio: \d+ to do"), 0.0, 4.5),
    ("transcription", re.compile(r"- transcribe: \d+ to do"), 0.0, 9.0),
    ("tagging", re.compile(r"- tag: \d+ to do"), 0.0, 0.5),
    ("publishing", re.compile(r"- publish: publishing"), 0.0, 1.2),
)
# What the run was doing when killed: the phase after the last step the log shows finished.
PHASE_AFTER = (
    (re.compile(r"Flow run .* Finished"), "exiting"),
    (re.compile(r"Task run 'collect-garbage.*Finished"), "exiting"),
    (re.compile(r"Task run 'publish-.*Finished"), "collecting garbage"),
    (re.compile(r"- publish: publishing"), "publishing"),
    (re.compile(r"Task run 'tag-.*Finished"), "tagging"),
    (re.compile(r"Task run 'transcribe.*Finished"), "tagging"),
    (re.compile(r"- tag: \d+ to do"), "tagging"),
    (re.compile(r"- transcribe: \d+ to do"), "transcription"),
    (re.compile(r"Task run 'prepare-audio.*Finished"), "transcription"),
    (re.compile(r"- prepare-audio: \d+ to do"), "audio"),
    (re.compile(r"Task run 'ingest-news.*Finished"), "audio"),
    (re.compile(r"Task run 'ingest-episodes.*Finished"), "ingest (news)"),
    (re.compile(r"Beginning flow run"), "ingest (episodes)"),
)


ITEMS = 3  # the small show's episode and two news items: one tag task each
TAGGED = re.compile(r"Task run 'tag-.*Finished")


@dataclass
class Kill:
    """One run killed: where it was aimed, where it was, after how long, what it left."""

    aimed: str
    hit: str
    seconds: float
    left: tuple[str, ...] = ()


def _phase(lines: list[str]) -> str:
    for line in reversed(lines):
        for pattern, phase in PHASE_AFTER:
            if pattern.search(line):
                if phase == "tagging" and sum(map(bool, map(TAGGED.search, lines))) >= ITEMS:
                    return "publishing"
                return phase
    return "start-up"


def leftovers(out: Path, data: Path) -> tuple[str, ...]:
    """What a killed run left half-done: a staging folder, a work folder, a temporary file."""
    found = [p.name.split("-")[0] + "-*" for p in out.parent.glob(".*staging-*")]
    found += [".work-*" for _ in data.glob(".work-*")]
    found += ["blobs/*.tmp" for _ in data.glob("blobs/*/*.tmp")]
    return tuple(found)


def _run(config: Path, out: Path, data: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(INNOCAST), "run", "--config", str(config), "--out", str(out), "--data", str(data)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )


def run_and_kill(aim: Aim, rng: random.Random, config: Path, out: Path, data: Path,
                 env: dict[str, str]) -> Kill | None:
    """Start a run, SIGKILL its process group as aimed; None if it finished first."""
    name, trigger, low, high = aim
    started = time.monotonic()
    process = _run(config, out, data, env)
    lines: list[str] = []
    seen: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            seen.put(line)
        seen.put("")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while trigger is not None:
            line = seen.get(timeout=120)
            if not line:
                return None  # the run ended before its phase began
            if trigger.search(line):
                break
        time.sleep(rng.uniform(low, high))
        if process.poll() is not None:
            return None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        reader.join(10)
        hit = _phase(lines)
        left = leftovers(out, data)
        # A staging folder left behind means the kill landed while the site was being built.
        return Kill(name, "publishing" if any("staging" in x for x in left) else hit,
                    round(time.monotonic() - started, 1), left)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


def clean_run(config: Path, out: Path, data: Path, env: dict[str, str]) -> float:
    """Run to the end; return its wall-clock seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [str(INNOCAST), "run", "--config", str(config), "--out", str(out), "--data", str(data)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return time.monotonic() - started


def test_crash_sigkill_anywhere_then_one_clean_run_equals_an_uncrashed_run(
    tmp_path: Path, prefect_env: dict[str, str]
) -> None:
    rng = random.Random(SEED)
    print(f"\ncrash test seed {SEED} (INNOCAST_CRASH_SEED repeats it)", flush=True)
    config = make_show(tmp_path / "show")
    reference_out, reference_data = tmp_path / "reference" / "public", tmp_path / "reference-data"
    reference_seconds = clean_run(config, reference_out, reference_data, prefect_env)
    reference = published_files(reference_out)
    reference_catalog = catalog_rows(reference_data)
    whole_run = (*WHOLE_RUN[:3], reference_seconds)

    kills: list[Kill] = []
    for chain in range(MAX_CHAINS):
        if len(kills) >= KILLS:
            break
        out, data = tmp_path / f"chain{chain}" / "public", tmp_path / f"chain{chain}-data"
        # The kill at a random moment of the whole run comes first, last or in the middle, so
        # that some chains reach the audio phase with no feed MP3 made yet.
        aims = list(AIMS)
        aims.insert((0, len(aims), 3)[chain % 3], whole_run)
        for aim in aims:
            kill = run_and_kill(aim, rng, config, out, data, prefect_env)
            if kill is None:
                print(f"chain {chain}: a run aimed at {aim[0]} finished first", flush=True)
                continue
            kills.append(kill)
            print(f"chain {chain}: aimed at {kill.aimed}, killed in {kill.hit} "
                  f"after {kill.seconds} s, leaving {', '.join(kill.left) or 'nothing'}",
                  flush=True)
            # A reader at any moment sees a whole publication (or none yet).
            if out.exists():
                assert_publication_whole(out)
            if (data / "catalog.sqlite").exists():
                catalog_rows(data)
        clean_run(config, out, data, prefect_env)
        assert orphans(data, out) == []
        assert catalog_rows(data) == reference_catalog
        assert reference_catalog["duplicate_contents"] == []
        published = published_files(out)
        differing = [name for name in sorted(published.keys() | reference.keys())
                     if published.get(name) != reference.get(name)]
        assert not differing, f"chain {chain}: {out} differs from {reference_out}: {differing}"

    phases = sorted({kill.hit for kill in kills})
    print(f"crash test: {len(kills)} kills; reference run {reference_seconds:.1f} s")
    for phase in phases:
        print(f"  {phase}: {sum(kill.hit == phase for kill in kills)} kills")
    left = sum(bool(kill.left) for kill in kills)
    print(f"  {left} kills left half-done work that the clean run collected")
    assert len(kills) >= 20
    assert "transcription" in phases and len(phases) >= 4, phases
