"""The hostile-input corpus (hostile/cases.toml) through the real `innocast` command.

Each case prints one line, `[hostile] ID: THREAT -> OUTCOME`, so a test run shows what every
hostile input did. Command-line cases run one command each; publication cases share one run of
a show whose every field is hostile (hostile/show.toml), then one corrected transcript and one
publish, and look at every page and both feeds.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from demo import DEMO_DIR
from tests.safety.conftest import INNOCAST, Innocast
from tests.safety.markup import findings

HOSTILE = Path(__file__).parent / "hostile"
CASES: list[dict[str, Any]] = tomllib.loads((HOSTILE / "cases.toml").read_text("utf-8"))["case"]
CLI_CASES = [case for case in CASES if case["via"] == "cli"]
PUBLICATION_CASES = [case for case in CASES if case["via"] == "publication"]
LONG_TITLE = "Innovation " * 10_000
# The longest run of the over-long title any published file may hold.
TITLE_BOUND = 1_000
TEXT_SUFFIXES = {".html", ".xml", ".vtt", ".srt", ".json", ".txt"}


def report(capsys: pytest.CaptureFixture[str], case: dict[str, Any], outcome: str) -> None:
    """Print the case and what happened, past pytest's capture."""
    with capsys.disabled():
        print(f"\n[hostile] {case['id']}: {case['threat']} -> {outcome}", end="")


def _wav(path: Path, rate: int, channels: int = 1) -> Path:
    """A PCM WAV whose header says `rate` and `channels`, with 1600 bytes of silence."""
    data = b"\0" * 1600
    block = (channels * 2) & 0xFFFF
    header = (
        b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, rate, (rate * block) & 0xFFFFFFFF, block, 16)
        + b"data" + struct.pack("<I", len(data))
    )
    path.write_bytes(header + data)
    return path


@pytest.fixture(scope="session")
def silence_7h(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven hours of silence at 1 kHz as FLAC: about 2 MB that decode to 25 200 s."""
    path = tmp_path_factory.mktemp("silence") / "silence-7h.flac"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=1000:cl=mono", "-t", "25200",
         "-c:a", "flac", str(path)],
        check=True,
    )
    return path


def _made(case: dict[str, Any], tmp_path: Path, speech, silence_7h: Path,
          innocast: Innocast) -> Path | None:
    make = case.get("make")
    if make == "speech":
        return speech("Innovation in the public sector.")
    if make == "silence-7h":
        return silence_7h
    if make == "wav-rate-1":
        return _wav(tmp_path / "rate-1.wav", 1)
    if make == "wav-rate-4g":
        return _wav(tmp_path / "rate-4g.wav", 4_000_000_000)
    if make == "wav-channels":
        return _wav(tmp_path / "channels.wav", 8000, channels=65535)
    if make == "episode-x":
        audio = speech("Innovation in the public sector.")
        done = innocast("ingest", "episode", audio, "--id", "x", "--title", "x",
                        "--data", tmp_path / "data")
        assert done.returncode == 0, done.stderr
        return None
    assert make is None, f"unknown make {make!r}"
    return None


def _named(folder: Path, part: str | None) -> set[Path]:
    """The paths under `folder` whose names contain `part` (none if no part is given)."""
    return {p for p in folder.rglob("*") if part in p.name} if part else set()


@pytest.mark.parametrize("case", CLI_CASES, ids=[case["id"] for case in CLI_CASES])
def test_hostile_cli_case(
    case: dict[str, Any], tmp_path: Path, innocast: Innocast, speech, silence_7h: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    made = _made(case, tmp_path, speech, silence_7h, innocast)
    argv = [arg.format(hostile=HOSTILE, tmp=tmp_path, data=tmp_path / "data", made=made)
            for arg in case["argv"]]
    # Other tests of the session may name their own files "outside": only new ones count.
    named_outside = _named(tmp_path.parent, case.get("outside"))
    done = innocast(*argv, cwd=work, timeout=180)
    output = done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    lines = (done.stdout + "\n" + done.stderr).strip().splitlines() or ["(no output)"]
    outcome = errors[0] if errors else lines[-1]
    report(capsys, case, f"exit {done.returncode}: {outcome[:160]}")

    assert "Traceback" not in output, output
    if case["expect"] == "error":
        # 1 for a bad input, 2 for a bad option value (click's usage error).
        assert done.returncode in (1, 2), output
        assert len(errors) == 1 and re.search(case["message"], errors[0]), output
    else:
        assert done.returncode == 0, output
    if "absent" in case:
        assert case["absent"] not in output
    if "outside" in case:
        # Only the data folder and the scratch folder may hold anything the command wrote.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "work"]
        assert _named(tmp_path.parent, case["outside"]) == named_outside
        assert list(work.iterdir()) == []


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory, prefect_env: dict[str, str], speech
) -> Path:
    """The hostile show run, its episode's transcript replaced, and published; the output."""
    root = tmp_path_factory.mktemp("hostile-show")
    show, out, data = root / "show", root / "site" / "public", root / "data"
    (show / "news").mkdir(parents=True)
    config = (HOSTILE / "show.toml").read_text("utf-8").replace("LONGTITLE", LONG_TITLE)
    (show / "innocast.toml").write_text(config, encoding="utf-8")
    shutil.copy(DEMO_DIR / "cover.jpg", show / "cover.jpg")
    shutil.copy(speech("Innovation in the public sector, episode one."), show / "one.wav")
    shutil.copy(speech("Collaboration and service design, episode two."), show / "two.wav")
    for name in ("scraped.html", "markup-title.txt"):
        shutil.copy(HOSTILE / name, show / "news" / name)
    (show / "news" / "<img src=x onerror=alert('file-name')>.txt").write_text(
        "Innovation i kommunen\n\nEn nyhet om tjänstedesign och samverkan.\n", encoding="utf-8"
    )

    def innocast(*args: str | Path) -> None:
        done = subprocess.run(
            [str(INNOCAST), *map(str, args)],
            env=prefect_env, capture_output=True, text=True, timeout=600, cwd=root,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr

    innocast("run", "--config", show / "innocast.toml", "--out", out, "--data", data)
    innocast("transcript", "set", "escape-by-id", HOSTILE / "script.vtt", "--data", data)
    innocast("publish", "--config", show / "innocast.toml", "--out", out, "--data", data)
    return out


def _texts(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): path.read_text("utf-8")
        for path in sorted(out.rglob("*"))
        if path.suffix in TEXT_SUFFIXES
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", PUBLICATION_CASES, ids=[c["id"] for c in PUBLICATION_CASES])
def test_hostile_publication_case(
    case: dict[str, Any], hostile_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = case["marker"]
    found = [line for line in findings(hostile_site) if marker in line]
    if marker == "LONGTITLE":
        longest = max(_longest_run(text) for text in _texts(hostile_site).values())
        report(capsys, case, f"longest run of the title in any file: {longest} characters")
        assert 0 < longest <= TITLE_BOUND
        return
    shown = [name for name, text in _texts(hostile_site).items() if marker in text]
    outcome = (f"executable in {found}" if found else
               f"shown as text in {len(shown)} files" if shown else "removed")
    report(capsys, case, outcome)
    assert found == []
    if marker == "escape-by-id":
        # The id becomes a slug inside the output; nothing is written beside it.
        assert (hostile_site / "episodes" / "escape-by-id" / "index.html").is_file()
        assert [p.name for p in hostile_site.parent.iterdir()] == ["public"]


@pytest.mark.slow
def test_hostile_publication_has_no_executable_markup_at_all(hostile_site: Path) -> None:
    assert findings(hostile_site) == []


def _longest_run(text: str) -> int:
    runs = re.findall(r"(?:Innovation ){2,}", text)
    return max((len(run) for run in runs), default=0)
