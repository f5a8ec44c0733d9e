"""Reading the text to tag: encodings, binary data, missing files."""

from __future__ import annotations

from pathlib import Path

import pytest

from themes import TextInputError, read_text_file

SWEDISH = "Kompetensutveckling för äldreomsorgens medarbetare – en satsning på lärande."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_textfile_reads_common_encodings(tmp_path: Path, encoding: str) -> None:
    text = SWEDISH if encoding != "latin-1" else SWEDISH.replace("–", "-")
    path = tmp_path / "nyhet.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text_file(path) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not a text file"),
        (bytes(range(1, 32)) * 20, "binary data, not a text file"),
    ],
)
def test_textfile_binary_data_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bild.txt"
    path.write_bytes(data)
    with pytest.raises(TextInputError, match=f"^{path}: {message}$"):
        read_text_file(path)


def test_textfile_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "saknas.txt"
    with pytest.raises(TextInputError, match=f"^{path}: no such file$"):
        read_text_file(path)
