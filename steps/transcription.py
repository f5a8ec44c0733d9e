"""Episodes' transcripts, cached in the catalog by audio content, model and settings; an
episode with a manuscript also gets the manuscript synced to the audio, cached by the
manuscript's content and the machine transcript it was timed by."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from catalog import Catalog, Item
from steps.episodes import original_audio
from steps.errors import SourceError
from transcripts.formats import parse_srt, parse_vtt
from transcripts.segments import Transcript
from transcripts.settings import TranscribeSettings
from transcripts.sync import SYNC_VERSION, manuscript_sha256, sync_manuscript
from transcripts.transcriber import cache_key, transcribe

Progress = Callable[[float, float], None]


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = item.data.get("language")
    return dataclasses.replace(settings, language=language) if language else settings


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode unless this audio, model and settings were transcribed, and sync
    its manuscript (if it has one) unless synced against that transcript; say if either ran.

    A transcript is stored only once it is complete, so a process killed midway leaves
    nothing behind and the next run does the work again.
    """
    settings = episode_settings(item, settings)
    key = cache_key(item.data["audio_sha"], settings)
    done = False
    stored = catalog.get_transcript(key)
    if stored is None:
        transcript = transcribe(original_audio(catalog, item), settings, progress=progress)
        catalog.put_transcript(
            key, audio_hash=item.data["audio_sha"], model=transcript.model,
            data=transcript.to_dict(),
        )
        stored, done = transcript.to_dict(), True
    script = item.data.get("script")
    if script and catalog.get_transcript(sync_key(script, key)) is None:
        synced = sync_manuscript(
            original_audio(catalog, item), script, Transcript.from_dict(stored),
            source=f"{item.slug}: manuscript",
        )
        catalog.put_transcript(
            sync_key(script, key), audio_hash=item.data["audio_sha"], model=synced.model,
            data=synced.to_dict(),
        )
        done = True
    return done


def sync_key(script: str, transcript_key: str) -> str:
    """The cache key of a manuscript synced against the machine transcript with this key."""
    payload = {"sync": SYNC_VERSION, "manuscript": manuscript_sha256(script),
               "transcript": transcript_key}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def machine_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings
) -> Transcript | None:
    """What the recogniser heard, kept for comparison when a manuscript or an editor wins."""
    stored = catalog.get_transcript(
        cache_key(item.data["audio_sha"], episode_settings(item, settings))
    )
    return Transcript.from_dict(stored) if stored is not None else None


def current_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings
) -> Transcript | None:
    """The transcript readers see: the editor's correction if there is one, else the synced
    manuscript if the episode has one, else the model's."""
    override = catalog.get_override(item.id)
    if override is not None:
        return Transcript.from_dict(override)
    key = cache_key(item.data["audio_sha"], episode_settings(item, settings))
    script = item.data.get("script")
    stored = catalog.get_transcript(sync_key(script, key)) if script else None
    if stored is None:
        stored = catalog.get_transcript(key)
    if stored is None:
        return None
    return named_speakers(Transcript.from_dict(stored), item.data.get("persons") or [])


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
        raise SourceError(f"{path}: a corrected transcript must be a .vtt or .srt file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read the transcript ({exc})") from exc
    transcript = parser(text, source=str(path))
    catalog.set_override(item.id, source=path.name, data=transcript.to_dict())
    return item
