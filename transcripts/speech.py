"""Where the voice is: speech spans found by the Silero voice-activity detector that
faster-whisper ships (no extra model, no download)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from transcripts.audio import SAMPLING_RATE, load_audio

# Pauses between sentences of read speech last a few tenths of a second: shorter silences
# than Whisper's own filter (2 s) must split spans, and no padding may blur where speech starts.
MIN_PAUSE_MS = 200


def speech_spans(samples: np.ndarray) -> list[tuple[float, float]]:
    """The (start, end) seconds of speech in 16 kHz mono samples, in order."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=MIN_PAUSE_MS, speech_pad_ms=0)
    return [
        (round(span["start"] / SAMPLING_RATE, 3), round(span["end"] / SAMPLING_RATE, 3))
        for span in get_speech_timestamps(samples, options)
    ]


def speech_spans_of(audio: Path) -> list[tuple[float, float]]:
    """The speech spans of an audio file (any format ffmpeg reads); bad files raise AudioError."""
    return speech_spans(load_audio(audio))
