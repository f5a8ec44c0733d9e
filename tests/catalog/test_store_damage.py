"""A catalog that is damaged, full or asked for an ambiguous name answers in one line naming the
catalog (and how to recover) or both items, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import AmbiguousItemError, Catalog, CatalogCorruptError, sha256_bytes
from catalog.errors import CatalogFullError

INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _add(catalog: Catalog, key: str, slug: str, item_id: str | None = None) -> str:
    return catalog.upsert_item(
        kind="episode", source_key=key, content_hash=sha256_bytes(key.encode()), title=slug,
        published=None, data={"n": 1}, item_id=item_id, slug_hint=slug,
    ).item.id


def _innocast(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([INNOCAST, *args], capture_output=True, text=True, timeout=60)


def test_store_name_that_is_one_items_id_and_anothers_slug_names_both(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    # An episode whose config id is "b" has the id episode-b; one titled "Episode B" the slug
    # episode-b: the name "episode-b" is both.
    first = _add(catalog, "episode:b", "b", item_id="episode-b")
    second = _add(catalog, "audio:x", "Episode B")
    assert catalog.get_item(second).slug == "episode-b-2"  # a new slug never takes an id
    with catalog.transaction() as db:  # as a catalog written before that rule holds it
        db.execute("UPDATE items SET slug = 'episode-b' WHERE id = ?", (second,))
    with pytest.raises(AmbiguousItemError) as caught:
        catalog.get_item("episode-b")
    assert str(caught.value) == (
        f"episode-b: names two items, {first} (by its id; its slug is b) and {second} "
        f"(by its slug); name the one you mean by b or {second}"
    )
    assert catalog.get_item("b").id == first and catalog.get_item(second).id == second


def test_store_ambiguous_name_exits_1_in_the_editor_commands(tmp_path: Path) -> None:
    with Catalog(tmp_path) as catalog:
        _add(catalog, "episode:b", "b", item_id="episode-b")
        second = _add(catalog, "audio:x", "x")
        with catalog.transaction() as db:
            db.execute("UPDATE items SET slug = 'episode-b' WHERE id = ?", (second,))
    vtt = tmp_path / "fix.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHej.\n", encoding="utf-8")
    for args in (["transcript", "set", "episode-b", str(vtt)], ["transcript", "clear", "episode-b"],
                 ["tags", "set", "episode-b", "+collaboration"]):
        result = _innocast(*args, "--data", str(tmp_path))
        assert result.returncode == 1, args
        assert result.stderr.startswith("Error: episode-b: names two items, episode-b "), args
        assert result.stderr.count("\n") == 1
    with Catalog(tmp_path) as catalog:
        assert catalog.get_override("episode-b") is None and catalog.decisions(second) == {}


def test_store_invalid_row_is_named_with_the_catalog_and_a_recovery(tmp_path: Path) -> None:
    with Catalog(tmp_path) as catalog:
        item_id = _add(catalog, "audio:x", "x")
        with catalog.transaction() as db:
            db.execute("UPDATE items SET data = '{not json' WHERE id = ?", (item_id,))
    result = _innocast("items", "--data", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: {tmp_path / 'catalog.sqlite'}: item {item_id!r} is damaged (not JSON); "
        "move it aside and run `innocast run` again"
    )
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("column", ["kind", "data", "title"])
def test_store_row_of_the_wrong_shape_is_damage(tmp_path: Path, column: str) -> None:
    catalog = Catalog(tmp_path)
    item_id = _add(catalog, "audio:x", "x")
    value = {"kind": "podcast", "data": "[1, 2]", "title": "7"}[column]
    with catalog.transaction() as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        if column == "title":
            db.execute("UPDATE items SET title = X'ff00' WHERE id = ?", (item_id,))
        else:
            db.execute(f"UPDATE items SET {column} = ? WHERE id = ?", (value, item_id))
    with pytest.raises(CatalogCorruptError, match=rf"item {item_id!r} is damaged \(its {column}\)"):
        catalog.items()


def _scribble(path: Path) -> None:
    """Random bytes over the catalog's pages past the header, as a failing disk leaves them."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        for offset in range(4096, size, 4096):
            file.seek(offset + 16)
            file.write(os.urandom(512))


def test_store_random_bytes_in_the_catalog_file_are_one_line(tmp_path: Path) -> None:
    with Catalog(tmp_path) as catalog:
        for n in range(300):
            _add(catalog, f"audio:{n}", f"item {n} " + "x" * 200)
        catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _scribble(tmp_path / "catalog.sqlite")
    result = _innocast("items", "--data", str(tmp_path))
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(f"Error: {tmp_path / 'catalog.sqlite'}: ")
    assert "damaged" in result.stderr and "innocast run" in result.stderr
    assert result.stderr.count("\n") == 1


def test_store_not_a_catalog_says_how_to_recover(tmp_path: Path) -> None:
    (tmp_path / "catalog.sqlite").write_bytes(os.urandom(8192))
    with pytest.raises(CatalogCorruptError, match="not an innocast catalog .*move it aside"):
        Catalog(tmp_path)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own (tmpfs; needs root, as `make system-test` runs)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.decode().strip()})")
    try:
        yield mount
    finally:
        # Lazily: a failed test may still hold a file open there.
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(folder: Path) -> None:
    """Fill the file system with one file, to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as filler:
        for size in (1 << 16, 1 << 10, 1):
            try:
                while True:
                    filler.write(b"\0" * size)
            except OSError:
                pass


def test_store_full_disk_names_the_data_folder(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    source = tmp_path / "audio.bin"
    source.write_bytes(os.urandom(512 * 1024))
    with Catalog(data) as catalog:
        _add(catalog, "audio:first", "first")
        _fill(small_disk)
        with pytest.raises(CatalogFullError, match=f"^{data / 'blobs'}: no space left on the disk"):
            catalog.store_file(source, ".mp3")
        with pytest.raises(CatalogFullError, match=f"^{data}: no space left on the disk"):
            for n in range(2000):
                _add(catalog, f"audio:{n}", f"item {n} " + "x" * 2000)
    assert [p.name for p in (data / "blobs").rglob("*.tmp")] == []
    (small_disk / "filler").unlink()
    with Catalog(data) as catalog:  # nothing half-written: what was stored before is whole
        assert [item.slug for item in catalog.items()] == ["first"]


def test_store_full_disk_is_one_line_from_the_cli(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    Catalog(data).close()
    _fill(small_disk)
    text = tmp_path / "nyhet.txt"
    text.write_text("Rubrik\n\n" + "Ett stycke om innovation. " * 4000, encoding="utf-8")
    result = _innocast("ingest", "news", str(text), "--data", str(data))
    assert result.returncode == 1
    assert result.stderr == f"Error: {data}: no space left on the disk; free some and run again\n"
