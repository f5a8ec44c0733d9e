"""The catalog: one SQLite store of items (episodes, news), transcripts, tags and stored files.

Several processes may share one catalog (Prefect workers on one machine): SQLite runs in WAL
mode with a busy timeout, and every change is a transaction, so a reader sees an item whole or
not at all. Files (audio, enclosures) live beside the database in a content-addressed folder,
written under their hash by rename, so a crash leaves either the whole file or none.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from catalog.errors import (
    AmbiguousItemError,
    CatalogBusyError,
    CatalogCorruptError,
    CatalogError,
    CatalogFullError,
    ItemNotFoundError,
)
from catalog.files import PUBLIC_MODE, sha256_bytes, sha256_file
from catalog.slugs import slugify

# Version 2 added file_identities, version 4 the revision and its triggers; every statement is
# IF NOT EXISTS, so an older catalog becomes the current version by running the schema again.
SCHEMA_VERSION = 4
# A file modified this close to when it was looked at may change again within the same
# modification time, so it is not remembered as unchanged (the "racy clean" case).
RACY_SECONDS = 2.0
BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('episode', 'news')),
    source_key TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    published TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_content ON items (kind, content_hash);
CREATE TABLE IF NOT EXISTS transcripts (
    cache_key TEXT PRIMARY KEY,
    audio_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transcript_overrides (
    item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
    item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    input_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_inputs (
    item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    input_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_decisions (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (item_id, theme)
);
CREATE TABLE IF NOT EXISTS file_identities (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    suffix TEXT NOT NULL,
    facts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revision (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO revision VALUES (0, lower(hex(randomblob(16))));
"""

# The tables whose rows a publication is made from. Every write to one gives the catalog a new
# random revision (random, not a counter: a catalog restored from a backup, or another data
# folder publishing into the same output, never repeats a revision it did not publish).
# The caches that only save work (tag_inputs, file_identities) are left out: their writes
# change nothing a reader sees.
PUBLISHED_TABLES = ("items", "transcripts", "transcript_overrides", "tags", "tag_decisions")
TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_{action.lower()}_revision AFTER {action} ON {table} "
    "BEGIN UPDATE revision SET value = lower(hex(randomblob(16))); END"
    for table in PUBLISHED_TABLES
    for action in ("INSERT", "UPDATE", "DELETE")
]

# What a user can do about a damaged catalog file, said in every error that finds one.
RECOVERY = (
    "move it aside and run `innocast run` again to rebuild it from the sources, or restore a "
    "backup (`sqlite3 {path} .recover` may save the editors' corrections)"
)
_CORRUPT_CODES = ("SQLITE_CORRUPT", "SQLITE_FORMAT")

Kind = Literal["episode", "news"]
Change = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class Item:
    """One episode or news item as the catalog holds it."""

    id: str
    kind: Kind
    source_key: str
    content_hash: str
    slug: str
    title: str
    published: str | None
    data: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    modified_at: str = ""


@dataclass(frozen=True)
class Upsert:
    """What storing an item did: created it, updated it, or found it unchanged."""

    item: Item
    change: Change


def full_disk(folder: Path) -> CatalogFullError:
    """The one-line error for a data folder whose disk (or quota) is full."""
    return CatalogFullError(f"{folder}: no space left on the disk; free some and run again")


def _nearly_full(folder: Path) -> bool:
    """Whether the file system holding `folder` has less than a megabyte left for us."""
    try:
        usage = os.statvfs(folder)
    except OSError:
        return False
    return usage.f_bavail * usage.f_frsize < 1 << 20


def now_iso() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Catalog:
    """The store every step reads from and writes to; open one per process or thread."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.blob_dir = self.data_dir / "blobs"
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / "catalog.sqlite"
        self._local = threading.local()
        self._migrate()

    # -- connections and transactions ------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections do not cross threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   factory=_Connection)
            conn.catalog = self
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise CatalogCorruptError(
                f"{self.path}: not an innocast catalog ({exc}); {self._recovery}"
            ) from exc
        return conn

    def database_error(self, exc: sqlite3.DatabaseError) -> Exception:
        """Our error for what SQLite said: a damaged file, a full disk, a busy or unwritable
        catalog; any other (a query of ours that is wrong) stays itself, a bug."""
        code = str(getattr(exc, "sqlite_errorname", ""))
        if code.startswith("SQLITE_NOTADB"):
            return CatalogCorruptError(
                f"{self.path}: not an innocast catalog ({exc}); {self._recovery}"
            )
        if code.startswith(_CORRUPT_CODES):
            return CatalogCorruptError(
                f"{self.path}: the catalog file is damaged ({exc}); {self._recovery}"
            )
        # A full disk may also surface as an I/O error (growing the WAL's shared memory).
        if code.startswith("SQLITE_FULL") or (code.startswith("SQLITE_IOERR")
                                              and _nearly_full(self.data_dir)):
            return full_disk(self.data_dir)
        if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return CatalogBusyError(f"{self.path}: catalog is busy ({exc})")
        if code.startswith(("SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
            return CatalogError(f"{self.path}: the catalog cannot be read or written ({exc})")
        return exc

    @property
    def _recovery(self) -> str:
        """What to do about this damaged catalog file, for its errors."""
        return RECOVERY.format(path=self.path)

    def _item(self, row: sqlite3.Row) -> Item:
        """An item from its row; a row no innocast wrote (a wrong kind, data not a JSON object,
        a field not text) is a damaged catalog, named with the row's id."""
        data = self._json(row["data"], f"item {row['id']!r}")
        text_fields = ("id", "source_key", "content_hash", "slug", "title", "created_at",
                       "modified_at")
        wrong = [name for name in text_fields if not isinstance(row[name], str)]
        if row["published"] is not None and not isinstance(row["published"], str):
            wrong.append("published")
        if row["kind"] not in ("episode", "news"):
            wrong.append("kind")
        if not isinstance(data, dict):
            wrong.append("data")
        if wrong:
            raise CatalogCorruptError(
                f"{self.path}: item {row['id']!r} is damaged (its {', '.join(wrong)}); "
                f"{self._recovery}"
            )
        return Item(
            id=row["id"],
            kind=row["kind"],
            source_key=row["source_key"],
            content_hash=row["content_hash"],
            slug=row["slug"],
            title=row["title"],
            published=row["published"],
            data=data,
            created_at=row["created_at"],
            modified_at=row["modified_at"],
        )

    def _json(self, text: str, where: str) -> Any:
        """A JSON column's value; a damaged one is a damaged catalog, named with its row."""
        try:
            return json.loads(text)
        except (TypeError, ValueError) as exc:
            raise CatalogCorruptError(
                f"{self.path}: {where} is damaged (not JSON); {self._recovery}"
            ) from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CatalogCorruptError(
                f"{self.path}: written by a newer innocast (schema {version}, "
                f"this one reads {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            # executescript() would commit on its own; one statement at a time keeps it atomic.
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            for trigger in TRIGGERS:
                db.execute(trigger)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction: all of it is stored, or none.

        A transaction opened inside another is part of it: an editor's save (transcript, tags,
        decisions) calls the methods that each open one, and is stored whole or not at all.
        """
        db = self.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")  # a busy catalog raises CatalogBusyError (_Connection)
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- items ------------------------------------------------------------------------------

    def upsert_item(
        self,
        *,
        kind: Kind,
        source_key: str,
        content_hash: str,
        title: str,
        published: str | None,
        data: dict[str, Any],
        item_id: str | None = None,
        slug_hint: str | None = None,
        default_published: str | None = None,
    ) -> Upsert:
        """Store an item by its source key: create it, update it if its content changed, or not.

        An item of the same kind with the same content under another source key is the same
        item: ingesting one text from two places, or one audio file twice, gives one item.
        A `published` of None keeps the date already stored, or for a new item takes
        `default_published`.
        """
        with self.transaction() as db:
            row = db.execute("SELECT * FROM items WHERE source_key = ?", (source_key,)).fetchone()
            if row is None:
                row = db.execute(
                    "SELECT * FROM items WHERE kind = ? AND content_hash = ?", (kind, content_hash)
                ).fetchone()
            if row is None:
                # Source keys are unique, so a hash of one makes an id no other item has.
                new_id = item_id or f"{kind}-{sha256_bytes(source_key.encode())[:16]}"
                if db.execute("SELECT 1 FROM items WHERE id = ?", (new_id,)).fetchone():
                    new_id = f"{new_id}-{sha256_bytes(source_key.encode())[16:32]}"
                slug = self._free_slug(db, slugify(slug_hint or title, fallback=kind))
                stamp = now_iso()
                db.execute(
                    "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        new_id,
                        kind,
                        source_key,
                        content_hash,
                        slug,
                        title,
                        published or default_published,
                        json.dumps(data, ensure_ascii=False, sort_keys=True),
                        stamp,
                        stamp,
                    ),
                )
                return Upsert(self._get(db, new_id), "created")
            current = self._item(row)
            published = published or current.published
            merged = {**current.data, **data}
            if (current.content_hash, current.title, current.published, current.data) == (
                content_hash,
                title,
                published,
                merged,
            ):
                return Upsert(current, "unchanged")
            db.execute(
                "UPDATE items SET content_hash = ?, title = ?, published = ?, data = ?, "
                "modified_at = ? WHERE id = ?",
                (
                    content_hash,
                    title,
                    published,
                    json.dumps(merged, ensure_ascii=False, sort_keys=True),
                    now_iso(),
                    current.id,
                ),
            )
            return Upsert(self._get(db, current.id), "updated")

    def update_data(self, item_id: str, **fields: Any) -> Item:
        """Merge `fields` into an item's data (e.g. the enclosure made from its audio)."""
        with self.transaction() as db:
            item = self._get(db, item_id)
            merged = {**item.data, **fields}
            if merged != item.data:
                db.execute(
                    "UPDATE items SET data = ?, modified_at = ? WHERE id = ?",
                    (json.dumps(merged, ensure_ascii=False, sort_keys=True), now_iso(), item_id),
                )
            return self._get(db, item_id)

    def get_item(self, ref: str) -> Item:
        """The one item with this id or slug; a name that is one item's id and another's slug
        names neither (AmbiguousItemError naming both), so an editor never changes the wrong one.
        """
        rows = self.db.execute(
            "SELECT * FROM items WHERE id = ? OR slug = ? ORDER BY id", (ref, ref)
        ).fetchall()
        if not rows:
            raise ItemNotFoundError(f"{ref}: no episode or news item with this id or slug")
        if len(rows) > 1:
            by_id, by_slug = sorted(rows, key=lambda row: row["id"] != ref)
            raise AmbiguousItemError(
                f"{ref}: names two items, {by_id['id']} (by its id; its slug is "
                f"{by_id['slug']}) and {by_slug['id']} (by its slug); name the one you mean "
                f"by {by_id['slug']} or {by_slug['id']}"
            )
        return self._item(rows[0])

    def find_source(self, source_key: str) -> Item | None:
        """The item stored under this source key, if any."""
        row = self.db.execute("SELECT * FROM items WHERE source_key = ?", (source_key,)).fetchone()
        return self._item(row) if row else None

    def items(self, kind: Kind | None = None) -> list[Item]:
        """Every item (of one kind), newest first."""
        query = "SELECT * FROM items"
        args: tuple[str, ...] = ()
        if kind:
            query += " WHERE kind = ?"
            args = (kind,)
        rows = self.db.execute(query + " ORDER BY published DESC, id", args).fetchall()
        return [self._item(row) for row in rows]

    def _get(self, db: sqlite3.Connection, item_id: str) -> Item:
        row = db.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise ItemNotFoundError(f"{item_id}: no such item")
        return self._item(row)

    def item(self, item_id: str) -> Item:
        """The item with exactly this id (steps that hold an id never match a slug)."""
        return self._get(self.db, item_id)

    @staticmethod
    def _free_slug(db: sqlite3.Connection, slug: str) -> str:
        # A slug that is another item's id would make that name ambiguous (see get_item).
        candidate, number = slug, 2
        while db.execute(
            "SELECT 1 FROM items WHERE slug = ? OR id = ?", (candidate, candidate)
        ).fetchone():
            candidate, number = f"{slug}-{number}", number + 1
        return candidate

    # -- stored files -----------------------------------------------------------------------

    def store_file(self, source: Path, suffix: str) -> str:
        """Copy a file into the content-addressed store once; return its SHA-256."""
        digest = sha256_file(source)
        target = self.blob_path(digest, suffix)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                # Stored audio is hard-linked into publications, where readers must reach it.
                os.fchmod(fd, PUBLIC_MODE)
                with open(fd, "wb") as out, source.open("rb") as src:
                    shutil.copyfileobj(src, out)
                Path(tmp).replace(target)
            except OSError as exc:
                Path(tmp).unlink(missing_ok=True)
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise full_disk(self.blob_dir) from exc
                raise
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return digest

    def recognise_file(self, source: Path, suffix: str) -> tuple[str, dict[str, Any]] | None:
        """The hash and facts remembered for `source` if it is unchanged since, without reading it.

        Unchanged means the same size, modification time (ns) and inode as when it was stored,
        and its stored copy still there.
        """
        path = str(Path(source).resolve())
        row = self.db.execute(
            "SELECT size, mtime_ns, inode, sha256, suffix, facts FROM file_identities"
            " WHERE path = ?", (path,)
        ).fetchone()
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if row is None or (row["size"], row["mtime_ns"], row["inode"], row["suffix"]) != (
            stat.st_size, stat.st_mtime_ns, stat.st_ino, suffix
        ):
            return None
        if not self.blob_path(row["sha256"], suffix).exists():
            return None
        return row["sha256"], self._json(row["facts"], f"the facts of file {path}")

    def remember_file(
        self, source: Path, before: os.stat_result, digest: str, suffix: str,
        facts: dict[str, Any],
    ) -> None:
        """Remember that `source`, as `before` describes it, has hash `digest` and these facts.

        `before` is the stat taken before the file was read; a file that changed while it was
        read, or was modified too recently to tell, is not remembered.
        """
        path = Path(source).resolve()
        try:
            after = path.stat()
        except OSError:
            return
        identity = (before.st_size, before.st_mtime_ns, before.st_ino)
        if identity != (after.st_size, after.st_mtime_ns, after.st_ino):
            return
        if datetime.now(UTC).timestamp() - after.st_mtime < RACY_SECONDS:
            return
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO file_identities"
                " (path, size, mtime_ns, inode, sha256, suffix, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(path), *identity, digest, suffix, json.dumps(facts)),
            )

    def blob_path(self, digest: str, suffix: str) -> Path:
        """Where the stored file with this hash lives (suffix like '.mp3')."""
        if not (len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
            raise ValueError(f"not a SHA-256 digest: {digest!r}")
        return self.blob_dir / digest[:2] / f"{digest}{suffix}"

    # -- transcripts ------------------------------------------------------------------------

    def get_transcript(self, cache_key: str) -> dict[str, Any] | None:
        """The stored transcription for this cache key, if any."""
        row = self.db.execute(
            "SELECT data FROM transcripts WHERE cache_key = ?", (cache_key,)
        ).fetchone()
        return self._json(row["data"], f"transcript {cache_key}") if row else None

    def put_transcript(
        self, cache_key: str, *, audio_hash: str, model: str, data: dict[str, Any]
    ) -> None:
        """Store a finished transcription under its cache key."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO transcripts VALUES (?, ?, ?, ?, ?)",
                (cache_key, audio_hash, model, json.dumps(data, ensure_ascii=False), now_iso()),
            )

    def has_transcript(self, cache_key: str) -> bool:
        """Whether a transcription is stored under this cache key (without reading it)."""
        return self.db.execute(
            "SELECT 1 FROM transcripts WHERE cache_key = ?", (cache_key,)
        ).fetchone() is not None

    def override_digest(self, item_id: str) -> str | None:
        """The SHA-256 of an editor's corrected transcript as stored (not parsed), if any."""
        row = self.db.execute(
            "SELECT data FROM transcript_overrides WHERE item_id = ?", (item_id,)
        ).fetchone()
        return sha256_bytes(row["data"].encode()) if row else None

    def get_override(self, item_id: str) -> dict[str, Any] | None:
        """An editor's corrected transcript for the item, if any."""
        row = self.db.execute(
            "SELECT data FROM transcript_overrides WHERE item_id = ?", (item_id,)
        ).fetchone()
        return self._json(row["data"], f"the corrected transcript of {item_id}") if row else None

    def set_override(self, item_id: str, *, source: str, data: dict[str, Any]) -> None:
        """Store an editor's corrected transcript; it wins over every transcription."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO transcript_overrides VALUES (?, ?, ?, ?)",
                (item_id, source, json.dumps(data, ensure_ascii=False), now_iso()),
            )

    def clear_override(self, item_id: str) -> bool:
        """Drop an editor's corrected transcript; say whether there was one."""
        with self.transaction() as db:
            cursor = db.execute("DELETE FROM transcript_overrides WHERE item_id = ?", (item_id,))
            return cursor.rowcount > 0

    # -- tags -------------------------------------------------------------------------------

    def get_tags(self, item_id: str) -> tuple[str, list[dict[str, Any]]] | None:
        """The tagger's last result for an item and the hash of the input it tagged."""
        row = self.db.execute(
            "SELECT input_hash, data FROM tags WHERE item_id = ?", (item_id,)
        ).fetchone()
        if row is None:
            return None
        return row["input_hash"], self._json(row["data"], f"the tags of {item_id}")

    def put_tags(self, item_id: str, input_hash: str, tags: list[dict[str, Any]]) -> None:
        """Store the tagger's result for an item."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO tags VALUES (?, ?, ?, ?)",
                (item_id, input_hash, json.dumps(tags, ensure_ascii=False), now_iso()),
            )

    def tag_inputs(self, item_id: str) -> tuple[str, str] | None:
        """The fingerprint of what an item's tags were last made from (or found current for),
        and the input hash they are stored under."""
        row = self.db.execute(
            "SELECT fingerprint, input_hash FROM tag_inputs WHERE item_id = ?", (item_id,)
        ).fetchone()
        return (row["fingerprint"], row["input_hash"]) if row else None

    def put_tag_inputs(self, item_id: str, fingerprint: str, input_hash: str) -> None:
        """Remember that tags stored under `input_hash` are current for this fingerprint."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO tag_inputs VALUES (?, ?, ?)",
                       (item_id, fingerprint, input_hash))

    def decisions(self, item_id: str) -> dict[str, bool]:
        """An editor's decisions on an item's themes: theme id -> confirmed (True) or rejected."""
        rows = self.db.execute(
            "SELECT theme, confirmed FROM tag_decisions WHERE item_id = ?", (item_id,)
        ).fetchall()
        return {row["theme"]: bool(row["confirmed"]) for row in rows}

    def decide(self, item_id: str, decisions: dict[str, bool | None]) -> None:
        """Record an editor's decisions; None forgets the decision on that theme."""
        with self.transaction() as db:
            self._get(db, item_id)
            for theme, confirmed in decisions.items():
                if confirmed is None:
                    db.execute(
                        "DELETE FROM tag_decisions WHERE item_id = ? AND theme = ?",
                        (item_id, theme),
                    )
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO tag_decisions VALUES (?, ?, ?, ?)",
                        (item_id, theme, int(confirmed), now_iso()),
                    )

    # -- settings that must never change once chosen ----------------------------------------

    def revision(self) -> str:
        """A value that changes on every write to what a publication is made from (items,
        transcripts and corrections, tags and editors' decisions), and on no other."""
        return self.db.execute("SELECT value FROM revision").fetchone()[0]

    def get_meta(self, key: str) -> str | None:
        """A stored setting, e.g. the podcast's guid."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def meta_once(self, key: str, value: str) -> str:
        """Store `value` under `key` unless a value is stored already; return the stored one."""
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
            return db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]


class _Connection(sqlite3.Connection):
    """A connection whose every statement, and every row it reads, turns SQLite's errors into
    the catalog's own (Catalog.database_error): a damaged page may surface on any fetch."""

    catalog: Catalog

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        """Run one statement, as sqlite3 does."""
        cursor = self.cursor(_Cursor)
        return cursor.execute(sql, parameters)


class _Cursor(sqlite3.Cursor):
    """A cursor raising the catalog's errors (see _Connection)."""

    def _translated(self, action: Any) -> Any:
        try:
            return action()
        except sqlite3.DatabaseError as exc:
            error = self.connection.catalog.database_error(exc)  # type: ignore[attr-defined]
            if error is exc:
                raise
            raise error from exc

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:  # type: ignore[override]
        """Run one statement."""
        return self._translated(lambda: super(_Cursor, self).execute(sql, parameters))

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._translated(super().fetchone)

    def fetchall(self) -> list[Any]:
        """Every row left."""
        return self._translated(super().fetchall)
