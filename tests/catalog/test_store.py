"""The catalog keeps one item per source or content, in transactions, shared between processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from catalog import Catalog, CatalogCorruptError, ItemNotFoundError

HASH_A = "a" * 64
HASH_B = "b" * 64


def _store(catalog: Catalog, source: str = "url:x", content: str = HASH_A, title: str = "Hej"):
    return catalog.upsert_item(
        kind="news", source_key=source, content_hash=content, title=title,
        published="2021-08-16", data={"n": 1},
    )


def test_store_same_source_twice_is_one_item(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    assert _store(catalog).change == "created"
    assert _store(catalog).change == "unchanged"
    assert len(catalog.items()) == 1


def test_store_same_content_from_another_source_is_one_item(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    first = _store(catalog, source="url:one").item
    again = _store(catalog, source="text:two")
    assert again.change == "unchanged"
    assert again.item.id == first.id
    assert len(catalog.items()) == 1


def test_store_changed_content_updates_not_duplicates(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    first = _store(catalog).item
    updated = _store(catalog, content=HASH_B, title="Hej igen")
    assert updated.change == "updated"
    assert (updated.item.id, updated.item.slug) == (first.id, first.slug)
    assert updated.item.title == "Hej igen"
    assert len(catalog.items()) == 1


def test_store_slugs_are_unique_and_safe(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    one = _store(catalog, source="1", content=HASH_A, title="../../etc/passwd").item
    two = _store(catalog, source="2", content=HASH_B, title="../../etc/passwd").item
    assert one.slug == "etc-passwd"
    assert two.slug == "etc-passwd-2"


def test_store_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    with pytest.raises(RuntimeError), catalog.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('k', 'v')")
        raise RuntimeError("crash in the middle")
    assert catalog.get_meta("k") is None


def test_store_meta_once_never_changes(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    assert catalog.meta_once("podcast_guid", "first") == "first"
    assert catalog.meta_once("podcast_guid", "second") == "first"


def test_store_unknown_item_names_it(tmp_path: Path) -> None:
    with pytest.raises(ItemNotFoundError, match="^nope: no episode or news item"):
        Catalog(tmp_path).get_item("nope")


def test_store_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "catalog.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CatalogCorruptError, match="catalog.sqlite: not an innocast catalog"):
        Catalog(tmp_path)


def test_store_file_is_content_addressed(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    source = tmp_path / "a.mp3"
    source.write_bytes(b"ID3 pretend audio")
    digest = catalog.store_file(source, ".mp3")
    assert catalog.store_file(source, ".mp3") == digest
    assert catalog.blob_path(digest, ".mp3").read_bytes() == b"ID3 pretend audio"
    assert [p.name for p in (tmp_path / "data" / "blobs").rglob("*") if p.is_file()] == [
        f"{digest}.mp3"
    ]


def _writer(data_dir: str, worker: int) -> None:
    catalog = Catalog(Path(data_dir))
    for n in range(25):
        catalog.upsert_item(
            kind="news", source_key=f"url:{n}", content_hash=f"{n:064x}", title=f"Nyhet {n}",
            published=None, data={"worker": worker} if n % 2 else {},
        )


def test_store_shared_by_processes_keeps_one_item_each(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    catalog = Catalog(tmp_path)
    assert len(catalog.items()) == 25
    assert sqlite3.connect(tmp_path / "catalog.sqlite").execute(
        "PRAGMA integrity_check"
    ).fetchone() == ("ok",)


def test_store_decisions_set_and_forget(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    item = _store(catalog).item
    catalog.decide(item.id, {"collaboration": True, "security-trust": False})
    catalog.decide(item.id, {"security-trust": None})
    assert catalog.decisions(item.id) == {"collaboration": True}


def test_store_revision_changes_with_every_write_a_publication_shows(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    seen = [catalog.revision()]

    def changed() -> bool:
        seen.append(catalog.revision())
        return seen[-1] != seen[-2]

    item = _store(catalog).item
    assert changed()
    _store(catalog)  # the same content again: nothing written
    assert not changed()
    catalog.put_tags(item.id, "inputs", [])
    assert changed()
    catalog.decide(item.id, {"funding-programs": True})
    assert changed()
    catalog.put_transcript("key", audio_hash=HASH_A, model="m", data={"segments": []})
    assert changed()
    catalog.set_override(item.id, source="editor", data={"segments": []})
    assert changed()
    assert catalog.clear_override(item.id)
    assert changed()
    # What only saves work (what tagging read, files recognised) is not a new publication.
    catalog.put_tag_inputs(item.id, "fingerprint", "inputs")
    assert not changed()
    assert len(set(seen)) == len(seen) - 2


def test_store_older_catalog_gains_a_revision_that_then_follows_writes(tmp_path: Path) -> None:
    Catalog(tmp_path).close()
    db = sqlite3.connect(tmp_path / "catalog.sqlite")
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE revision")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    catalog = Catalog(tmp_path)
    first = catalog.revision()
    _store(catalog)
    assert catalog.revision() != first
