"""What the safety tests look at in a publication and a data directory, read straight from disk."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from lxml import etree

from catalog.blobs import MARKER as STORE_MARKER
from steps.publication import STATE

# Stamps of the build, not of the content: the issue allows them to differ between runs.
BUILD_STAMPS = re.compile(rb"<(lastBuildDate|pubDate)>[^<]*</\1>")
FEEDS = ("feed.xml", "news.xml")
# What a data folder holds by design: the catalog, its lock, the stored files, and the marker
# that names it as the blob store workers check (issue 17).
# What a data folder holds: the catalog, the run lock, the blobs, and two caches by content (the
# chapters found in each transcript and the embeddings they and the semantic tagger use).
DATA_ENTRIES = {"catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "run.lock", "blobs",
                "chapters", "embeddings", STORE_MARKER}
LEFTOVER_SUFFIXES = (".tmp", ".part")


def published_files(out: Path) -> dict[str, bytes]:
    """Every published file by site path, feeds without their build stamps, and the search
    index's page count over its bundles (so a publication without an index cannot pass).

    The search index is compared byte for byte like every other file: it is written in a
    fixed order, so the same pages give the same index files on every build.
    """
    files = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        # The state file is this build's stamp (its catalog revision, its files' times).
        if path.is_dir() or name == STATE:
            continue
        data = path.read_bytes()
        files[name] = channel_without_stamps(data) if name in FEEDS else data
    index = out / "search-index"
    listing = json.loads((index / "bundles.json").read_text(encoding="utf-8"))
    pages = sum(
        len(json.loads((index / bundle["folder"] / "entry.json").read_bytes())["pages"])
        for bundle in listing["bundles"]
    )
    files["search-index/page_count"] = str(pages).encode()
    return files


def channel_without_stamps(feed: bytes) -> bytes:
    """A feed with the channel's lastBuildDate and pubDate removed (items keep their dates)."""
    head, sep, rest = feed.partition(b"<item>")
    return BUILD_STAMPS.sub(b"", head) + sep + rest


def assert_publication_whole(out: Path) -> None:
    """Every file the publication's manifests list is there, and both feeds parse."""
    for manifest, key in ((".innocast-files.json", None), (".website-manifest.json", "files")):
        listed = json.loads((out / manifest).read_text(encoding="utf-8"))
        missing = [name for name in (listed[key] if key else listed) if not (out / name).is_file()]
        assert not missing, f"{out}: published without {missing}"
    for feed in FEEDS:
        etree.fromstring((out / feed).read_bytes())


def catalog_rows(data: Path) -> dict[str, list[tuple]]:
    """The catalog's rows that define what is published, as plain tuples, after a check."""
    with closing(sqlite3.connect(f"file:{data / 'catalog.sqlite'}?mode=ro", uri=True)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        items = db.execute(
            "SELECT id, kind, source_key, content_hash, slug, title, published, data "
            "FROM items ORDER BY id"
        ).fetchall()
        return {
            "items": items,
            "transcripts": db.execute(
                "SELECT cache_key, audio_hash, model, data FROM transcripts ORDER BY cache_key"
            ).fetchall(),
            "tags": db.execute("SELECT item_id, input_hash, data FROM tags ORDER BY item_id")
            .fetchall(),
            "duplicate_contents": db.execute(
                "SELECT kind, content_hash FROM items GROUP BY kind, content_hash "
                "HAVING count(*) > 1"
            ).fetchall(),
        }


def referenced_blobs(data: Path) -> set[Path]:
    """The stored files the catalog's items name (original audio, feed MP3)."""
    blobs = set()
    for item in catalog_rows(data)["items"]:
        fields = json.loads(item[7])
        if "audio_sha" in fields:
            sha = fields["audio_sha"]
            blobs.add(data / "blobs" / sha[:2] / f"{sha}{fields['audio_suffix']}")
        if fields.get("enclosure"):
            sha = fields["enclosure"]["sha"]
            blobs.add(data / "blobs" / sha[:2] / f"{sha}.mp3")
    return blobs


def orphans(data: Path, out: Path) -> list[str]:
    """What a run left that nothing needs: staging folders, temporary files, unnamed blobs."""
    found = [f"beside the output: {p.name}" for p in out.parent.iterdir() if p != out]
    found += [f"in the data folder: {p.name}" for p in data.iterdir() if p.name not in DATA_ENTRIES]
    for folder in (data, out):
        found += [f"temporary file: {p}" for p in folder.rglob("*")
                  if p.name.endswith(LEFTOVER_SUFFIXES)]
    stored = set((data / "blobs").glob("*/*"))
    found += [f"blob no item names: {p.name}" for p in sorted(stored - referenced_blobs(data))]
    found += [f"blob missing: {p.name}" for p in sorted(referenced_blobs(data) - stored)]
    return found
