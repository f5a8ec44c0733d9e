"""What the command line prints from outside names is one line each: a newline or a terminal
escape in a file name is written as its escape, never forging an `Error:` line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flows.errors import one_line, printable

INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _innocast(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([INNOCAST, *args], capture_output=True, text=True, timeout=120)


@given(st.text())
def test_one_line_printable_is_one_printable_line(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable() and shown == shown.strip() and "  " not in shown


@given(st.text())
def test_one_line_of_any_error_is_one_line(text: str) -> None:
    assert "\n" not in one_line(ValueError(text)) and one_line(ValueError(text))


def test_one_line_error_escapes_a_newline_in_a_file_name(tmp_path: Path) -> None:
    name = tmp_path / "a.txt\nError: forged"
    result = _innocast("ingest", "news", str(name), "--data", str(tmp_path / "data"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.count("Error:") == 2
    assert result.stderr.startswith(f"Error: {tmp_path}/a.txt\\nError: forged: ")


def test_one_line_skipped_file_with_a_newline_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tom\nError: forged.html").write_bytes(b"")
    (folder / "ok.txt").write_text("Rubrik\n\nEtt stycke om innovation i kommunen. " * 5,
                                   encoding="utf-8")
    result = _innocast("ingest", "news", str(folder), "--data", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("Error")] == []
    assert any(line.startswith(f"skipped {folder}/tom\\nError: forged.html: ") for line in lines)
