"""Benchmark audio with known timing: lines spoken one by one by espeak-ng, joined with pauses,
and the real bundled Whisper model's transcript of it, both cached in a temporary folder; and
the commit a results file was made at.

The voices are the demo's (scripts/make_demo_audio.py): two espeak-ng variants for the HOST
and GUEST lines of a script. Nothing here is committed: audio and transcripts live under
$INNOCAST_BENCH_CACHE (default: the system's temporary folder)/innocast-bench.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from transcripts import TranscribeSettings, Transcript, cache_key, transcribe

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("INNOCAST_BENCH_CACHE", tempfile.gettempdir())) / "innocast-bench"
VOICES = {"HOST": "+f3", "GUEST": "+m3"}
RATE = 22_050
# Above this amplitude (of 32767) a sample counts as voice, to find where a line starts.
_VOICE_LEVEL = 300


@dataclass(frozen=True)
class Line:
    """One stretch spoken in one go: its text, voice role and the pause after it (seconds)."""

    text: str
    role: str = "HOST"
    pause: float = 0.6


def speak(lines: list[Line], language: str) -> tuple[Path, list[float]]:
    """A WAV file of the lines spoken in turn, and the second each line's voice starts."""
    key = hashlib.sha256(json.dumps([language, [vars(x) for x in lines]]).encode()).hexdigest()
    folder = CACHE / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    target, starts_file = folder / f"{key[:24]}.wav", folder / f"{key[:24]}.starts.json"
    if target.exists() and starts_file.exists():
        return target, json.loads(starts_file.read_text())
    pieces, starts, at = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, line in enumerate(lines):
            wav = Path(tmp) / f"{n}.wav"
            voice = language + VOICES.get(line.role, VOICES["HOST"])
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", "155", "-w", str(wav), line.text], check=True
            )
            samples = _read(wav)
            loud = np.flatnonzero(np.abs(samples) > _VOICE_LEVEL)
            starts.append(round((at + (loud[0] if loud.size else 0)) / RATE, 3))
            pause = np.zeros(int(line.pause * RATE), dtype=np.int16)
            pieces += [samples, pause]
            at += samples.size + pause.size
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.concatenate(pieces).tobytes())
    starts_file.write_text(json.dumps(starts))
    return target, starts


def heard(audio: Path, language: str) -> Transcript:
    """The bundled base model's transcript of the audio, cached by content and settings."""
    settings = TranscribeSettings(language=language, cpu_threads=2)
    digest = hashlib.sha256(audio.read_bytes()).hexdigest()
    cached = CACHE / "transcripts" / f"{cache_key(digest, settings)}.json"
    if cached.exists():
        return Transcript.from_dict(json.loads(cached.read_text()))
    transcript = transcribe(audio, settings)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(transcript.to_dict(), ensure_ascii=False))
    return transcript


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != RATE or wav.getnchannels() != 1:
            raise RuntimeError(f"{path}: espeak-ng wrote an unexpected format")
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)


def commit(path: Path | None = None) -> str:
    """The short hash of the last commit (that touched `path`), to date a results file."""
    command = ["git", "-C", str(ROOT), "log", "-1", "--format=%h"]
    if path is not None:
        command += ["--", str(path)]
    return subprocess.run(command, capture_output=True, text=True).stdout.strip() or "unknown"


def write_results(path: Path, lines: list[str]) -> None:
    """Write a results file (run with both splits only, so it never holds half a run)."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0-1) of values, by linear interpolation (nan when empty)."""
    return float(np.percentile(values, share * 100)) if values else float("nan")
