"""Episodes' transcripts, cached in the catalog by audio content, model and settings.

Transcribing records on the episode which stored transcript is current; reading it back takes
that record (or an editor's correction), never the model. Transcribing comes in three parts so
that the middle one can run on another machine: the job is made from the catalog, run on its
own (audio and settings in, the transcript out), and its result stored in the catalog.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog import Catalog, Item
from steps.episodes import original_audio
from steps.errors import InputError
from steps.records import read_episode, record_transcript
from transcripts.formats import parse_srt, parse_vtt
from transcripts.segments import Transcript
from transcripts.settings import TranscribeSettings
from transcripts.transcriber import cache_key, transcribe

Progress = Callable[[float, float], None]


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = read_episode(item).language
    return dataclasses.replace(settings, language=language) if language else settings


@dataclass(frozen=True)
class TranscriptionJob:
    """One episode to transcribe: its audio (content key and stored file), the settings, and
    the cache key its transcript is stored under."""

    item_id: str
    slug: str
    audio_sha: str
    audio: str
    settings: TranscribeSettings
    key: str


def transcription_job(
    catalog: Catalog, item: Item, settings: TranscribeSettings
) -> TranscriptionJob | None:
    """The job of transcribing an episode, or None if this audio, model and settings were
    transcribed already (the episode then records that transcript as its current one)."""
    record, settings = read_episode(item), episode_settings(item, settings)
    key = cache_key(record.audio_sha, settings)
    if catalog.get_transcript(key) is None:
        audio = str(original_audio(catalog, item))
        return TranscriptionJob(item.id, item.slug, record.audio_sha, audio, settings, key)
    if record.transcript_key != key:
        record_transcript(catalog, item.id, key)
    return None


def run_transcription(job: TranscriptionJob, progress: Progress | None = None) -> dict[str, Any]:
    """Transcribe a job's audio; the transcript as plain data. It touches no catalog."""
    return transcribe(Path(job.audio), job.settings, progress=progress).to_dict()


def store_transcription(
    catalog: Catalog, job: TranscriptionJob, transcript: dict[str, Any]
) -> None:
    """Store a finished transcription and make it the episode's current transcript.

    Stored only once complete: a process killed midway leaves nothing, and the next run
    transcribes the episode again.
    """
    catalog.put_transcript(
        job.key, audio_hash=job.audio_sha, model=transcript["model"], data=transcript
    )
    record_transcript(catalog, job.item_id, job.key)


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode unless its audio, model and settings were transcribed; say if so."""
    job = transcription_job(catalog, item, settings)
    if job is not None:
        store_transcription(catalog, job, run_transcription(job, progress))
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
