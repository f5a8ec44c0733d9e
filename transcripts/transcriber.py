"""Transcription of one audio file with faster-whisper, behind the quality guards."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transcripts.errors import ModelError, SettingsError
from transcripts.model import (
    LOCAL_IDENTITY,
    ModelId,
    device_and_compute_type,
    load_model,
    resolve_model,
)
from transcripts.repetition import remove_repetitions
from transcripts.segments import Segment, Transcript, Word
from transcripts.sentences import split_sentences
from transcripts.settings import TranscribeSettings

if TYPE_CHECKING:
    from faster_whisper.transcribe import Segment as WhisperSegment

logger = logging.getLogger(__name__)

Progress = Callable[[float, float], None]

# Whisper's own rule for silence, applied to every segment so both decoding paths agree.
NO_SPEECH_THRESHOLD = 0.6
LOG_PROB_THRESHOLD = -1.0
BATCH_SIZE = 4
# Bump when the post-processing changes what a transcript holds, so caches re-transcribe.
_PIPELINE_VERSION = 1


def transcribe(
    audio: Path,
    settings: TranscribeSettings = TranscribeSettings(),  # noqa: B008 (frozen, so shareable)
    *,
    progress: Progress | None = None,
) -> Transcript:
    """Transcribe one audio file; `progress(done_seconds, total_seconds)` follows along."""
    # faster-whisper, and the decoder (PyAV, numpy) are imported when something is
    # transcribed, not by every flow run, which needs only this module's cache keys.
    from faster_whisper import BatchedInferencePipeline

    from transcripts.audio import SAMPLING_RATE, load_audio, windows

    audio = Path(audio)
    settings = settings.resolved()
    if settings.batched and not settings.vad_filter:
        raise SettingsError("batched transcription needs the VAD filter (vad_filter=True)")
    samples = load_audio(audio)
    duration = samples.shape[0] / SAMPLING_RATE
    ref = resolve_model(settings.model)
    model = load_model(ref, settings)
    language = None if settings.language == "auto" else settings.language
    if language is not None and language not in model.supported_languages:
        raise SettingsError(
            f"language {settings.language!r}: not a language code the model knows "
            "(for example sv, en, or auto)"
        )
    probability: float | None = None
    options: dict[str, Any] = {
        "language": language,
        "beam_size": settings.beam_size,
        "vad_filter": settings.vad_filter,
        "word_timestamps": settings.word_timestamps,
    }
    pipeline = BatchedInferencePipeline(model) if settings.batched else None
    segments: list[Segment] = []
    try:
        for start, end in windows(samples):
            if pipeline is not None:
                # Each batch item (up to 30 s of speech) comes back as one segment; the
                # sentence split below cuts it up (decoding timestamps lost words here).
                found, info = pipeline.transcribe(
                    samples[start:end], batch_size=BATCH_SIZE, **options
                )
            else:
                found, info = model.transcribe(
                    samples[start:end],
                    condition_on_previous_text=settings.condition_on_previous_text,
                    **options,
                )
            if options["language"] is None:
                # Detect once, on the first window, and hold every later window to it.
                options["language"] = info.language
                probability = float(info.language_probability)
            segments += _collect(found, start / SAMPLING_RATE, duration, progress)
    except RuntimeError as exc:
        reason = " ".join(str(exc).split())
        raise ModelError(f"{audio}: the model failed ({reason})") from exc
    if progress is not None:
        progress(duration, duration)
    segments = remove_repetitions([part for s in segments for part in split_sentences(s)])
    if not segments:
        logger.warning("%s: no speech found; the transcript is empty", audio)
    device, compute_type = device_and_compute_type(settings)
    return Transcript(
        language=options["language"],
        duration=round(duration, 3),
        segments=segments,
        model=ref.identity,
        model_revision=ref.revision,
        language_probability=None if probability is None else round(probability, 4),
        settings={
            **settings.cache_fields(),
            "device": device,
            "resolved_compute_type": compute_type,
        },
    )


def _collect(
    found: Iterable[WhisperSegment], offset: float, duration: float, progress: Progress | None
) -> list[Segment]:
    """Run the lazy decoder on one window starting at `offset` seconds, reporting progress
    and dropping what the model marks as silence."""
    segments: list[Segment] = []
    for whisper_segment in found:
        if progress is not None:
            progress(min(offset + whisper_segment.end, duration), duration)
        if (
            whisper_segment.no_speech_prob > NO_SPEECH_THRESHOLD
            and whisper_segment.avg_logprob < LOG_PROB_THRESHOLD
        ):
            continue
        segment = _segment(whisper_segment, offset, duration)
        if segment.text:
            segments.append(segment)
    return segments


def _segment(found: WhisperSegment, offset: float, duration: float) -> Segment:
    """Our segment from faster-whisper's, moved by the window's offset, times rounded to
    milliseconds and kept within the file."""

    def clamp(seconds: float) -> float:
        return round(float(min(max(offset + seconds, 0.0), duration)), 3)

    words = [
        Word(clamp(w.start), clamp(w.end), w.word.strip(), round(float(w.probability), 4))
        for w in found.words or []
        if w.word.strip()
    ]
    return Segment(clamp(found.start), clamp(found.end), found.text.strip(), words)


def cache_key(
    audio_sha256: str, settings: TranscribeSettings, model: ModelId | None = None
) -> str:
    """A hex key for a transcript of this audio made with this model (identity and revision,
    resolved here unless given) and these settings; paths and thread counts do not change it."""
    model = model or resolve_model(settings.model).id
    return _key(audio_sha256, settings, model.identity, model.revision)


def legacy_cache_key(
    audio_sha256: str, settings: TranscribeSettings, model: ModelId
) -> str | None:
    """The key a transcript made with a local model folder had when the folder's path was the
    model's name (None for other models), so that catalogs from then are still recognised."""
    if not (settings.model and model.identity.startswith(LOCAL_IDENTITY)):
        return None
    folder = str(Path(settings.model).expanduser().resolve())
    return _key(audio_sha256, settings, folder, model.revision)


def _key(audio_sha256: str, settings: TranscribeSettings, identity: str, revision: str) -> str:
    payload = {
        "pipeline": _PIPELINE_VERSION,
        "audio": audio_sha256.lower(),
        "model": identity,
        "revision": revision,
        "settings": settings.cache_fields(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
