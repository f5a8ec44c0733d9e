"""Episodes' transcripts, cached in the catalog by audio content, model and settings.

Transcribing records on the episode which stored transcript is current; reading it back takes
that record (or an editor's correction), never the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

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


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode unless this audio, model and settings were transcribed; say if done.

    Either way the episode records the transcript as its current one. The transcript is stored
    only once it is complete, so a process killed midway leaves nothing behind and the next run
    transcribes the episode again.
    """
    record, settings = read_episode(item), episode_settings(item, settings)
    key = cache_key(record.audio_sha, settings)
    done = catalog.get_transcript(key) is None
    if done:
        transcript = transcribe(original_audio(catalog, item), settings, progress=progress)
        catalog.put_transcript(
            key, audio_hash=record.audio_sha, model=transcript.model, data=transcript.to_dict()
        )
    if record.transcript_key != key:
        record_transcript(catalog, item.id, key)
    return done


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
