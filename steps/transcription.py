"""Episodes' transcripts, cached in the catalog by audio content, model and settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from catalog import Catalog, Item
from steps.episodes import original_audio
from steps.errors import SourceError
from transcripts.formats import parse_srt, parse_vtt
from transcripts.segments import Transcript
from transcripts.settings import TranscribeSettings
from transcripts.transcriber import cache_key, transcribe

Progress = Callable[[float, float], None]


def episode_settings(item: Item, settings: TranscribeSettings) -> TranscribeSettings:
    """The settings for one episode: its own language, where the config gives one."""
    language = item.data.get("language")
    return dataclasses.replace(settings, language=language) if language else settings


def ensure_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings, progress: Progress | None = None
) -> bool:
    """Transcribe the episode unless this audio, model and settings were transcribed; say if done.

    The transcript is stored only once it is complete, so a process killed midway leaves
    nothing behind and the next run transcribes the episode again.
    """
    settings = episode_settings(item, settings)
    key = cache_key(item.data["audio_sha"], settings)
    if catalog.get_transcript(key) is not None:
        return False
    transcript = transcribe(original_audio(catalog, item), settings, progress=progress)
    catalog.put_transcript(
        key, audio_hash=item.data["audio_sha"], model=transcript.model, data=transcript.to_dict()
    )
    return True


def current_transcript(
    catalog: Catalog, item: Item, settings: TranscribeSettings
) -> Transcript | None:
    """The transcript readers see: the editor's correction if there is one, else the model's."""
    override = catalog.get_override(item.id)
    if override is not None:
        return Transcript.from_dict(override)
    stored = catalog.get_transcript(
        cache_key(item.data["audio_sha"], episode_settings(item, settings))
    )
    return Transcript.from_dict(stored) if stored is not None else None


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
