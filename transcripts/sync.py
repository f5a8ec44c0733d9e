"""Manuscript sync: an episode's manuscript timed against its audio and its machine transcript."""

from __future__ import annotations

import hashlib
from pathlib import Path

from transcripts.alignment import align
from transcripts.manuscript import parse_manuscript
from transcripts.segments import Transcript

# The settings field that marks a transcript as a synced manuscript (its SHA-256).
MANUSCRIPT_FIELD = "manuscript_sha256"
# Bump when the alignment changes what a synced transcript holds, so caches sync again.
SYNC_VERSION = 1


def manuscript_sha256(text: str) -> str:
    """The manuscript's content hash, as synced transcripts record it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sync_manuscript(audio: Path, text: str, heard: Transcript, source: str) -> Transcript:
    """The manuscript `text` timed by `heard` (the audio's machine transcript) and the audio's
    voice activity; a manuscript without words raises TranscriptFormatError naming `source`."""
    # Imported here: voice activity needs the decoder (PyAV, numpy), which a run that syncs
    # nothing should not import.
    from transcripts.speech import speech_spans_of

    alignment = align(parse_manuscript(text, source), heard, speech_spans_of(audio))
    transcript = alignment.transcript
    transcript.settings = {
        **transcript.settings,
        MANUSCRIPT_FIELD: manuscript_sha256(text),
        "sync_version": SYNC_VERSION,
        "sync_anchored_words": alignment.anchored,
        "sync_words": alignment.words,
    }
    return transcript


def is_synced(transcript: Transcript) -> bool:
    """True when the transcript is a manuscript synced to the audio.

    >>> is_synced(Transcript("sv", 1.0, [], settings={MANUSCRIPT_FIELD: "ab"}))
    True
    """
    return MANUSCRIPT_FIELD in transcript.settings
