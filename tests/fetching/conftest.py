"""Fixtures of the fetching tests: a real local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fetching.local_server import LocalServer, running_server


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 serving the routes a test declares."""
    yield from running_server()
