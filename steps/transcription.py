"""Episodes' transcripts, cached in the catalog by audio content, model and settings.

Transcribing records on the episode which stored transcript is current; reading it back takes
that record (or an editor's correction), never the model. Transcribing comes in three parts so
that the middle one can run on another machine: the job is made from the catalog (the audio
put into the blob store), run with nothing but the store (audio in, the transcript out, both by
content key), and its result stored in the catalog by the flow.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalog import Catalog, Item
from catalog.blobs import BlobStore
from steps.episodes import original_audio
from steps.errors import InputError
from steps.garbage import WORK_PREFIX
from steps.records import read_episode, record_transcript
from steps.store import local_store, share
from transcripts.errors import ModelError
from transcripts.formats import parse_srt, parse_vtt
from transcripts.model import BUNDLED_IDENTITY, ModelId, resolve_model
from transcripts.segments import Transcript
from transcripts.settings import TranscribeSettings
from transcripts.transcriber import cache_key, legacy_cache_key, transcribe

Progress = Callable[[float, float], None]


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = read_episode(item).language
    return dataclasses.replace(settings, language=language) if language else settings


@dataclass(frozen=True)
class TranscriptionJob:
    """One episode to transcribe, as a worker needs it: its audio's content key in the store,
    the settings, the model's identity and revision, and the cache key the transcript is
    stored under."""

    item_id: str
    slug: str
    audio: str
    settings: TranscribeSettings
    model: ModelId
    key: str


def transcription_job(
    catalog: Catalog, store: BlobStore, item: Item, settings: TranscribeSettings, model: ModelId
) -> TranscriptionJob | None:
    """The job of transcribing the episode, or None if this audio, model and settings were (the
    episode then records that transcript as its current one).

    A transcript stored under the key of the days when a local model was named by its folder
    is recognised and filed under today's key.
    """
    record, settings = read_episode(item), episode_settings(item, settings)
    key = cache_key(record.audio_sha, settings, model)
    stored = catalog.get_transcript(key)
    legacy = legacy_cache_key(record.audio_sha, settings, model)
    if stored is None and legacy is not None:
        stored = catalog.get_transcript(legacy)
        if stored is not None:
            catalog.put_transcript(key, audio_hash=record.audio_sha, model=model.identity,
                                   data=stored)
    if stored is not None:
        if record.transcript_key != key:
            record_transcript(catalog, item.id, key)
        return None
    original_audio(catalog, item)
    audio = share(catalog, store, record.audio_sha, record.audio_suffix)
    return TranscriptionJob(item_id=item.id, slug=item.slug, audio=audio, settings=settings,
                            model=model, key=key)


def run_transcription(
    store: BlobStore, job: TranscriptionJob, progress: Progress | None = None
) -> str:
    """Transcribe the store's audio; write the transcript to the store and return its key.

    Pure: only the flow records the result. The model found here must be the one the flow
    named, or the transcript would be filed under another model's key.
    """
    found = resolve_model(job.settings.model).id
    if found != job.model:
        raise ModelError(
            f"{job.settings.model or BUNDLED_IDENTITY}: this worker has {found.identity} "
            f"{found.revision}, the flow asked for {job.model.identity} {job.model.revision}"
        )
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as tmp:
        audio = store.reader_path(job.audio, Path(tmp))
        transcript = transcribe(audio, job.settings, progress=progress)
    return store.put_bytes(json.dumps(transcript.to_dict(), ensure_ascii=False).encode(), ".json")


def store_transcription(
    catalog: Catalog, store: BlobStore, job: TranscriptionJob, transcript: str
) -> None:
    """Store a transcript a worker wrote to the store (by its key) under the job's cache key,
    as the episode's current one.

    Stored only once complete: a process killed midway leaves nothing, and the next run
    transcribes the episode again.
    """
    data = json.loads(store.read_bytes(transcript))
    Transcript.from_dict(data)  # a worker's output is checked like any input
    catalog.put_transcript(job.key, audio_hash=job.audio[:64], model=data["model"], data=data)
    record_transcript(catalog, job.item_id, job.key)


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode unless its audio, model and settings were transcribed; say if so."""
    store = local_store(catalog)
    job = transcription_job(catalog, store, item, settings, resolve_model(settings.model).id)
    if job is not None:
        store_transcription(catalog, store, job, run_transcription(store, job, progress))
    return job is not None


def current_transcript(catalog: Catalog, item: Item) -> Transcript | None:
    """The transcript readers see: the editor's correction if there is one, else the one the
    episode records as current (none before it was transcribed)."""
    override = catalog.get_override(item.id)
    if override is not None:
        return Transcript.from_dict(override)
    key = read_episode(item).transcript_key
    stored = catalog.get_transcript(key) if key else None
    return Transcript.from_dict(stored) if stored is not None else None


PARSERS = {".vtt": parse_vtt, ".srt": parse_srt}


def set_corrected_transcript(catalog: Catalog, ref: str, path: Path) -> Item:
    """Replace an episode's transcript with an editor's corrected VTT or SRT file."""
    item = catalog.get_item(ref)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise InputError(f"{path}: a corrected transcript must be a .vtt or .srt file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the transcript ({exc})") from exc
    transcript = parser(text, source=str(path))
    catalog.set_override(item.id, source=path.name, data=transcript.to_dict())
    return item
