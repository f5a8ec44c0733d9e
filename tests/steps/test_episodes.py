"""Episodes in the catalog: one per audio or id, the feed MP3 made once per audio and tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_DIR
from podcast.audio import EncodeSettings
from podcast.errors import AudioFileError
from steps.config import EpisodeSource
from steps.episodes import ensure_enclosure, ingest_episode

AUDIO = DEMO_DIR / "episodes" / "04-english-summary.mp3"
COVER = DEMO_DIR / "cover.jpg"


def test_ingest_same_source_twice_is_one_episode(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    source = EpisodeSource(audio=str(AUDIO), title="English", id="english")
    first = ingest_episode(catalog, source, AUDIO)
    second = ingest_episode(catalog, source, AUDIO)
    assert (first.change, second.change) == ("created", "unchanged")
    assert len(catalog.items("episode")) == 1
    assert first.item.published  # undated: dated when first ingested, and kept


def test_ingest_same_audio_without_id_is_one_episode(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    copy = tmp_path / "copy.mp3"
    copy.write_bytes(AUDIO.read_bytes())
    ingest_episode(catalog, EpisodeSource(audio="a", title="One"), AUDIO)
    ingest_episode(catalog, EpisodeSource(audio="b", title="One"), copy)
    assert len(catalog.items("episode")) == 1


def test_ingest_guid_survives_new_title_and_audio(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    other = DEMO_DIR / "episodes" / "03-digital-kompetens.mp3"
    first = ingest_episode(catalog, EpisodeSource(audio="a", title="Old", id="ep"), AUDIO).item
    again = ingest_episode(catalog, EpisodeSource(audio="b", title="New", id="ep"), other)
    assert again.change == "updated"
    assert again.item.data["guid"] == first.data["guid"]
    assert again.item.slug == first.slug


def test_ingest_not_audio_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    fake = tmp_path / "notes.mp3"
    fake.write_text("det här är ingen ljudfil", encoding="utf-8")
    with pytest.raises(AudioFileError, match="notes.mp3"):
        ingest_episode(catalog, EpisodeSource(audio=str(fake), title="x"), fake)
    assert catalog.items() == []
    assert not any(p.is_file() for p in (tmp_path / "data" / "blobs").rglob("*"))


def test_enclosure_made_once_and_remade_when_title_changes(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    source = EpisodeSource(audio="a", title="English", id="english")
    item = ingest_episode(catalog, source, AUDIO).item
    settings = EncodeSettings()
    assert ensure_enclosure(catalog, item, settings, "Podden", COVER) is True
    item = catalog.get_item(item.id)
    enclosure = item.data["enclosure"]
    mp3 = catalog.blob_path(enclosure["sha"], ".mp3")
    assert enclosure["bytes"] == mp3.stat().st_size
    assert ensure_enclosure(catalog, item, settings, "Podden", COVER) is False
    renamed = ingest_episode(catalog, EpisodeSource(audio="a", title="Renamed", id="english"),
                             AUDIO).item
    assert ensure_enclosure(catalog, renamed, settings, "Podden", COVER) is True
