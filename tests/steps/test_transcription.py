"""Transcription jobs: what the flow plans and files, and transcripts kept from older catalogs."""

from __future__ import annotations

import json
from pathlib import Path

from catalog import Catalog
from catalog.blobs import BlobStore
from demo import DEMO_DIR
from steps.config import EpisodeSource
from steps.episodes import ingest_episode
from steps.records import read_episode
from steps.store import local_store
from steps.tagging import item_tagging_job, run_tagging, store_tagging
from steps.transcription import current_transcript, store_transcription, transcription_job
from themes.taxonomy import default_taxonomy
from transcripts.model import resolve_model
from transcripts.settings import TranscribeSettings
from transcripts.transcriber import legacy_cache_key

AUDIO = DEMO_DIR / "episodes" / "04-english-summary.mp3"
TRANSCRIPT = {"language": "en", "duration": 1.0, "model": "m", "model_revision": "",
              "segments": [{"start": 0.0, "end": 1.0, "text": "Hello.", "words": []}]}


def _model(folder: Path) -> Path:
    """A folder that passes for a model directory (planning never loads the weights)."""
    folder.mkdir()
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (folder / name).write_text(f"stand-in {name}")
    return folder


def test_transcription_job_names_store_keys_and_the_flow_files_the_result(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    item = ingest_episode(catalog, EpisodeSource(audio="a", title="English", id="en"), AUDIO).item
    store = BlobStore(str(tmp_path / "store"))
    store.claim()
    model = resolve_model(None).id
    job = transcription_job(catalog, store, item, TranscribeSettings(), model)
    assert job is not None and job.model == model
    assert store.has(job.audio) and job.audio.startswith(read_episode(item).audio_sha)
    made = store.put_bytes(json.dumps(TRANSCRIPT).encode(), ".json")
    store_transcription(catalog, store, job, {"transcript": made, "synced": None})
    item = catalog.get_item(item.id)
    assert current_transcript(catalog, item).segments[0].text == "Hello."
    assert transcription_job(catalog, store, item, TranscribeSettings(), model) is None


def test_transcription_keyed_by_a_model_folder_path_is_still_recognised(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    item = ingest_episode(catalog, EpisodeSource(audio="a", title="English", id="en"), AUDIO).item
    settings = TranscribeSettings(model=str(_model(tmp_path / "kb-small")), language="en")
    model = resolve_model(settings.model).id
    audio_sha = read_episode(item).audio_sha
    # What an older innocast stored: the key made from the folder's path.
    catalog.put_transcript(legacy_cache_key(audio_sha, settings, model), audio_hash=audio_sha,
                           model=settings.model, data=TRANSCRIPT)
    assert transcription_job(catalog, local_store(catalog), item, settings, model) is None
    shown = current_transcript(catalog, catalog.get_item(item.id))
    assert shown is not None and shown.segments[0].text == "Hello."


def test_planning_an_unchanged_episode_reads_no_transcript(tmp_path: Path) -> None:
    """A run with nothing to do asks whether transcripts are stored and whether the tags are
    current without reading any transcript; a correction or a new transcript re-tags."""
    catalog = Catalog(tmp_path / "data")
    item = ingest_episode(catalog, EpisodeSource(audio="a", title="English", id="en"), AUDIO).item
    store, model, taxonomy = local_store(catalog), resolve_model(None).id, default_taxonomy()
    job = transcription_job(catalog, store, item, TranscribeSettings(), model)
    made = store.put_bytes(json.dumps(TRANSCRIPT).encode(), ".json")
    store_transcription(catalog, store, job, {"transcript": made, "synced": None})
    item = catalog.get_item(item.id)
    tagging = item_tagging_job(catalog, item, taxonomy)
    store_tagging(catalog, tagging, run_tagging(tagging, taxonomy))
    statements: list[str] = []
    catalog.db.set_trace_callback(statements.append)
    assert transcription_job(catalog, store, item, TranscribeSettings(), model) is None
    assert item_tagging_job(catalog, item, taxonomy) is None
    catalog.db.set_trace_callback(None)
    read = [s for s in statements if "SELECT data FROM transcripts" in s]
    assert statements and not read
    # An editor's correction changes what is tagged: the item is tagged again.
    catalog.set_override(item.id, source="fixed.vtt", data={**TRANSCRIPT, "segments": [
        {"start": 0.0, "end": 1.0, "text": "Innovation i kommunen.", "words": []}]})
    again = item_tagging_job(catalog, item, taxonomy)
    assert again is not None and again.segments == ((0.0, "Innovation i kommunen."),)
