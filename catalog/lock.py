"""One pipeline run at a time on one data directory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from catalog.errors import CatalogBusyError


@contextmanager
def pipeline_lock(data_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the data directory's run lock, waiting up to `wait` seconds for another run."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / "run.lock")
    try:
        lock.acquire(timeout=wait)
    except Timeout as exc:
        advice = (f"still busy after waiting {wait:.0f} s; try again when it is done" if wait
                  else "wait for it to finish (or pass --wait SECONDS)")
        raise CatalogBusyError(
            f"{data_dir}: another innocast run is using this data directory; {advice}"
        ) from exc
    try:
        yield
    finally:
        lock.release()
