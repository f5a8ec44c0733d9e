"""Fixtures of the podcast tests: real audio in several formats, a show, a published site."""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from podcast import (
    EncodeSettings,
    FeedEpisode,
    Id3Tags,
    Person,
    Show,
    TranscriptLink,
    build_feed,
    podcast_guid,
    prepare_enclosure,
    show_from_mapping,
)

BASE_URL = "https://podd.example.se/"
FEED_URL = BASE_URL + "feed.xml"
IMAGE_URL = BASE_URL + "cover.jpg"
SPOKEN = [
    "Welcome to the first episode about innovation in the public sector.",
    "In the second episode we talk about digital services for citizens.",
    "The third episode is about procurement of new ideas.",
]
FORMATS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "96k"],
    "m4a": ["-c:a", "aac", "-b:a", "96k"],
    "wav": ["-c:a", "pcm_s16le"],
    "opus": ["-c:a", "libopus", "-b:a", "48k"],
    "flac": ["-c:a", "flac"],
}


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly, failing the test on an error."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session folder for made audio."""
    return tmp_path_factory.mktemp("audio")


@pytest.fixture(scope="session")
def speech_wav(speech: Callable[..., Path]) -> Path:
    """Three seconds or so of real English speech from espeak-ng."""
    return speech(SPOKEN[0])


@pytest.fixture(scope="session")
def speech_in(speech_wav: Path, audio_dir: Path) -> Callable[[str], Path]:
    """The speech converted to a format (mp3, m4a, wav, opus, flac) with ffmpeg, stereo 44.1 kHz."""

    @functools.cache
    def make(fmt: str) -> Path:
        path = audio_dir / f"speech.{fmt}"
        ffmpeg("-i", str(speech_wav), "-ac", "2", "-ar", "48000" if fmt == "opus" else "44100",
               *FORMATS[fmt], str(path))
        return path

    return make


@pytest.fixture(scope="session")
def cover(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A square 1400 px JPEG cover."""
    path = tmp_path_factory.mktemp("cover") / "cover.jpg"
    Image.new("RGB", (1400, 1400), (20, 90, 160)).save(path, "JPEG")
    return path


SHOW_TABLE = {
    "title": "Innovation i offentlig sektor",
    "description": "Samtal om hur myndigheter och kommuner förnyar sitt arbete.",
    "link": BASE_URL,
    "language": "sv",
    "author": "Innocast-redaktionen",
    "owner_name": "Anna Andersson",
    "owner_email": "anna@example.se",
    "image": "cover.jpg",
    "categories": ["Government", ["Technology"], {"category": "News", "subcategory": "Tech News"}],
    "persons": [{"name": "Anna Andersson", "role": "host"}],
}


@pytest.fixture
def show() -> Show:
    """A valid show, as read from a config file."""
    return show_from_mapping(SHOW_TABLE, source="innocast.toml")


def make_episode(number: int, **changes: object) -> FeedEpisode:
    """A synthetic episode (published `number` days into 2024) with transcripts and chapters."""
    slug = f"avsnitt-{number}"
    values: dict[str, object] = {
        "guid": f"innocast-{number:04d}",
        "title": f"Avsnitt {number}: innovation",
        "notes_html": f"<p>Anteckningar för avsnitt {number} med <a href=\"https://example.se\">"
        "en länk</a>.</p>",
        "published": datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(days=number),
        "enclosure_url": f"{BASE_URL}audio/{slug}.mp3",
        "enclosure_bytes": 1000 + number,
        "enclosure_type": "audio/mpeg",
        "duration": 60.0 + number,
        "link": f"{BASE_URL}avsnitt/{slug}/",
        "episode": number,
        "season": 1,
        "transcripts": (
            TranscriptLink(f"{BASE_URL}transcripts/{slug}.vtt", "text/vtt", "sv", "captions"),
            TranscriptLink(f"{BASE_URL}transcripts/{slug}.json", "application/json", "sv"),
            TranscriptLink(f"{BASE_URL}transcripts/{slug}.srt", "application/x-subrip", "sv"),
        ),
        "chapters_url": f"{BASE_URL}chapters/{slug}.json",
        "persons": (Person("Bo Berg", "guest"),),
    }
    values.update(changes)
    return FeedEpisode(**values)  # type: ignore[arg-type]


@pytest.fixture
def feed_xml(show: Show) -> bytes:
    """A feed of three synthetic episodes."""
    episodes = [make_episode(n) for n in (1, 2, 3)]
    return build_feed(show, episodes, feed_url=FEED_URL, image_url=IMAGE_URL,
                      guid=podcast_guid(FEED_URL))


@pytest.fixture(scope="session")
def published_site(
    tmp_path_factory: pytest.TempPathFactory, speech: Callable[..., Path], cover: Path
) -> Path:
    """A site folder published the way the pipeline does it: real MP3 enclosures and a feed."""
    site = tmp_path_factory.mktemp("site")
    (site / "cover.jpg").write_bytes(cover.read_bytes())
    (site / "index.html").write_text("<!doctype html><title>Podd</title>", encoding="utf-8")
    show = show_from_mapping(SHOW_TABLE, source="innocast.toml")
    episodes = []
    for number, text in enumerate(SPOKEN, start=1):
        slug = f"avsnitt-{number}"
        enclosure = prepare_enclosure(
            speech(text), site / "audio" / f"{slug}.mp3",
            Id3Tags(title=f"Avsnitt {number}", show=show.title, episode=number, cover=cover),
            EncodeSettings(),
        )
        for suffix in ("vtt", "json", "srt"):
            (site / "transcripts").mkdir(exist_ok=True)
            (site / "transcripts" / f"{slug}.{suffix}").write_text("x", encoding="utf-8")
        (site / "chapters").mkdir(exist_ok=True)
        (site / "chapters" / f"{slug}.json").write_text('{"version": "1.2.0", "chapters": []}')
        (site / "avsnitt" / slug).mkdir(parents=True)
        (site / "avsnitt" / slug / "index.html").write_text("<!doctype html>", encoding="utf-8")
        episodes.append(make_episode(
            number, enclosure_bytes=enclosure.bytes, duration=enclosure.duration
        ))
    xml = build_feed(show, episodes, feed_url=FEED_URL, image_url=IMAGE_URL,
                     guid=podcast_guid(FEED_URL))
    (site / "feed.xml").write_bytes(xml)
    return site


@pytest.fixture
def http_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A real HTTP server on 127.0.0.1 serving a temporary folder: (folder, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that stops reading at its size limit breaks the pipe; that is expected.
        pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
