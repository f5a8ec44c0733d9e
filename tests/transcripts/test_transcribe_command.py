"""The real `innocast transcribe` command: output shapes, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SpeechFactory

INNOCAST = str(Path(sys.executable).parent / "innocast")
SENTENCE = "Open data helps the public sector work better."
ALTERNATIVES = "give a local model directory, or omit --model to use the bundled base model"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # HF_HUB_OFFLINE makes the hub-name case the same with or without a network.
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [INNOCAST, "transcribe", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_transcribe_command_help_documents_every_option() -> None:
    result = run("--help")
    assert result.returncode == 0
    for option in ("--language", "--model", "--json", "--batched", "--sequential"):
        assert option in result.stdout
    assert "Example: innocast transcribe" in result.stdout


@pytest.mark.slow
def test_transcribe_command_json_has_the_documented_shape(speech: SpeechFactory) -> None:
    result = run(speech(SENTENCE), "--language", "en", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"language", "duration", "model", "segments"}
    assert data["language"] == "en"
    assert data["duration"] > 2
    assert data["segments"]
    assert all(set(s) == {"start", "end", "text"} for s in data["segments"])
    text = " ".join(s["text"] for s in data["segments"]).lower()
    assert "public sector" in text


@pytest.mark.slow
def test_transcribe_command_prints_timed_lines(speech: SpeechFactory) -> None:
    result = run(speech(SENTENCE), "--language", "en", "--batched")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines
    pattern = re.compile(r"^\[\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\] \S")
    assert all(pattern.match(line) for line in lines)
    assert "Transcribing" not in result.stderr, "no progress bar when stderr is not a terminal"


def bad_inputs(folder: Path) -> list[tuple[list[str | Path], str]]:
    empty = folder / "empty.mp3"
    empty.write_bytes(b"")
    notes = folder / "notes.mp3"
    notes.write_text("Inte ljud, bara text.\n")
    noise = folder / "noise.mp3"
    noise.write_bytes(os.urandom(40_000))
    return [
        ([folder / "missing.mp3"], f"{folder / 'missing.mp3'}: no such file"),
        ([empty], f"{empty}: empty file"),
        ([notes], f"{notes}: not an audio file (ffmpeg could not decode it)"),
        ([noise], f"{noise}: not an audio file (ffmpeg could not decode it)"),
    ]


def test_transcribe_command_bad_audio_exits_1_with_one_line(tmp_path: Path) -> None:
    for args, message in bad_inputs(tmp_path):
        result = run(*args)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"Error: {message}\n"


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("./no/such/dir", f"./no/such/dir: no such model directory; {ALTERNATIVES}"),
        (
            "KBLab/kb-whisper-small",
            "KBLab/kb-whisper-small: the model is not in the local cache and the hub cannot "
            f"be reached (no network?); {ALTERNATIVES}",
        ),
    ],
)
def test_transcribe_command_bad_model_exits_1_with_one_line(
    model: str, message: str, speech: SpeechFactory
) -> None:
    result = run(speech(SENTENCE), "--model", model)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: {message}\n"


def test_transcribe_command_unknown_language_exits_1_with_one_line(
    speech: SpeechFactory,
) -> None:
    result = run(speech(SENTENCE), "--language", "klingon")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: language 'klingon': not a language code the model knows "
        "(for example sv, en, or auto)\n"
    )
