"""Fixtures shared by every test folder: real speech made with espeak-ng, small files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

# No network here: Prefect's telemetry would only log errors. Set before Prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

SpeechFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> SpeechFactory:
    """Return a function that speaks a text with espeak-ng into a WAV file (cached per text)."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run `make test`, which installs it")
    folder = tmp_path_factory.mktemp("speech")

    def make(text: str, voice: str = "en", speed: int = 150) -> Path:
        key = hashlib.sha256(f"{voice}|{speed}|{text}".encode()).hexdigest()[:16]
        path = folder / f"{key}.wav"
        if not path.exists():
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text],
                check=True,
                capture_output=True,
            )
        return path

    return make
