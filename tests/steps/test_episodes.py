"""Episodes in the catalog: one per audio or id, the feed MP3 made once per audio and tags."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
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


class FileAccesses:
    """Counts, through Python's audit hooks, opens of a file (or of any file in a folder) and
    programs started on it; benchmarks/noop_ingest.py counts with it too."""

    watched: Path | None = None
    count = 0

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.watched is None:
            return
        if event == "open" and isinstance(args[0], str | Path):
            name = str(args[0])
        elif event == "subprocess.Popen":
            name = " ".join(str(arg) for arg in args[1])
        else:
            return
        if str(cls.watched) in name:
            cls.count += 1


sys.addaudithook(FileAccesses.hook)


def accesses_while(path: Path, action: Callable[[], object]) -> int:
    """How often `action` opens `path` or starts a program (ffmpeg, ffprobe) on it."""
    FileAccesses.watched, FileAccesses.count = path, 0
    try:
        action()
    finally:
        FileAccesses.watched = None
    return FileAccesses.count


def aged_copy(tmp_path: Path) -> Path:
    """A copy of the demo audio last modified an hour ago, as a back catalogue's files are."""
    copy = tmp_path / "audio" / "ep.mp3"
    copy.parent.mkdir()
    copy.write_bytes(AUDIO.read_bytes())
    hour_ago = time.time() - 3600
    os.utime(copy, (hour_ago, hour_ago))
    return copy


def test_ingest_recognises_an_unchanged_file_without_reading_it(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    audio = aged_copy(tmp_path)
    source = EpisodeSource(audio=str(audio), title="Ep", id="ep")
    assert accesses_while(audio, lambda: ingest_episode(catalog, source, audio)) >= 3
    again: list = []
    assert accesses_while(audio, lambda: again.append(ingest_episode(catalog, source, audio))) == 0
    assert again[0].change == "unchanged"
    assert again[0].item.data["audio_duration"] == pytest.approx(
        catalog.items("episode")[0].data["audio_duration"])


def test_ingest_reads_a_file_again_once_it_changes(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    audio = aged_copy(tmp_path)
    source = EpisodeSource(audio=str(audio), title="Ep", id="ep")
    first = ingest_episode(catalog, source, audio)
    audio.write_bytes((DEMO_DIR / "episodes" / "03-digital-kompetens.mp3").read_bytes())
    hour_ago = time.time() - 3600
    os.utime(audio, (hour_ago, hour_ago))
    changed: list = []
    assert accesses_while(audio, lambda: changed.append(ingest_episode(catalog, source, audio))) > 0
    assert changed[0].change == "updated"
    assert changed[0].item.data["audio_sha"] != first.item.data["audio_sha"]


def test_ingest_reads_a_just_written_file_again(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    audio = tmp_path / "fresh.mp3"
    audio.write_bytes(AUDIO.read_bytes())
    source = EpisodeSource(audio=str(audio), title="Ep", id="ep")
    ingest_episode(catalog, source, audio)
    # Modified moments ago, it could still change within the same modification time.
    assert accesses_while(audio, lambda: ingest_episode(catalog, source, audio)) > 0
