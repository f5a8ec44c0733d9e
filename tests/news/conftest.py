"""Fixtures of the news tests: the fixture pages served by a real local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetching.local_server import LocalServer, running_server

FIXTURES = Path(__file__).parent / "fixtures"
# The feed fixtures link to their pages on this placeholder host; served, it becomes the server.
PLACEHOLDER = "http://fixtures.invalid"
TYPES = {".html": "text/html", ".txt": "text/plain; charset=utf-8", ".xml": "application/rss+xml"}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 serving the routes a test declares."""
    yield from running_server()


@pytest.fixture
def site(server: LocalServer) -> LocalServer:
    """The server with every fixture at /NAME (feeds pointing at the server's own pages)."""
    for path in FIXTURES.iterdir():
        if path.suffix not in TYPES:
            continue
        body = path.read_bytes().replace(PLACEHOLDER.encode(), server.base.encode())
        kind = "application/atom+xml" if "atom" in path.name else TYPES[path.suffix]
        server.add(f"/{path.name}", body, content_type=kind)
    return server
