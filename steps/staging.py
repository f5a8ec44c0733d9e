"""Build a publication beside the live one and swap it in with one atomic rename.

The staging folder starts as a hard-linked copy of the live publication, so unchanged files
cost nothing; every writer replaces files by rename (catalog.files.write_atomic), which leaves
the live copy's inodes untouched. On Linux the two folders trade places in one renameat2
(RENAME_EXCHANGE) call: a reader or a podcast app sees the old publication or the new one,
never a mixture and never nothing. Writers into the staging folder need not sync each file:
the file system is synced once before the swap, so a live publication is on disk.

Publications into one output folder take turns: each holds the output's own lock (a file beside
the folder) from the copy to the swap, so two publishes from different data folders cannot
delete each other's staging folder or swap in a half-built site. What is published never
depends on the umask (folders 0755, files 0644) and never reaches outside the publication: a
link or special file inside the output is not carried into the next one, so no writer follows
it. An output folder that is itself a link (a web root pointer) is published through: its
target is staged and swapped, and the link stays.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog.files import PUBLIC_MODE, c_library, sync_filesystem
from steps.errors import OutputError

AT_FDCWD = -100
RENAME_EXCHANGE = 2
STAGING_MARK = ".staging-"
LOCK_SUFFIX = ".lock"
FOLDER_MODE = 0o755
# How long a publish waits for another one into the same output folder before it gives up.
OUTPUT_WAIT_ENV = "INNOCAST_OUTPUT_WAIT"
OUTPUT_WAIT_SECONDS = 600.0
LOCK_POLL_SECONDS = 0.1
# Writing the new publication can fail for want of room or of a writable disk: the user's to fix.
OUT_OF_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a staging copy of `out_dir`; when the block succeeds, make it the live `out_dir`.

    Holds the output folder's lock throughout; an `out_dir` that is a link is published through
    (its target is what is staged and swapped)."""
    with locked_output(out_dir) as live, staged_locked(live, shown=out_dir) as staging:
        yield staging


@contextmanager
def locked_output(out_dir: Path) -> Iterator[Path]:
    """Hold the lock of the output folder `out_dir` and yield the live folder it names (its
    target, if `out_dir` is a link), for a publisher that looks at it before it stages."""
    shown = out_dir
    out_dir = live_folder(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{shown}: exists and is not a folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot prepare the output folder ({exc.strerror})") from exc
    with output_lock(out_dir, shown=shown):
        yield out_dir


@contextmanager
def staged_locked(out_dir: Path, *, shown: Path) -> Iterator[Path]:
    """`staged` for a caller that holds the lock of the live folder `out_dir` already
    (`locked_output`); `shown` is the folder as the user named it, for errors."""
    try:
        remove_stale_staging(out_dir)
        staging = Path(
            tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}{STAGING_MARK}")
        )
    except OSError as exc:
        raise OutputError(f"{shown}: cannot prepare the output folder ({exc.strerror})") from exc
    try:
        try:
            staging.chmod(FOLDER_MODE)
            if out_dir.exists():
                link_tree(out_dir, staging)
        except OSError as exc:
            raise OutputError(f"{shown}: cannot stage the publication ({exc.strerror})") from exc
        try:
            yield staging
        except OSError as exc:
            if exc.errno not in OUT_OF_ROOM:
                raise
            raise OutputError(
                f"{shown}: cannot write the publication ({exc.strerror}); "
                "the previous one is left as it was"
            ) from exc
        try:
            public_modes(staging)
            sync_filesystem(staging)
            swap(staging, out_dir)
        except OSError as exc:
            raise OutputError(
                f"{shown}: cannot swap in the publication ({exc.strerror})"
            ) from exc
    finally:
        # After a swap the staging path holds the previous publication; otherwise the failed one.
        shutil.rmtree(staging, ignore_errors=True)


def live_folder(out_dir: Path) -> Path:
    """The folder a publication into `out_dir` replaces: `out_dir`, or its target if a link."""
    out_dir = out_dir.absolute()
    return Path(os.path.realpath(out_dir)) if out_dir.is_symlink() else out_dir


def output_lock_path(out_dir: Path) -> Path:
    """The lock file of the (live, link-resolved) output folder `out_dir`: beside it, since the
    folder itself is swapped away by every publication."""
    return out_dir.with_name(f".{out_dir.name}{LOCK_SUFFIX}")


@contextmanager
def output_lock(out_dir: Path, *, shown: Path | None = None) -> Iterator[None]:
    """Hold the output folder's lock, waiting up to $INNOCAST_OUTPUT_WAIT seconds (600) for
    another publication into it to finish; OutputError when it does not.

    The lock file exists only while held: the holder removes it before letting go, and a waiter
    that then finds its file gone (or replaced) takes the lock afresh, so no two hold it.
    """
    shown = shown or out_dir
    path = output_lock_path(out_dir)
    wait = output_wait()
    try:
        fd = _lock_file(path, time.monotonic() + wait)
    except TimeoutError as exc:
        raise OutputError(
            f"{shown}: another innocast publish is writing this output folder; "
            f"gave up after {wait:g} s (set {OUTPUT_WAIT_ENV} to wait longer)"
        ) from exc
    except OSError as exc:
        raise OutputError(f"{shown}: cannot lock the output folder ({exc.strerror})") from exc
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def _lock_file(path: Path, deadline: float) -> int:
    """An open descriptor holding the exclusive lock of the file at `path` (TimeoutError after
    `deadline`)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PUBLIC_MODE)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise TimeoutError(str(path)) from None
                    time.sleep(LOCK_POLL_SECONDS)
            try:
                if os.path.samestat(os.fstat(fd), os.stat(path)):
                    return fd
            except FileNotFoundError:
                pass
        except BaseException:
            os.close(fd)
            raise
        # The holder removed this file as it let go: lock the one at the path now.
        os.close(fd)


def output_wait() -> float:
    """Seconds to wait for the output folder's lock: $INNOCAST_OUTPUT_WAIT, else 600."""
    value = os.environ.get(OUTPUT_WAIT_ENV, "").strip()
    if not value:
        return OUTPUT_WAIT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise OutputError(f"{OUTPUT_WAIT_ENV}={value}: must be a number of seconds from 0")
    return seconds


def public_modes(folder: Path) -> None:
    """Make every folder under `folder` 0755 and every file 0644, whatever the umask made them
    (links are not followed; the staging copy holds none)."""
    for root, dirs, files in os.walk(folder):
        for name, mode in [(d, FOLDER_MODE) for d in dirs] + [(f, PUBLIC_MODE) for f in files]:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
                os.chmod(path, mode)
    if stat.S_IMODE(os.lstat(folder).st_mode) != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)


def link_tree(live: Path, staging: Path) -> None:
    """Fill the empty folder `staging` with hard links to every regular file under `live`, in
    folders of the same names. Links and devices, FIFOs and sockets are left out (a writer
    would follow a link out of the publication; innocast publishes no special files).

    One scandir per folder and one link per file, telling entries apart by their directory
    entry type without a stat each: this runs on every publication, over every file of the
    site, so it is most of what a publication with nothing changed costs."""
    stack = [(os.fspath(live), os.fspath(staging))]
    while stack:
        source, target = stack.pop()
        with os.scandir(source) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folder = os.path.join(target, entry.name)
                    os.mkdir(folder, FOLDER_MODE)
                    stack.append((entry.path, folder))
                elif entry.is_file(follow_symlinks=False):
                    os.link(entry.path, os.path.join(target, entry.name), follow_symlinks=False)


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
    """Remove staging folders a killed run left beside `out_dir` (callers hold its lock)."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}{STAGING_MARK}*"):
        shutil.rmtree(leftover, ignore_errors=True)
