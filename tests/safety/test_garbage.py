"""What killed runs leave in the data folder is collected; what items name is kept."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog
from steps.garbage import WORK_PREFIX, collect_garbage
from steps.records import Episode


def _stored(catalog: Catalog, tmp_path: Path, content: bytes, suffix: str) -> str:
    source = tmp_path / f"source{suffix}"
    source.write_bytes(content)
    return catalog.store_file(source, suffix)


def test_garbage_collects_unnamed_blobs_temporary_files_and_work_folders(tmp_path: Path) -> None:
    with Catalog(tmp_path / "data") as catalog:
        audio = _stored(catalog, tmp_path, b"original audio", ".wav")
        mp3 = _stored(catalog, tmp_path, b"feed mp3", ".mp3")
        # A run killed after storing its new MP3, before recording it: no item names it.
        orphan = _stored(catalog, tmp_path, b"mp3 of a killed run", ".mp3")
        catalog.upsert_item(
            kind="episode", source_key="episode:one", content_hash=audio, title="One",
            published="2024-01-01T08:00:00+00:00",
            data={**Episode(guid="g", audio_sha=audio, audio_suffix=".wav", audio_duration=1.0,
                            audio_location="one.wav").ingested(),
                  "enclosure": {"key": "k", "sha": mp3, "bytes": 8, "duration": 1.0,
                                "mime": "audio/mpeg", "loudness_lufs": -16.0}},
        )
        half_copied = catalog.blob_dir / "ab" / "tmpx1y2.tmp"
        half_copied.parent.mkdir()
        half_copied.write_bytes(b"half")
        work = catalog.data_dir / f"{WORK_PREFIX}k1ll3d"
        work.mkdir()
        (work / "episode.mp3").write_bytes(b"half an mp3")

        removed = collect_garbage(catalog)

        assert sorted(p.name for p in removed) == sorted(
            [f"{orphan}.mp3", "tmpx1y2.tmp", work.name]
        )
        assert catalog.blob_path(audio, ".wav").read_bytes() == b"original audio"
        assert catalog.blob_path(mp3, ".mp3").read_bytes() == b"feed mp3"
        assert not half_copied.parent.exists()
        assert not work.exists()
        assert collect_garbage(catalog) == []
