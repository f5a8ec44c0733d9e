"""The fetcher against the hostile server: bombs of every layering, trickles, endless bodies."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fetching import FetchError, FetchTimeout, TooLargeError, fetch, fetch_to_file
from tests.safety.hostile_server import HostileServer, running_hostile_server

LAYERINGS = ["gzip", "deflate", "gzip,gzip", "deflate,gzip", "gzip,deflate,gzip", "gzip, gzip"]
DEADLINE = 1.5
# How much later than its deadline a fetch may end: a socket read in flight, a slow machine.
GRACE = 1.0


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    """The hostile server, shared by this module's tests."""
    yield from running_hostile_server()


@pytest.mark.parametrize("layers", LAYERINGS)
def test_fetch_stops_a_bomb_of_every_layering_at_the_limit(
    hostile: HostileServer, layers: str
) -> None:
    url = hostile.url(f"/bomb/{layers}")
    # Under the limit on the wire (2 MB at most), 2 GB decoded.
    with pytest.raises(TooLargeError) as caught:
        fetch(url, allow_private=True, max_bytes=3_000_000)
    assert str(caught.value) == f"{url}: the body is more than 3000000 bytes decoded"


def test_fetch_to_file_stops_a_bomb_and_keeps_nothing(
    hostile: HostileServer, tmp_path: Path
) -> None:
    url = hostile.url("/bomb/gzip,gzip")
    with pytest.raises(TooLargeError, match="more than 3000000 bytes decoded"):
        fetch_to_file(url, tmp_path / "a.mp3", allow_private=True, max_bytes=3_000_000)
    assert list(tmp_path.iterdir()) == []


def test_fetch_refuses_an_unknown_encoding_by_name(hostile: HostileServer) -> None:
    url = hostile.url("/bomb/gzip,br")
    with pytest.raises(FetchError, match=re.escape(f"{url}: the server sent an unsupported")):
        fetch(url, allow_private=True)


@pytest.mark.parametrize("path", ["/trickle-headers", "/trickle-body"])
def test_fetch_ends_a_trickle_at_its_deadline(hostile: HostileServer, path: str) -> None:
    url = hostile.url(path)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(url, allow_private=True, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE + GRACE
    assert str(caught.value) == f"{url}: timed out after 1.5 s (the fetch time limit)"


@pytest.mark.parametrize("path", ["/trickle-headers", "/trickle-body.mp3"])
def test_fetch_to_file_ends_a_trickle_at_its_deadline(
    hostile: HostileServer, path: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="timed out after 1.5 s"):
        fetch_to_file(hostile.url(path), tmp_path / "a.mp3", allow_private=True, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE + GRACE
    assert list(tmp_path.iterdir()) == []


def test_fetch_to_file_ends_an_endless_body_at_its_size_or_time_limit(
    hostile: HostileServer, tmp_path: Path
) -> None:
    # Over loopback the 500 MB limit may come before the deadline: either ends it, in time.
    started = time.monotonic()
    with pytest.raises((FetchTimeout, TooLargeError), match="timed out after 1.5 s|more than"):
        fetch_to_file(hostile.url("/endless.mp3"), tmp_path / "a.mp3", allow_private=True,
                      timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE + GRACE
    assert list(tmp_path.iterdir()) == []


def test_fetch_stops_an_endless_body_at_the_limit(hostile: HostileServer) -> None:
    url = hostile.url("/endless")
    with pytest.raises(TooLargeError, match=re.escape(f"{url}: the body is more than 5000000")):
        fetch(url, allow_private=True, max_bytes=5_000_000)
