"""Build a publication beside the live one and swap it in with one atomic rename.

The staging folder starts as a hard-linked copy of the live publication, so unchanged files
cost nothing; every writer replaces files by rename (catalog.files.write_atomic), which leaves
the live copy's inodes untouched. On Linux the two folders trade places in one renameat2
(RENAME_EXCHANGE) call: a reader or a podcast app sees the old publication or the new one,
never a mixture and never nothing. Writers into the staging folder need not sync each file:
the file system is synced once before the swap, so a live publication is on disk.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog.files import c_library, sync_filesystem
from steps.errors import OutputError

AT_FDCWD = -100
RENAME_EXCHANGE = 2
STAGING_MARK = ".staging-"
# Writing the new publication can fail for want of room or of a writable disk: the user's to fix.
OUT_OF_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a staging copy of `out_dir`; when the block succeeds, make it the live `out_dir`."""
    out_dir = out_dir.absolute()
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(out_dir)
        staging = Path(
            tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}{STAGING_MARK}")
        )
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot prepare the output folder ({exc.strerror})") from exc
    try:
        try:
            staging.chmod(0o755)
            if out_dir.exists():
                shutil.copytree(
                    out_dir, staging, symlinks=True, copy_function=os.link, dirs_exist_ok=True
                )
        except OSError as exc:
            raise OutputError(f"{out_dir}: cannot stage the publication ({exc.strerror})") from exc
        try:
            yield staging
        except OSError as exc:
            if exc.errno not in OUT_OF_ROOM:
                raise
            raise OutputError(
                f"{out_dir}: cannot write the publication ({exc.strerror}); "
                "the previous one is left as it was"
            ) from exc
        try:
            sync_filesystem(staging)
            swap(staging, out_dir)
        except OSError as exc:
            raise OutputError(
                f"{out_dir}: cannot swap in the publication ({exc.strerror})"
            ) from exc
    finally:
        # After a swap the staging path holds the previous publication; otherwise the failed one.
        shutil.rmtree(staging, ignore_errors=True)


def swap(new: Path, live: Path) -> None:
    """Make `new` the folder at `live` atomically; the old `live` ends up at `new`."""
    if not live.exists():
        new.rename(live)
        return
    if _exchange(new, live):
        return
    # No renameat2 here (not Linux, or a filesystem without it): two renames, a moment apart.
    old = live.with_name(f".{live.name}.old-{os.getpid()}")
    live.rename(old)
    new.rename(live)
    old.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    renameat2 = getattr(c_library(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_stale_staging(out_dir: Path) -> None:
    """Remove staging folders a killed run left beside `out_dir` (callers hold the run lock)."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}{STAGING_MARK}*"):
        shutil.rmtree(leftover, ignore_errors=True)
