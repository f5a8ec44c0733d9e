"""Reading a file the user or a source names: bounded, regular files only, links kept in bounds.

Every file innocast reads because a config, a command or a folder source names it (news files,
show notes, manuscripts, corrected transcripts, cover art, feeds, taxonomies) is read here, so
one set of rules holds for all of them:

- only a regular file is read: a device (`/dev/zero`), a FIFO or a socket is refused by name,
  from its `stat`, before it is opened (a FIFO opened for reading blocks until a writer comes);
  the file is opened non-blocking and checked again on the open descriptor, so a file swapped
  for a FIFO in between is refused too;
- at most `limit` bytes are read: a larger file is refused, naming it and the limit, without
  reading it (and a file that grows while read is refused at `limit + 1` bytes);
- a file found in a folder source (`within=`) is read only if it really lies in that folder: a
  link out of it (to `/etc/passwd`, say) is refused, naming the link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from innocast.errors import InnocastError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileReadError(InnocastError):
    """A named file that cannot be read: missing, not a regular file, too large, out of bounds.

    Its message is `PATH: REASON`; `reason` alone is there for a caller that names the file
    its own way (a config field, say).
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FileMissingError(FileReadError):
    """A named file that is not there."""


class FileTooLargeError(FileReadError):
    """A named file larger than the limit for it."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(path, f"is larger than {size_text(limit)}, the limit for this file")
        self.limit = limit


def size_text(limit: int) -> str:
    """A byte limit as people write it.

    >>> size_text(20_000_000), size_text(100_000), size_text(512)
    ('20 MB', '100 kB', '512 bytes')
    """
    for unit, name in ((1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")):
        if limit >= unit and limit % unit == 0:
            return f"{limit // unit} {name}"
    return f"{limit} bytes"


def read_bounded(path: Path, limit: int, *, within: Path | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them (FileReadError otherwise);
    with `within`, only if the file, links resolved, lies inside that folder."""
    try:
        target = _inside(path, within) if within is not None else path
        kind = _kind(os.stat(target).st_mode)
        if kind is not None:
            raise FileReadError(path, f"is {kind}, not a regular file")
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        if within is not None:
            # The path was resolved: a link put in its place since is not followed.
            flags |= getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(target, flags)
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            kind = _kind(opened.st_mode)
            if kind is not None:
                raise FileReadError(path, f"is {kind}, not a regular file")
            if opened.st_size > limit:
                raise FileTooLargeError(path, limit)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise FileMissingError(path, "no such file") from None
    except OSError as exc:
        raise FileReadError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise FileTooLargeError(path, limit)
    return data


def read_utf8(path: Path, limit: int, *, within: Path | None = None) -> str:
    """The text of a UTF-8 file, bounded as `read_bounded` bounds it."""
    data = read_bounded(path, limit, within=within)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileReadError(path, "is not UTF-8 text") from None


def _inside(path: Path, folder: Path) -> Path:
    """`path` with its links resolved, if that lies in `folder` (links resolved too)."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(folder)):
        raise FileReadError(path, f"is a link out of the folder {folder}; it is not read")
    return real


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, by its mode; None for a regular file."""
    return next((name for test, name in _KINDS if test(mode)), None)
