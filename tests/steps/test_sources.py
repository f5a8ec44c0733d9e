"""An episode's audio from a URL: downloaded within its size limit, refused whole if no audio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_DIR
from fetching import FetchError
from podcast.errors import AudioFileError
from steps.config import EpisodeSource
from steps.episodes import ingest_source
from steps.sources import local_audio
from tests.podcast.conftest import http_folder  # noqa: F401  (a fixture)

AUDIO = DEMO_DIR / "episodes" / "04-english-summary.mp3"


def test_local_audio_downloads_the_url(http_folder: tuple[Path, str], tmp_path: Path) -> None:  # noqa: F811
    folder, base = http_folder
    (folder / "ep.mp3").write_bytes(AUDIO.read_bytes())
    path = local_audio(base + "ep.mp3", tmp_path, allow_private=True)
    assert path.read_bytes() == AUDIO.read_bytes()


def test_ingest_source_of_a_url_that_is_no_audio_stores_nothing(
    http_folder: tuple[Path, str], tmp_path: Path  # noqa: F811
) -> None:
    folder, base = http_folder
    (folder / "page.mp3").write_text("<html>not audio</html>", encoding="utf-8")
    source = EpisodeSource(audio=base + "page.mp3", title="Ett avsnitt", id="ett")
    with Catalog(tmp_path / "data") as catalog:
        # Named by its URL, not by the work file it was downloaded to.
        with pytest.raises(AudioFileError, match=f"^{re.escape(source.audio)}: not an audio file"):
            ingest_source(catalog, source, source.audio, tmp_path / "work", allow_private=True)
        assert catalog.items() == []
        assert not any(p.is_file() for p in catalog.blob_dir.rglob("*"))


def test_local_audio_over_the_size_limit_keeps_nothing(
    http_folder: tuple[Path, str], tmp_path: Path  # noqa: F811
) -> None:
    folder, base = http_folder
    (folder / "big.mp3").write_bytes(AUDIO.read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(FetchError, match="big.mp3"):
        local_audio(base + "big.mp3", work, allow_private=True, max_bytes=1000)
    assert list(work.iterdir()) == []
