"""Audio input: checked and decoded to 16 kHz mono samples, with one-line errors on bad files."""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np

from transcripts.errors import AudioError

SAMPLING_RATE = 16_000
# Whisper's features for a whole hour would take gigabytes: long audio is transcribed in
# windows of at most this long, cut at the quietest tenth of a second near each limit.
WINDOW_SECONDS = 300
CUT_SEARCH_SECONDS = 30
_FRAME = SAMPLING_RATE // 10
# A file whose decodable audio falls this far short of what its header declares is truncated.
_TRUNCATION_TOLERANCE = 0.9
_UNKNOWN_WAV_SIZE = 0xFFFF0000
# Decoding happens all at once: a couple of megabytes of compressed silence that declares hours
# would take gigabytes of samples. Episodes are refused over the same limit at ingest.
MAX_SECONDS = 6 * 3600


def load_audio(path: Path) -> np.ndarray:
    """Decode any format ffmpeg reads into mono float32 samples at 16 kHz; bad files raise."""
    name = str(path)
    if not path.exists():
        raise AudioError(f"{name}: no such file")
    if not path.is_file():
        raise AudioError(f"{name}: not a file")
    try:
        with open(path, "rb") as handle:
            if not handle.read(1):
                raise AudioError(f"{name}: empty file")
    except OSError as exc:
        raise AudioError(f"{name}: cannot read the file ({exc.strerror})") from exc
    declared = _declared_duration(path)
    if declared is not None and declared > MAX_SECONDS:
        raise AudioError(f"{name}: {declared:.0f} s long, over the limit of {MAX_SECONDS} s")
    try:
        # Imported here: only decoding needs faster-whisper (and what it brings).
        from faster_whisper.audio import decode_audio

        samples = decode_audio(name, sampling_rate=SAMPLING_RATE)
    except (av.FFmpegError, ValueError, IndexError) as exc:
        raise AudioError(f"{name}: unreadable audio ({_reason(exc)})") from exc
    decoded = samples.shape[0] / SAMPLING_RATE
    if decoded == 0:
        raise AudioError(f"{name}: no audio could be decoded (truncated or corrupt file)")
    if declared is not None and decoded < declared * _TRUNCATION_TOLERANCE:
        raise AudioError(
            f"{name}: truncated (its header declares {declared:.1f} s, only {decoded:.1f} s decode)"
        )
    return samples


def windows(
    samples: np.ndarray, window: int | None = None, search: int | None = None
) -> list[tuple[int, int]]:
    """Split samples into (start, end) stretches of at most `window` samples (default
    WINDOW_SECONDS), each cut at the quietest tenth of a second within the last `search`
    samples (default CUT_SEARCH_SECONDS) before the limit.

    >>> speech = np.ones(10 * 16_000, dtype=np.float32)
    >>> speech[112_000:113_600] = 0.0  # a pause 7 seconds in
    >>> windows(speech, window=8 * 16_000, search=3 * 16_000)
    [(0, 112800), (112800, 160000)]
    >>> windows(speech[:16_000])
    [(0, 16000)]
    """
    window = window or WINDOW_SECONDS * SAMPLING_RATE
    search = min(search or CUT_SEARCH_SECONDS * SAMPLING_RATE, window)
    bounds, start = [], 0
    while samples.shape[0] - start > window:
        low = start + window - search
        frames = (start + window - low) // _FRAME
        region = samples[low : low + frames * _FRAME].reshape(frames, _FRAME)
        cut = low + int(np.square(region).mean(axis=1).argmin()) * _FRAME + _FRAME // 2
        bounds.append((start, cut))
        start = cut
    bounds.append((start, samples.shape[0]))
    return bounds


def _declared_duration(path: Path) -> float | None:
    """Open the container, check it has an audio stream and return its declared duration."""
    name = str(path)
    try:
        with av.open(name, metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{name}: no audio stream (not an audio file)")
            if container.format.name == "wav":
                return _wav_header_duration(path)
            stream = container.streams.audio[0]
            if stream.duration is not None and stream.time_base is not None:
                return float(stream.duration * stream.time_base)
            return None
    except av.error.InvalidDataError as exc:
        raise AudioError(f"{name}: not an audio file (ffmpeg could not decode it)") from exc
    except av.error.PermissionError as exc:
        raise AudioError(f"{name}: cannot read the file (permission denied)") from exc
    except (av.FFmpegError, ValueError) as exc:
        raise AudioError(f"{name}: unsupported or unreadable audio ({_reason(exc)})") from exc


def _wav_header_duration(path: Path) -> float | None:
    """The duration a PCM WAV header declares (ffmpeg infers it from the file size instead)."""
    try:
        with wave.open(str(path), "rb") as header:
            frames, rate = header.getnframes(), header.getframerate()
            data_bytes = frames * header.getsampwidth() * header.getnchannels()
    except (wave.Error, EOFError):
        return None
    # Streamed WAVs (written to a pipe) leave the size at 0 or at the 32-bit maximum.
    if frames == 0 or rate == 0 or data_bytes >= _UNKNOWN_WAV_SIZE:
        return None
    return frames / rate


def _reason(exc: Exception) -> str:
    """A short, one-line reason from a decoder exception."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:200]
