"""Errors of the transcripts package.

TranscriptError                 the base of every error this package raises
├── AudioError                  an audio file is missing, empty, truncated, not audio, unreadable
│                               or in an unsupported format (the message names the file)
├── ModelError                  a Whisper model cannot be had: a missing or incomplete local
│                               directory, or a hub model that is neither cached nor reachable
├── SettingsError               settings that cannot work: an unknown language, batched without VAD
└── TranscriptFormatError       a transcript file (WebVTT, SRT) or stored transcript data is
                                malformed (the message names the source and the line)
"""

from innocast.errors import InnocastError


class TranscriptError(InnocastError):
    """Base of every error the transcripts package raises on bad input or a failed step."""


class AudioError(TranscriptError):
    """An audio file cannot be transcribed: missing, empty, truncated, not audio or unreadable."""


class ModelError(TranscriptError):
    """A Whisper model cannot be found, joined, downloaded or loaded."""


class SettingsError(TranscriptError):
    """Transcription settings that cannot work together or that the model does not support."""


class TranscriptFormatError(TranscriptError):
    """A transcript file or stored transcript is malformed."""
