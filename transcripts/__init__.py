"""Whisper transcription of audio files and the transcript formats (WebVTT, SRT, JSON, text)."""

from innocast.lazy import exports, names

# Each public name is imported from its module when first used, so that importing one
# module of the package does not import the others (see innocast.lazy).
_MODULES = {
    "transcripts.errors": [
        "AudioError", "ModelError", "SettingsError", "TranscriptError", "TranscriptFormatError",
    ],
    "transcripts.formats": [
        "FORMATS", "MEDIA_TYPES", "parse_srt", "parse_vtt", "to_full_json", "to_podcast_json",
        "to_srt", "to_text", "to_vtt",
    ],
    "transcripts.model": ["ModelRef", "load_model", "resolve_model"],
    "transcripts.segments": ["Segment", "Transcript", "Word"],
    "transcripts.settings": ["TranscribeSettings"],
    "transcripts.transcriber": ["cache_key", "transcribe"],
}

__getattr__ = exports("transcripts", _MODULES)
__all__ = names(_MODULES)
