"""The files of a published folder: the digest each is known by, and removing stale ones."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def content_digest(data: bytes) -> str:
    """The digest of a file's bytes, as the manifest records it and the search index reads it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def remove_files(out_dir: Path, stale: Iterable[str]) -> list[str]:
    """The files of `stale` (paths relative to `out_dir`) removed, with the folders they leave
    empty; the paths removed, sorted. Used for pages and for search-index files alike."""
    removed = []
    for relative in sorted(stale):
        path = out_dir / relative
        path.unlink(missing_ok=True)
        removed.append(relative)
        # The page folder of an item that left the site goes too, if nothing else is in it
        # (and if it is still there: a folder that was a link is not carried into a staging copy).
        parent = path.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed
