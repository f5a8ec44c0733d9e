"""Audio that changes at the same URL: asked for again with the server's validators."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_DIR
from steps.config import EpisodeSource
from steps.episodes import ingest_source
from steps.records import read_episode

FIRST = DEMO_DIR / "episodes" / "04-english-summary.mp3"
SECOND = DEMO_DIR / "episodes" / "01-coworking.mp3"


class ChangingAudio:
    """A server on 127.0.0.1 whose /ep.mp3 is whatever `audio` is now, with an ETag (or only a
    Last-Modified, or neither) and 304 to a matching conditional request."""

    def __init__(self, validators: str) -> None:
        self.audio = FIRST.read_bytes()
        self.modified = 1_700_000_000
        self.requests: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(dict(self.headers))
                etag = '"' + hashlib.sha256(owner.audio).hexdigest()[:16] + '"'
                modified = formatdate(owner.modified, usegmt=True)
                fresh = (
                    validators == "etag" and self.headers.get("If-None-Match") == etag
                ) or (
                    validators == "last-modified"
                    and self.headers.get("If-Modified-Since") == modified
                )
                self.send_response(304 if fresh else 200)
                if validators == "etag":
                    self.send_header("ETag", etag)
                if validators == "last-modified":
                    self.send_header("Last-Modified", modified)
                self.send_header("Content-Type", "audio/mpeg")
                self.send_header("Content-Length", "0" if fresh else str(len(owner.audio)))
                self.end_headers()
                if not fresh:
                    self.wfile.write(owner.audio)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/ep.mp3"

    def change(self) -> None:
        """New audio at the same URL, modified a minute later."""
        self.audio = SECOND.read_bytes()
        self.modified += 60


@pytest.fixture(params=["etag", "last-modified"])
def changing(request: pytest.FixtureRequest) -> Iterator[ChangingAudio]:
    """The changing-audio server, validating by ETag or by Last-Modified."""
    server = ChangingAudio(request.param)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def _ingest(catalog: Catalog, url: str, work: Path) -> str:
    source = EpisodeSource(audio=url, title="Ett avsnitt", id="ett")
    return ingest_source(catalog, source, url, work, allow_private=True).change


def test_changed_audio_at_the_same_url_is_picked_up(
    changing: ChangingAudio, tmp_path: Path
) -> None:
    with Catalog(tmp_path / "data") as catalog:
        assert _ingest(catalog, changing.url, tmp_path / "w1") == "created"
        first_sha = read_episode(catalog.items()[0]).audio_sha
        # Unchanged: asked conditionally, answered 304, nothing downloaded or stored anew.
        assert _ingest(catalog, changing.url, tmp_path / "w2") == "unchanged"
        assert {"If-None-Match", "If-Modified-Since"} & set(changing.requests[-1])
        assert not (tmp_path / "w2").exists() or not any((tmp_path / "w2").iterdir())
        changing.change()
        assert _ingest(catalog, changing.url, tmp_path / "w3") == "updated"
        [item] = catalog.items()
        assert read_episode(item).audio_sha != first_sha
        assert read_episode(item).audio_sha == hashlib.sha256(SECOND.read_bytes()).hexdigest()


def test_audio_without_validators_is_downloaded_once(tmp_path: Path) -> None:
    server = ChangingAudio("none")
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        with Catalog(tmp_path / "data") as catalog:
            assert _ingest(catalog, server.url, tmp_path / "w1") == "created"
            assert _ingest(catalog, server.url, tmp_path / "w2") == "unchanged"
        # The documented policy: no validators, no re-check (and no request).
        assert len(server.requests) == 1
    finally:
        server.server.shutdown()
        server.server.server_close()
