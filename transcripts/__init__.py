"""Whisper transcription of audio files and the transcript formats (WebVTT, SRT, JSON, text)."""

from transcripts.errors import (
    AudioError,
    ModelError,
    SettingsError,
    TranscriptError,
    TranscriptFormatError,
)
from transcripts.formats import (
    FORMATS,
    MEDIA_TYPES,
    parse_srt,
    parse_vtt,
    to_full_json,
    to_podcast_json,
    to_srt,
    to_text,
    to_vtt,
)
from transcripts.model import ModelRef, load_model, resolve_model
from transcripts.segments import Segment, Transcript, Word
from transcripts.settings import TranscribeSettings
from transcripts.transcriber import cache_key, transcribe

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "AudioError",
    "ModelError",
    "ModelRef",
    "Segment",
    "SettingsError",
    "TranscribeSettings",
    "Transcript",
    "TranscriptError",
    "TranscriptFormatError",
    "Word",
    "cache_key",
    "load_model",
    "parse_srt",
    "parse_vtt",
    "resolve_model",
    "to_full_json",
    "to_podcast_json",
    "to_srt",
    "to_text",
    "to_vtt",
    "transcribe",
]
