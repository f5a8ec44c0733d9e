"""A full disk or a read-only output folder: one clear error, the previous publication intact.

The output lives on a 4 MB tmpfs mounted for the test (root only; CI runs as root): filled to
the last block, or remounted read-only, after a first publication succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from demo import DEMO_DIR
from tests.safety.conftest import Innocast
from tests.shows import make_show

pytestmark = pytest.mark.slow


@contextmanager
def tmpfs(path: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `path` for the block."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def published_data(
    tmp_path_factory: pytest.TempPathFactory, prefect_env: dict[str, str], innocast: Innocast
) -> tuple[Path, Path]:
    """A config and a data folder the pipeline has run on (audio prepared, transcribed)."""
    root = tmp_path_factory.mktemp("resources")
    config = make_show(root / "show")
    done = innocast("run", "--config", config, "--out", root / "public", "--data",
                           root / "data", env=prefect_env)
    assert done.returncode == 0, done.stdout + done.stderr
    return config, root / "data"


def _changed_data(data: Path, tmp_path: Path, innocast: Innocast) -> Path:
    """A copy of the data folder with one more news item, so publishing must write pages."""
    changed = tmp_path / "data"
    shutil.copytree(data, changed)
    news = DEMO_DIR / "news" / "norrbotten-larprojekt-innovation.txt"
    assert innocast("ingest", "news", news, "--data", changed).returncode == 0
    return changed


def _publish(innocast: Innocast, config: Path, out: Path, data: Path):
    return innocast("publish", "--config", config, "--out", out, "--data", data)


def test_resources_full_disk_one_line_error_and_previous_publication_intact(
    published_data: tuple[Path, Path], tmp_path: Path, innocast: Innocast
) -> None:
    config, data = published_data
    changed = _changed_data(data, tmp_path, innocast)
    with tmpfs(tmp_path / "disk") as disk:
        out = disk / "public"
        assert _publish(innocast, config, out, data).returncode == 0
        before = _snapshot(out)
        free = shutil.disk_usage(disk).free
        # Fill to the last page: the new pages then have nowhere to go.
        with suppress(OSError), (disk / "filler").open("wb") as filler:
            filler.write(b"\0" * free)
        done = _publish(innocast, config, out, changed)
        assert done.returncode == 1, done.stdout + done.stderr
        assert done.stderr.splitlines() == [
            f"Error: {out}: cannot write the publication (No space left on device); "
            "the previous one is left as it was"
        ]
        assert _snapshot(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "public"]
        (disk / "filler").unlink()
        assert _publish(innocast, config, out, changed).returncode == 0
        assert _snapshot(out) != before


def test_resources_read_only_output_one_line_error_and_previous_publication_intact(
    published_data: tuple[Path, Path], tmp_path: Path, innocast: Innocast
) -> None:
    config, data = published_data
    changed = _changed_data(data, tmp_path, innocast)
    with tmpfs(tmp_path / "disk") as disk:
        out = disk / "public"
        assert _publish(innocast, config, out, data).returncode == 0
        before = _snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = _publish(innocast, config, out, changed)
        assert done.returncode == 1, done.stdout + done.stderr
        # The output folder's lock is the first thing a publish writes.
        assert done.stderr.splitlines() == [
            f"Error: {out}: cannot lock the output folder (Read-only file system)"
        ]
        assert _snapshot(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["public"]


def test_resources_published_files_are_readable_by_a_web_server(
    published_data: tuple[Path, Path], tmp_path: Path, innocast: Innocast
) -> None:
    config, data = published_data
    out = tmp_path / "public"
    assert _publish(innocast, config, out, data).returncode == 0
    private = [p.relative_to(out).as_posix() for p in out.rglob("*")
               if p.is_file() and not p.stat().st_mode & 0o004]
    assert private == []
