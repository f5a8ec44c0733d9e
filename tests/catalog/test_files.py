"""Files written whole, with or without a sync each, and the one sync of a whole folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from catalog.files import sync_filesystem, write_atomic, write_if_changed


@pytest.mark.parametrize("sync", [True, False])
def test_write_atomic_replaces_by_rename_readable_by_all(tmp_path: Path, sync: bool) -> None:
    target = tmp_path / "site" / "page.html"
    write_atomic(target, b"old", sync=sync)
    linked = tmp_path / "live-page.html"
    os.link(target, linked)
    write_atomic(target, b"new", sync=sync)
    assert target.read_bytes() == b"new"
    # A hard link to the old file (the live publication's) keeps the old bytes.
    assert linked.read_bytes() == b"old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_write_if_changed_leaves_equal_bytes_alone(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    assert write_if_changed(target, b"same", sync=False)
    inode = target.stat().st_ino
    assert not write_if_changed(target, b"same", sync=False)
    assert target.stat().st_ino == inode
    assert write_if_changed(target, b"other", sync=False)
    assert target.read_bytes() == b"other"


def test_sync_filesystem_names_a_missing_folder(tmp_path: Path) -> None:
    sync_filesystem(tmp_path)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        sync_filesystem(tmp_path / "nowhere")
