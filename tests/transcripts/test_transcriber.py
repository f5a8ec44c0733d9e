"""Transcription with the real bundled model on real (espeak-ng) speech, and bad input."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
from pathlib import Path

import jiwer
import pytest

from tests.conftest import SpeechFactory
from transcripts import (
    AudioError,
    SettingsError,
    TranscribeSettings,
    Transcript,
    cache_key,
    transcribe,
)
from transcripts.model import BUNDLED_IDENTITY, resolve_model
from transcripts.transcriber import legacy_cache_key

ENGLISH = (
    "The city council opened a new library in the town centre. "
    "Children and adults can borrow books, films and music for free. "
    "The library is open every day of the week."
)
SWEDISH = "Välkommen till podden om innovation i offentlig sektor."


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))


@pytest.fixture(scope="module")
def english(speech: SpeechFactory) -> tuple[Path, Transcript, list[tuple[float, float]]]:
    """English speech transcribed once for the module, with the progress it reported."""
    audio = speech(ENGLISH, voice="en")
    calls: list[tuple[float, float]] = []
    transcript = transcribe(
        audio, TranscribeSettings(language="en"), progress=lambda d, t: calls.append((d, t))
    )
    return audio, transcript, calls


@pytest.mark.slow
def test_transcriber_english_speech_words_come_back(english) -> None:
    _, transcript, _ = english
    assert word_error_rate(ENGLISH, transcript.text) <= 0.1
    assert transcript.language == "en"
    assert transcript.model == BUNDLED_IDENTITY
    assert transcript.model_revision
    assert transcript.settings["language"] == "en"
    assert transcript.settings["batched"] is True, "English is batched by default"


@pytest.mark.slow
def test_transcriber_timestamps_increase_within_the_duration(english) -> None:
    _, transcript, _ = english
    assert transcript.segments
    previous_end = 0.0
    for segment in transcript.segments:
        assert previous_end <= segment.start + 0.01 <= segment.end + 0.01
        assert segment.end <= transcript.duration
        assert segment.words, "word timestamps are kept"
        for word in segment.words:
            assert segment.start - 0.01 <= word.start <= word.end <= segment.end + 0.01
            assert 0.0 <= word.probability <= 1.0
        previous_end = segment.end
    words = [w for s in transcript.segments for w in s.words]
    assert [w.start for w in words] == sorted(w.start for w in words)


@pytest.mark.slow
def test_transcriber_reports_progress_up_to_the_duration(english) -> None:
    _, transcript, calls = english
    assert calls
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1][0] == calls[-1][1]
    assert abs(calls[-1][1] - transcript.duration) < 0.01


@pytest.mark.slow
def test_transcriber_batched_path_gives_the_same_words(english) -> None:
    audio, _, _ = english
    batched = transcribe(audio, TranscribeSettings(language="en", batched=True))
    assert word_error_rate(ENGLISH, batched.text) <= 0.1
    assert batched.settings["batched"] is True
    # The batched pipeline returns whole 30-second chunks; they come back one per sentence.
    assert len(batched.segments) == 3


@pytest.mark.slow
def test_transcriber_long_audio_in_windows_keeps_words_and_times(
    english, monkeypatch: pytest.MonkeyPatch
) -> None:
    audio, whole, _ = english
    # Long files are cut into windows at quiet moments; 5-second ones make this file three.
    monkeypatch.setattr("transcripts.audio.WINDOW_SECONDS", 5)
    monkeypatch.setattr("transcripts.audio.CUT_SEARCH_SECONDS", 2)
    # The sequential path, a setting away from English's default.
    windowed = transcribe(audio, TranscribeSettings(language="en", batched=False))
    assert word_error_rate(ENGLISH, windowed.text) <= 0.2
    starts = [w.start for s in windowed.segments for w in s.words]
    assert starts == sorted(starts)
    assert starts[-1] > 6.0
    assert windowed.segments[-1].end <= whole.duration
    assert windowed.settings["batched"] is False


@pytest.mark.slow
def test_transcriber_forces_swedish_by_default(speech: SpeechFactory) -> None:
    transcript = transcribe(speech(SWEDISH, voice="sv"))
    assert transcript.language == "sv"
    assert transcript.settings["batched"] is False, "Swedish is sequential by default"
    assert transcript.language_probability is None


@pytest.mark.slow
def test_transcriber_auto_detects_the_language_and_stores_its_probability(english) -> None:
    audio, _, _ = english
    transcript = transcribe(audio, TranscribeSettings(language="auto"))
    assert transcript.language == "en"
    assert transcript.language_probability is not None
    assert 0.5 < transcript.language_probability <= 1.0


@pytest.mark.slow
def test_transcriber_silent_file_gives_an_empty_transcript_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    silence = tmp_path / "silence.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", str(silence), "trim", "0", "8"], check=True
    )
    with caplog.at_level(logging.WARNING, logger="transcripts"):
        transcript = transcribe(silence)
    assert transcript.segments == []
    assert transcript.text == ""
    assert transcript.duration == 8.0
    assert f"{silence}: no speech found; the transcript is empty" in caplog.messages


def make_bad_inputs(folder: Path, speech_file: Path) -> dict[str, tuple[Path, str]]:
    """Bad audio files, each with the one-line error it must give."""
    empty = folder / "empty.mp3"
    empty.write_bytes(b"")
    notes = folder / "notes.mp3"
    notes.write_text("Anteckningar till avsnitt 3: prata om budgeten.\n")
    noise = folder / "random.mp3"
    noise.write_bytes(bytes(range(256)) * 200)
    truncated = folder / "truncated.wav"
    truncated.write_bytes(speech_file.read_bytes()[:20_000])
    return {
        "missing": (folder / "missing.mp3", "no such file"),
        "folder": (folder, "not a file"),
        "empty": (empty, "empty file"),
        "text": (notes, "not an audio file (ffmpeg could not decode it)"),
        "random": (noise, "not an audio file (ffmpeg could not decode it)"),
        "truncated": (truncated, "truncated (its header declares "),
    }


@pytest.mark.parametrize("kind", ["missing", "folder", "empty", "text", "random", "truncated"])
def test_transcriber_bad_audio_gives_a_one_line_error_naming_the_file(
    kind: str, tmp_path: Path, speech: SpeechFactory
) -> None:
    path, problem = make_bad_inputs(tmp_path, speech(ENGLISH))[kind]
    with pytest.raises(AudioError) as caught:
        transcribe(path)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert "\n" not in str(caught.value)


def test_transcriber_batched_without_vad_is_refused(speech: SpeechFactory) -> None:
    with pytest.raises(SettingsError, match="batched transcription needs the VAD filter"):
        transcribe(speech(SWEDISH), TranscribeSettings(batched=True, vad_filter=False))


@pytest.fixture
def local_model(tmp_path: Path) -> Path:
    """A folder that passes for a model directory (cache keys never load the weights)."""
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (tmp_path / name).write_text(f"stand-in {name}")
    return tmp_path


def test_transcriber_cache_key_changes_with_model_and_settings(local_model: Path) -> None:
    audio = "ab" * 32
    base = TranscribeSettings(model=str(local_model))
    key = cache_key(audio, base)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert cache_key(audio, base) == key
    assert cache_key(audio, TranscribeSettings(model=str(local_model), cpu_threads=2)) == key
    variants = [
        TranscribeSettings(model=str(local_model), language="en"),
        TranscribeSettings(model=str(local_model), batched=True),
        TranscribeSettings(model=str(local_model), beam_size=1),
        TranscribeSettings(model=str(local_model), vad_filter=False),
        TranscribeSettings(model=str(local_model), condition_on_previous_text=True),
        TranscribeSettings(model=str(local_model), compute_type="float32"),
        TranscribeSettings(),
    ]
    keys = {cache_key(audio, v) for v in variants}
    assert key not in keys and len(keys) == len(variants)
    assert cache_key("cd" * 32, base) != key
    (local_model / "model.bin").write_text("retrained weights")
    assert cache_key(audio, base) != key


def test_transcriber_cache_key_ignores_where_the_model_lies(local_model: Path) -> None:
    audio = "ab" * 32
    key = cache_key(audio, TranscribeSettings(model=str(local_model)))
    moved = local_model.rename(local_model.parent / "elsewhere")
    assert cache_key(audio, TranscribeSettings(model=str(moved))) == key


def test_transcriber_legacy_key_is_the_one_a_folder_path_gave(local_model: Path) -> None:
    audio, settings = "ab" * 32, TranscribeSettings(model=str(local_model))
    model = resolve_model(str(local_model)).id
    then = {"pipeline": 1, "audio": audio, "model": str(local_model.resolve()),
            "revision": model.revision, "settings": settings.cache_fields()}
    assert legacy_cache_key(audio, settings, model) == hashlib.sha256(
        json.dumps(then, sort_keys=True).encode()).hexdigest()
    assert legacy_cache_key(audio, TranscribeSettings(), resolve_model(None).id) is None
