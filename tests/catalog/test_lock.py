"""One run at a time per data directory: the second refuses with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import CatalogBusyError, pipeline_lock


def test_lock_second_run_refuses(tmp_path: Path) -> None:
    with (
        pipeline_lock(tmp_path),
        pytest.raises(CatalogBusyError, match="another innocast run"),
        pipeline_lock(tmp_path, wait=0.1),
    ):
        pass


def test_lock_released_after_run(tmp_path: Path) -> None:
    with pipeline_lock(tmp_path):
        pass
    with pipeline_lock(tmp_path):
        pass


def test_lock_after_waiting_says_how_long_it_waited(tmp_path: Path) -> None:
    # A run started from the UI has no --wait to pass: it says it waited, and for how long.
    with (
        pipeline_lock(tmp_path),
        pytest.raises(CatalogBusyError, match="still busy after waiting 1 s; try again when it"),
        pipeline_lock(tmp_path, wait=1),
    ):
        pass
