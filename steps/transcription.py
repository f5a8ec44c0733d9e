"""Episodes' transcripts, cached in the catalog by audio content, model and settings; an
episode with a manuscript also gets the manuscript synced to the audio, cached by the
manuscript's content and the machine transcript it was timed by.

Transcribing records on the episode which stored transcripts are current; reading them back
takes that record (or an editor's correction), never the model. Transcribing comes in three
parts so that the middle one can run on another machine: the job is made from the catalog (the
audio put into the blob store), run with nothing but the store (audio and manuscript in, the
transcripts out, all by content key), and its result stored in the catalog by the flow.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalog import Catalog, Item
from catalog.blobs import BlobStore
from innocast.files import FileReadError, read_utf8
from steps.episodes import original_audio
from steps.errors import InputError
from steps.garbage import WORK_PREFIX
from steps.records import read_episode, record_transcript
from steps.store import local_store, share
from transcripts.errors import ModelError
from transcripts.formats import MAX_FILE_CHARS, parse_srt, parse_vtt
from transcripts.model import BUNDLED_IDENTITY, ModelId, resolve_model
from transcripts.segments import Transcript
from transcripts.settings import TranscribeSettings
from transcripts.sync import SYNC_VERSION, manuscript_sha256, sync_manuscript
from transcripts.transcriber import cache_key, legacy_cache_key, transcribe

Progress = Callable[[float, float], None]
TranscriptionResult = dict[str, str | None]
"""What a transcription job returns: the store keys of the machine transcript (`transcript`)
and of the synced manuscript (`synced`, None without a manuscript)."""


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = read_episode(item).language
    return dataclasses.replace(settings, language=language) if language else settings


@dataclass(frozen=True)
class TranscriptionJob:
    """One episode to transcribe, as a worker needs it: its audio's content key in the store,
    the settings, the model's identity and revision, the cache key the transcript is stored
    under, and the manuscript to sync (with the key its sync is stored under), if any.

    `heard` is the store key of the machine transcript when only the manuscript's sync is due.
    """

    item_id: str
    slug: str
    audio: str
    settings: TranscribeSettings
    model: ModelId
    key: str
    script: str = ""
    synced_key: str | None = None
    heard: str | None = None


def transcription_job(
    catalog: Catalog, store: BlobStore, item: Item, settings: TranscribeSettings, model: ModelId
) -> TranscriptionJob | None:
    """The job of transcribing the episode (and syncing its manuscript), or None if both were
    done for this audio, model, settings and manuscript (the episode then records them).

    A transcript stored under the key of the days when a local model was named by its folder
    is recognised and filed under today's key.
    """
    record, settings = read_episode(item), episode_settings(item, settings)
    key = cache_key(record.audio_sha, settings, model)
    # Whether transcripts are stored is asked without reading them: a run with nothing to do
    # reads no transcript, however long the back catalogue.
    have = catalog.has_transcript(key)
    legacy = legacy_cache_key(record.audio_sha, settings, model)
    if not have and legacy is not None:
        stored = catalog.get_transcript(legacy)
        if stored is not None:
            catalog.put_transcript(key, audio_hash=record.audio_sha, model=model.identity,
                                   data=stored)
            have = True
    synced = sync_key(record.script, key) if record.script else None
    if have and (synced is None or catalog.has_transcript(synced)):
        if (record.transcript_key, record.synced_key) != (key, synced):
            record_transcript(catalog, item.id, key, synced)
        return None
    original_audio(catalog, item)
    audio = share(catalog, store, record.audio_sha, record.audio_suffix)
    heard = None
    stored = catalog.get_transcript(key) if have else None
    if stored is not None:
        heard = store.put_bytes(json.dumps(stored, ensure_ascii=False).encode(), ".json")
    return TranscriptionJob(item_id=item.id, slug=item.slug, audio=audio, settings=settings,
                            model=model, key=key, script=record.script, synced_key=synced,
                            heard=heard)


def run_transcription(
    store: BlobStore, job: TranscriptionJob, progress: Progress | None = None
) -> TranscriptionResult:
    """Transcribe the store's audio and sync the job's manuscript to it; write both to the
    store and return their keys.

    Pure: only the flow records the result. The model found here must be the one the flow
    named, or the transcript would be filed under another model's key.
    """
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as tmp:
        audio = store.reader_path(job.audio, Path(tmp))
        if job.heard is None:
            _check_model(job)
            heard = transcribe(audio, job.settings, progress=progress)
            heard_key = _put_transcript(store, heard)
        else:
            heard = Transcript.from_dict(json.loads(store.read_bytes(job.heard)))
            heard_key = job.heard
        synced_key = None
        if job.script:
            synced = sync_manuscript(audio, job.script, heard, source=f"{job.slug}: manuscript")
            synced_key = _put_transcript(store, synced)
    return {"transcript": heard_key, "synced": synced_key}


def _check_model(job: TranscriptionJob) -> None:
    found = resolve_model(job.settings.model).id
    if found != job.model:
        raise ModelError(
            f"{job.settings.model or BUNDLED_IDENTITY}: this worker has {found.identity} "
            f"{found.revision}, the flow asked for {job.model.identity} {job.model.revision}"
        )


def _put_transcript(store: BlobStore, transcript: Transcript) -> str:
    return store.put_bytes(json.dumps(transcript.to_dict(), ensure_ascii=False).encode(), ".json")


def store_transcription(
    catalog: Catalog, store: BlobStore, job: TranscriptionJob, result: TranscriptionResult
) -> None:
    """Store the transcripts a worker wrote to the store (by their keys) under the job's cache
    keys, as the episode's current ones.

    Stored only once complete: a process killed midway leaves nothing, and the next run
    does the work again.
    """
    audio_sha = job.audio[:64]
    filed = [(job.key, result["transcript"])]
    if job.synced_key is not None and result["synced"] is not None:
        filed.append((job.synced_key, result["synced"]))
    for key, blob in filed:
        data = json.loads(store.read_bytes(blob))
        Transcript.from_dict(data)  # a worker's output is checked like any input
        catalog.put_transcript(key, audio_hash=audio_sha, model=data["model"], data=data)
    record_transcript(catalog, job.item_id, job.key, job.synced_key)


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode (and sync its manuscript) unless done for this audio, model,
    settings and manuscript; say if either ran."""
    store = local_store(catalog)
    job = transcription_job(catalog, store, item, settings, resolve_model(settings.model).id)
    if job is not None:
        store_transcription(catalog, store, job, run_transcription(store, job, progress))
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
    return uncorrected_transcript(catalog, item)


def uncorrected_transcript(catalog: Catalog, item: Item) -> Transcript | None:
    """The transcript readers would see without an editor's correction: the synced manuscript
    the episode records, else its machine transcript (none before it was transcribed)."""
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
        text = read_utf8(path, MAX_FILE_CHARS)
    except FileReadError as exc:
        raise InputError(f"{path}: cannot read the transcript ({exc.reason})") from exc
    transcript = parser(text, source=str(path))
    catalog.set_override(item.id, source=path.name, data=transcript.to_dict())
    return item
