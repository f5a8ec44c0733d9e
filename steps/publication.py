"""Knowing, without building it, that a publication would come out as the live one.

A publication is made from the catalog, the config's show, the taxonomy, the day (it divides
coming events from past ones) and the code that publishes. Its key is a digest of them all,
cheap whatever the catalog holds: the catalog stands in by its revision (a value every write to
the published tables changes, `Catalog.revision`), not by its contents. The live folder records
the key it was built from, and every file it holds with its size and modification time, in a
state file written into the staging folder, so it is swapped in with the publication it
describes. A publish whose key matches a live folder whose files are all still there as
recorded (one stat each, no file read) has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from catalog import Catalog, write_if_changed
from catalog.files import PUBLIC_MODE
from podcast.show import podcast_guid
from steps.config import Config
from steps.records import Episode
from themes.taxonomy import Taxonomy
from website import fingerprint
from website.search import index_version

STATE = ".innocast-publication.json"
STATE_VERSION = 1
# The packages a publication's bytes come from (the website's own are in code_version).
PUBLISHING_PACKAGES = ("catalog", "innocast", "news", "podcast", "steps", "text", "themes",
                       "transcripts")
ROOT = Path(__file__).resolve().parent.parent


def publication_key(
    catalog: Catalog, revision: str, config: Config, taxonomy: Taxonomy, today: date,
    episodes: list[Episode],
) -> str:
    """The digest of everything a publication is made from; the same key, the same files.

    `revision` is the catalog's, read before anything published from it: a write after that
    gives the catalog a new revision, so the next publish cannot take it as published."""
    digest = hashlib.blake2b(digest_size=20)
    parts: list[object] = [
        STATE_VERSION,
        revision,
        _feed_guid(catalog, config),
        config.base_url,
        config.show,
        config.accessibility,
        hashlib.sha256(config.show_image_bytes()).hexdigest(),
        taxonomy.themes,
        today.isoformat(),
        version("innocast"),
        # The templates the pages are rendered from, read where render_site reads them.
        fingerprint.code_version(fingerprint.TEMPLATES),
        index_version(),
        _code_digest(),
        # The stored MP3s the site links (one deleted must fail the publish, as it would have),
        # and an episode's own image, a local file the catalog names but does not hold.
        [_file_identity(str(catalog.blob_path(record.enclosure.sha, ".mp3")))
         for record in episodes if record.enclosure is not None],
        [_file_identity(record.image) for record in episodes if record.image],
    ]
    for part in parts:
        text = repr(part).encode()
        digest.update(f"{len(text)}\0".encode())
        digest.update(text)
    return digest.hexdigest()


def record_state(stage: Path, key: str) -> None:
    """Write the state file of the publication in `stage`: its key and every file it holds."""
    files = {name: list(identity) for name, identity in _files(stage).items() if name != STATE}
    state = {"version": STATE_VERSION, "key": key, "files": files}
    write_if_changed(stage / STATE, json.dumps(state, sort_keys=True).encode(), sync=False)


def unchanged_files(live: Path, key: str) -> int | None:
    """How many files the live publication holds if it was built from `key` and every file it
    recorded is still there as recorded (size, modification time, mode); None when it must be
    published again."""
    try:
        state: dict[str, Any] = json.loads((live / STATE).read_text(encoding="utf-8"))
        if state.get("version") != STATE_VERSION or state.get("key") != key:
            return None
        files = state["files"]
        for name, (size, mtime_ns) in files.items():
            info = os.lstat(live / name)
            if not (stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == PUBLIC_MODE
                    and info.st_size == size and info.st_mtime_ns == mtime_ns):
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # No state (a folder from before it was recorded), a damaged one, or a missing file.
        return None
    return len(files)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every regular file under `folder`, by relative POSIX name: its size and mtime (ns)."""
    found: dict[str, tuple[int, int]] = {}
    stack = [""]
    while stack:
        prefix = stack.pop()
        with os.scandir(folder / prefix if prefix else folder) as entries:
            for entry in entries:
                name = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    stack.append(f"{name}/")
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found[name] = (info.st_size, info.st_mtime_ns)
    return found


def _feed_guid(catalog: Catalog, config: Config) -> str:
    """The guid the feed carries: the config's, else the one stored at the first publication
    (which that publication stores, so it must not tell the two apart)."""
    return config.show.guid or catalog.get_meta("podcast_guid") or podcast_guid(
        urljoin(config.base_url, "feed.xml"))


def _file_identity(location: str) -> tuple[str, int, int] | str:
    """A local file by path, size and modification time; a web address, or a file that is
    not there, as itself."""
    try:
        info = os.stat(location)
    except OSError:
        return location
    return (location, info.st_size, info.st_mtime_ns)


def _code_digest() -> str:
    """A digest of the publishing packages' sources: a changed module publishes again."""
    digest = hashlib.blake2b(digest_size=16)
    for package in PUBLISHING_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            data = path.read_bytes()
            digest.update(f"\0{path.relative_to(ROOT)}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()
