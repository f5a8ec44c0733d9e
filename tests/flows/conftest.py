"""Fixtures for flow tests: one Prefect test harness for the session, a small show config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shows import make_show


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API and database for every in-process flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def small_show(tmp_path: Path) -> Path:
    """A config with two short demo episodes (one English) and two news texts; its path."""
    return make_show(tmp_path / "show", episodes=("english", "labbet"))
