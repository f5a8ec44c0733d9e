"""Episodes' transcripts, cached in the catalog by audio content, model and settings; an
episode with a manuscript also gets the manuscript synced to the audio, cached by the
manuscript's content and the machine transcript it was timed by.

Transcribing records on the episode which stored transcripts are current; reading them back
takes that record (or an editor's correction), never the model. Transcribing comes in three
parts so that the middle one can run on another machine: the job is made from the catalog, run
on its own (audio, settings and manuscript in, the transcripts out), and its result stored in
the catalog.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
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
from transcripts.sync import SYNC_VERSION, manuscript_sha256, sync_manuscript
from transcripts.transcriber import cache_key, transcribe

Progress = Callable[[float, float], None]


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = read_episode(item).language
    return dataclasses.replace(settings, language=language) if language else settings


@dataclass(frozen=True)
class TranscriptionJob:
    """One episode to transcribe: its audio (content key and stored file), the settings, the
    cache key its transcript is stored under, and its manuscript to sync, if any.

    `heard` carries the stored machine transcript when only the manuscript's sync is due.
    """

    item_id: str
    slug: str
    audio_sha: str
    audio: str
    settings: TranscribeSettings
    key: str
    script: str = ""
    synced_key: str | None = None
    heard: dict[str, Any] | None = None


def transcription_job(
    catalog: Catalog, item: Item, settings: TranscribeSettings
) -> TranscriptionJob | None:
    """The job of transcribing an episode (and syncing its manuscript), or None if both were
    done for this audio, model, settings and manuscript (the episode then records them)."""
    record, settings = read_episode(item), episode_settings(item, settings)
    key = cache_key(record.audio_sha, settings)
    synced = sync_key(record.script, key) if record.script else None
    heard = catalog.get_transcript(key)
    if heard is None or (synced is not None and catalog.get_transcript(synced) is None):
        audio = str(original_audio(catalog, item))
        return TranscriptionJob(item.id, item.slug, record.audio_sha, audio, settings, key,
                                record.script, synced, heard)
    if (record.transcript_key, record.synced_key) != (key, synced):
        record_transcript(catalog, item.id, key, synced)
    return None


def run_transcription(job: TranscriptionJob, progress: Progress | None = None) -> dict[str, Any]:
    """Transcribe a job's audio and sync its manuscript; both as plain data (`transcript`, and
    `synced` or None). It touches no catalog."""
    heard = job.heard
    if heard is None:
        heard = transcribe(Path(job.audio), job.settings, progress=progress).to_dict()
    synced = None
    if job.script:
        synced = sync_manuscript(
            Path(job.audio), job.script, Transcript.from_dict(heard),
            source=f"{job.slug}: manuscript",
        ).to_dict()
    return {"transcript": heard, "synced": synced}


def store_transcription(catalog: Catalog, job: TranscriptionJob, result: dict[str, Any]) -> None:
    """Store a finished transcription (and sync) and make it the episode's current one.

    Stored only once complete: a process killed midway leaves nothing, and the next run
    does the work again.
    """
    transcript, synced = result["transcript"], result["synced"]
    if job.heard is None:
        catalog.put_transcript(
            job.key, audio_hash=job.audio_sha, model=transcript["model"], data=transcript
        )
    if synced is not None and job.synced_key is not None:
        catalog.put_transcript(
            job.synced_key, audio_hash=job.audio_sha, model=synced["model"], data=synced
        )
    record_transcript(catalog, job.item_id, job.key, job.synced_key)


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode (and sync its manuscript) unless done for this audio, model,
    settings and manuscript; say if either ran."""
    job = transcription_job(catalog, item, settings)
    if job is not None:
        store_transcription(catalog, job, run_transcription(job, progress))
    return job is not None


def sync_key(script: str, transcript_key: str) -> str:
    """The cache key of a manuscript synced against the machine transcript with this key."""
    payload = {"sync": SYNC_VERSION, "manuscript": manuscript_sha256(script),
               "transcript": transcript_key}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def machine_transcript(catalog: Catalog, item: Item) -> Transcript | None:
    """What the recogniser heard, kept for comparison when a manuscript or an editor wins."""
    key = read_episode(item).transcript_key
    stored = catalog.get_transcript(key) if key else None
    return Transcript.from_dict(stored) if stored is not None else None


def current_transcript(catalog: Catalog, item: Item) -> Transcript | None:
    """The transcript readers see: the editor's correction if there is one, else the synced
    manuscript the episode records, else the machine transcript it records (none before it
    was transcribed)."""
    override = catalog.get_override(item.id)
    if override is not None:
        return Transcript.from_dict(override)
    record = read_episode(item)
    stored = catalog.get_transcript(record.synced_key) if record.synced_key else None
    if stored is None and record.transcript_key:
        stored = catalog.get_transcript(record.transcript_key)
    if stored is None:
        return None
    persons = [dataclasses.asdict(person) for person in record.persons]
    return named_speakers(Transcript.from_dict(stored), persons)


def named_speakers(transcript: Transcript, persons: list[dict]) -> Transcript:
    """The transcript with speaker labels that name a role ("HOST:" in a manuscript) replaced
    by the name of the one person the episode lists in that role.

    >>> from transcripts.segments import Segment
    >>> t = Transcript("sv", 2, [Segment(0, 1, "Hej.", speaker="HOST"), Segment(1, 2, "Hej!")])
    >>> [s.speaker for s in named_speakers(t, [{"name": "Sofie", "role": "host"}]).segments]
    ['Sofie', None]
    """
    roles: dict[str, list[str]] = {}
    for person in persons:
        roles.setdefault(str(person.get("role", "")).casefold(), []).append(person["name"])
    names = {role: found[0] for role, found in roles.items() if len(found) == 1}
    for segment in transcript.segments:
        if segment.speaker and segment.speaker.casefold() in names:
            segment.speaker = names[segment.speaker.casefold()]
    return transcript


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
