"""A publication is swapped in whole; a failed one leaves the previous one as it was."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from catalog import write_atomic
from steps.errors import OutputError
from steps.staging import OUTPUT_WAIT_ENV, output_lock, staged


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


def test_staged_modes_do_not_depend_on_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "public"
    old = os.umask(0)
    try:
        with staged(out) as stage:
            (stage / "search-index" / "pages").mkdir(parents=True)
            (stage / "search-index" / "pages" / "a.json").write_bytes(b"{}")
            write_atomic(stage / "feed.xml", b"<rss/>")
    finally:
        os.umask(old)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [out, *out.rglob("*")]}
    assert modes == {".": 0o755, "search-index": 0o755, "search-index/pages": 0o755,
                     "search-index/pages/a.json": 0o644, "feed.xml": 0o644}


def test_staged_never_writes_or_deletes_through_a_link_in_the_output(tmp_path: Path) -> None:
    out, outside = tmp_path / "public", tmp_path / "elsewhere"
    _publish(out, {"feed.xml": b"v1"})
    outside.mkdir()
    (outside / "precious.mp3").write_bytes(b"not innocast's")
    (out / "audio").symlink_to(outside, target_is_directory=True)
    (out / "feed-link.xml").symlink_to(outside / "precious.mp3")
    with staged(out) as stage:
        write_atomic(stage / "audio" / "precious.mp3", b"overwritten")
        (stage / "audio" / "precious.mp3").unlink()
        write_atomic(stage / "audio" / "episode.mp3", b"mp3")
    assert (outside / "precious.mp3").read_bytes() == b"not innocast's"
    assert sorted(p.name for p in outside.iterdir()) == ["precious.mp3"]
    assert not (out / "audio").is_symlink() and not (out / "feed-link.xml").exists()
    assert (out / "audio" / "episode.mp3").read_bytes() == b"mp3"


def test_staged_leaves_special_files_out_of_the_next_publication(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1"})
    os.mkfifo(out / "pipe")
    _publish(out, {"feed.xml": b"v2"})
    assert sorted(p.name for p in out.iterdir()) == ["feed.xml"]


def test_staged_publishes_through_an_output_that_is_a_link(tmp_path: Path) -> None:
    releases, web = tmp_path / "releases", tmp_path / "www"
    (releases / "site").mkdir(parents=True)
    (releases / "site" / "old.html").write_bytes(b"old")
    web.symlink_to(releases / "site", target_is_directory=True)
    _publish(web, {"feed.xml": b"v1"})
    _publish(web, {"feed.xml": b"v2"})
    assert web.is_symlink() and web.readlink() == releases / "site"
    assert (releases / "site" / "feed.xml").read_bytes() == b"v2"
    assert (releases / "site" / "old.html").read_bytes() == b"old"
    assert sorted(p.name for p in releases.iterdir()) == ["site"]


def test_staged_publishes_through_a_link_to_a_folder_not_made_yet(tmp_path: Path) -> None:
    web = tmp_path / "www"
    web.symlink_to(tmp_path / "site", target_is_directory=True)
    _publish(web, {"feed.xml": b"v1"})
    assert web.is_symlink() and (tmp_path / "site" / "feed.xml").read_bytes() == b"v1"


def test_staged_waits_for_another_publication_into_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1"})
    monkeypatch.setenv(OUTPUT_WAIT_ENV, "0.5")
    with output_lock(out):
        with pytest.raises(OutputError) as caught:
            _publish(out, {"feed.xml": b"v2"})
        assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]
    assert str(caught.value) == (
        f"{out}: another innocast publish is writing this output folder; "
        f"gave up after 0.5 s (set {OUTPUT_WAIT_ENV} to wait longer)"
    )
    assert (out / "feed.xml").read_bytes() == b"v1"
    # The lock goes with its holder: nothing is left beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_staged_second_publication_waits_its_turn_and_both_land_whole(
    tmp_path: Path,
) -> None:
    out = tmp_path / "public"
    _publish(out, {"feed.xml": b"v1"})
    entered, release = threading.Event(), threading.Event()

    def slow() -> None:
        with staged(out) as stage:
            entered.set()
            release.wait(10)
            write_atomic(stage / "audio.mp3", b"first")

    first = threading.Thread(target=slow)
    first.start()
    assert entered.wait(10)
    second = threading.Thread(target=_publish, args=(out, {"feed.xml": b"v2"}))
    second.start()
    time.sleep(0.5)
    assert second.is_alive(), "the second publication did not wait for the first"
    release.set()
    first.join(10)
    second.join(10)
    # The second staged a copy of the first's publication: nothing of either is lost.
    assert (out / "audio.mp3").read_bytes() == b"first"
    assert (out / "feed.xml").read_bytes() == b"v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
