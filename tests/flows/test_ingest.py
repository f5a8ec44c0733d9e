"""`innocast ingest`: episodes, podcast feeds and news into the catalog, once each."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo import DEMO_DIR
from tests.fetching.local_server import LocalServer, Route, running_server

INNOCAST = str(Path(sys.executable).with_name("innocast"))
AUDIO = DEMO_DIR / "episodes" / "04-english-summary.mp3"
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Gamla podden</title><link>https://example.se/</link>
<description>En podd som flyttar.</description>
<item><title>Första avsnittet</title><guid isPermaLink="false">old-guid-1</guid>
<description>&lt;p&gt;Om innovation&lt;/p&gt;</description>
<pubDate>Mon, 17 Jan 2022 08:00:00 +0100</pubDate>
<enclosure url="{audio}" length="165216" type="audio/mpeg"/>
<itunes:episode>1</itunes:episode></item>
</channel></rss>
"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from running_server()


def _innocast(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([INNOCAST, *args], capture_output=True, text=True, timeout=300)


def test_ingest_episode_twice_is_one_item(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = _innocast("ingest", "episode", str(AUDIO), "--title", "English", "--data", data)
    second = _innocast("ingest", "episode", str(AUDIO), "--title", "English", "--data", data)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert first.stdout == "english: created\n"
    assert second.stdout == "english: unchanged\n"
    listing = _innocast("items", "--data", data)
    assert len(listing.stdout.splitlines()) == 1


def test_ingest_episode_not_audio_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "notes.mp3"
    fake.write_text("ingen ljudfil", encoding="utf-8")
    result = _innocast(
        "ingest", "episode", str(fake), "--title", "x", "--data", str(tmp_path / "data")
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {fake}: ")
    assert result.stderr.count("\n") == 1


def test_ingest_feed_keeps_guids_and_downloads_once(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/audio/1.mp3"] = Route(
        AUDIO.read_bytes(), headers={"Content-Type": "audio/mpeg"}
    )
    server.routes["/feed.xml"] = Route(
        FEED.format(audio=server.url("/audio/1.mp3")).encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    data = str(tmp_path / "data")
    for expected in ("1 new", "1 unchanged"):
        result = _innocast(
            "ingest", "feed", server.url("/feed.xml"), "--allow-private", "--data", data
        )
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout
    audio_requests = [path for path, _headers in server.requests if path == "/audio/1.mp3"]
    assert len(audio_requests) == 1
    listing = _innocast("items", "--json", "--data", data)
    assert '"title": "Första avsnittet"' in listing.stdout


def test_ingest_feed_on_loopback_refused_without_opt_in(
    server: LocalServer, tmp_path: Path
) -> None:
    server.routes["/feed.xml"] = Route(FEED.encode())
    result = _innocast("ingest", "feed", server.url("/feed.xml"), "--data", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert server.url("/feed.xml") in result.stderr
    assert server.requests == []


def test_ingest_news_folder_twice_is_idempotent(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = _innocast("ingest", "news", str(DEMO_DIR / "news"), "--data", data)
    second = _innocast("ingest", "news", str(DEMO_DIR / "news"), "--data", data)
    assert "5 new" in first.stdout, first.stderr
    assert "0 new, 0 updated, 5 unchanged" in second.stdout
