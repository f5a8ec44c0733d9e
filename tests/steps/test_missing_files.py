"""A stored file the catalog references, deleted before publishing: the feed MP3 is made again
from the stored audio, and with the audio gone too the episode is named, in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_CONFIG, DEMO_DIR
from steps.config import EpisodeSource, load_config
from steps.episodes import ensure_enclosure, ingest_episode
from steps.errors import InputError
from steps.publish import publish
from steps.records import read_episode
from themes.taxonomy import default_taxonomy

INNOCAST = str(Path(sys.executable).with_name("innocast"))
AUDIO = DEMO_DIR / "episodes" / "04-english-summary.mp3"


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """A catalog with one demo episode whose feed MP3 is made."""
    catalog = Catalog(tmp_path / "data")
    item = ingest_episode(catalog, EpisodeSource(audio="x", title="Kort", id="kort"), AUDIO).item
    ensure_enclosure(catalog, item, load_config(DEMO_CONFIG).audio, "Podden", None)
    return catalog


def _mp3(catalog: Catalog) -> Path:
    enclosure = read_episode(catalog.get_item("kort")).enclosure
    assert enclosure is not None
    return catalog.blob_path(enclosure.sha, ".mp3")


def test_missing_feed_mp3_is_made_again_before_publishing(catalog: Catalog, tmp_path: Path) -> None:
    _mp3(catalog).unlink()
    config = load_config(DEMO_CONFIG)
    assert ensure_enclosure(catalog, catalog.get_item("kort"), config.audio, "Podden", None)
    publish(catalog, config, tmp_path / "public", default_taxonomy())
    assert (tmp_path / "public" / "audio" / "kort.mp3").stat().st_size == _mp3(catalog).stat(
    ).st_size


def test_missing_feed_mp3_and_audio_name_the_episode(catalog: Catalog, tmp_path: Path) -> None:
    mp3 = _mp3(catalog)
    mp3.unlink()
    record = read_episode(catalog.get_item("kort"))
    catalog.blob_path(record.audio_sha, record.audio_suffix).unlink()
    config = load_config(DEMO_CONFIG)
    with pytest.raises(InputError, match=r"^kort: its stored audio .* is missing"):
        ensure_enclosure(catalog, catalog.get_item("kort"), config.audio, "Podden", None)
    with pytest.raises(InputError, match=rf"^kort: its feed MP3 {mp3} is missing .*innocast run"):
        publish(catalog, config, tmp_path / "public", default_taxonomy())
    assert not (tmp_path / "public").exists()


def test_missing_feed_mp3_is_one_line_from_publish(catalog: Catalog, tmp_path: Path) -> None:
    mp3 = _mp3(catalog)
    mp3.unlink()
    result = subprocess.run(
        [INNOCAST, "publish", "--config", str(DEMO_CONFIG), "--data", str(tmp_path / "data"),
         "--out", str(tmp_path / "public")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: kort: its feed MP3 {mp3} is missing from the catalog's files; run `innocast run` "
        "to make it again\n"
    )
