"""A publication is swapped in whole; a failed one leaves the previous one as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import write_atomic
from steps.errors import OutputError
from steps.staging import staged


def _publish(out: Path, files: dict[str, bytes]) -> None:
    with staged(out) as stage:
        for name, data in files.items():
            write_atomic(stage / name, data)


def test_staged_first_publication_appears_whole(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"<rss/>", "index.html": b"<html></html>"})
    assert sorted(p.name for p in out.iterdir()) == ["feed.xml", "index.html"]
    assert oct(out.stat().st_mode & 0o777) == oct(0o755)


def test_staged_swap_keeps_unchanged_files_and_leaves_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1", "audio.mp3": b"mp3"})
    inode = (out / "audio.mp3").stat().st_ino
    _publish(out, {"feed.xml": b"v2"})
    assert (out / "feed.xml").read_bytes() == b"v2"
    assert (out / "audio.mp3").stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_staged_failure_leaves_previous_publication(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1"})
    with pytest.raises(RuntimeError), staged(out) as stage:
        write_atomic(stage / "feed.xml", b"half of v2")
        raise RuntimeError("killed while rendering")
    assert (out / "feed.xml").read_bytes() == b"v1"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_staged_live_file_never_modified_in_place(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1"})
    reader = (out / "feed.xml").open("rb")
    _publish(out, {"feed.xml": b"v2"})
    assert reader.read() == b"v1"
    reader.close()


def test_staged_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.write_text("not a folder")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        _publish(out, {"feed.xml": b"v1"})
