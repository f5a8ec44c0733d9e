"""Files written whole or not at all, and content hashes.

Every file innocast publishes or stores is written to a temporary name beside its target and
renamed over it, so a reader sees the old file or the new one, never half of one. Renaming also
leaves alone any hard link to the old file, which is what lets a publication be staged as a
hard-linked copy of the live one.

A file is synced to disk before the rename unless the caller passes `sync=False` because it
syncs a whole folder at once later (`sync_filesystem`): a publication is thousands of pages in
a staging folder nobody reads until it is swapped in, and one sync of the file system before
the swap costs a fraction of one fsync per page.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1 << 20
PUBLIC_MODE = 0o644


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write `data` to `path` through a temporary file and a rename (creating parent folders),
    synced to disk first unless `sync` is False."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a published file must be readable by a web server.
        os.fchmod(fd, PUBLIC_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes, *, sync: bool = True) -> bool:
    """Write `data` atomically unless `path` already holds exactly it; say whether it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data, sync=sync)
    return True


@functools.cache
def c_library() -> ctypes.CDLL | None:
    """The C library, for the Linux calls Python's os module lacks; None where there is none."""
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def sync_filesystem(path: Path) -> None:
    """Flush everything written to the file system that holds `path` to disk (syncfs(2) on
    Linux, else a sync of every file system)."""
    syncfs = getattr(c_library(), "syncfs", None)
    if syncfs is None:
        os.sync()
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(path))
    finally:
        os.close(fd)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of `data`.

    >>> sha256_bytes(b"innocast")[:12]
    '9ae5c5ac6b03'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
