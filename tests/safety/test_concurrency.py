"""Two `innocast run`s at once on one data folder: the second refuses, or waits with --wait."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.safety.conftest import INNOCAST
from tests.safety.outputs import assert_publication_whole, catalog_rows, orphans

pytestmark = pytest.mark.slow


def _start(config: Path, out: Path, data: Path, env: dict[str, str], *extra: str):
    return subprocess.Popen(
        [str(INNOCAST), "run", "--config", str(config), "--out", str(out), "--data", str(data),
         *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _until_transcribing(process: subprocess.Popen[str]) -> list[str]:
    """Read the first run's log until it holds the lock and is busy transcribing."""
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "Task run 'prepare-audio" in line and "Finished" in line:
            return lines
    raise AssertionError("the first run ended before transcribing:\n" + "".join(lines))


def test_concurrency_second_run_refuses_with_one_line_and_first_finishes(
    small_show: Path, tmp_path: Path, prefect_env: dict[str, str]
) -> None:
    out, data = tmp_path / "site" / "public", tmp_path / "data"
    first = _start(small_show, out, data, prefect_env)
    try:
        _until_transcribing(first)
        second = subprocess.run(
            [str(INNOCAST), "run", "--config", str(small_show), "--out", str(out),
             "--data", str(data)],
            env=prefect_env, capture_output=True, text=True, timeout=300,
        )
        assert first.poll() is None, "the first run ended before the second was refused"
        rest, _ = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr.splitlines() == [
        f"Error: {data}: another innocast run is using this data directory; "
        "wait for it to finish (or pass --wait SECONDS)"
    ]
    assert first.returncode == 0, rest
    assert_publication_whole(out)
    assert orphans(data, out) == []
    assert catalog_rows(data)["duplicate_contents"] == []


def test_concurrency_second_run_with_wait_runs_after_the_first(
    small_show: Path, tmp_path: Path, prefect_env: dict[str, str]
) -> None:
    out, data = tmp_path / "site" / "public", tmp_path / "data"
    first = _start(small_show, out, data, prefect_env)
    try:
        _until_transcribing(first)
        second = _start(small_show, out, data, prefect_env, "--wait", "600")
        second_output, _ = second.communicate(timeout=600)
        first_output, _ = first.communicate(timeout=600)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()
                process.wait()
    assert first.returncode == 0, first_output
    assert second.returncode == 0, second_output
    # The second found everything done: it waited for the lock instead of working alongside.
    assert "Transcribed 0 episode(s)" in second_output, second_output
    assert "Transcribed 1 episode(s)" in first_output, first_output
    assert_publication_whole(out)
    assert orphans(data, out) == []
    rows = catalog_rows(data)
    assert rows["duplicate_contents"] == []
    assert len(rows["items"]) == 3 and len(rows["transcripts"]) == 1
