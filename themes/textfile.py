"""Reading a text file to tag: bounded size, decoded by `text.decoding`, binary data refused."""

from __future__ import annotations

import sys
from pathlib import Path

from innocast.files import FileReadError, FileTooLargeError, read_bounded, size_text
from text.decoding import decode_text, looks_binary
from themes.errors import TextInputError

# Larger than any news item or transcript; refuses to read a disk image by mistake.
MAX_BYTES = 20_000_000


def read_text_file(path: str | Path) -> str:
    """Read a text file (`-` for standard input) and return its text; TextInputError if not text."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
        if len(data) > MAX_BYTES:
            raise TextInputError(f"{name}: larger than {size_text(MAX_BYTES)}, not a text to tag")
    else:
        if Path(path).is_dir():
            raise TextInputError(f"{name}: is a directory, not a text file")
        try:
            data = read_bounded(Path(path), MAX_BYTES)
        except FileTooLargeError as exc:
            raise TextInputError(
                f"{name}: larger than {size_text(MAX_BYTES)}, not a text to tag"
            ) from exc
        except FileReadError as exc:
            raise TextInputError(f"{name}: {exc.reason}") from exc
    text = decode_text(data)
    if looks_binary(data, text):
        raise TextInputError(f"{name}: binary data, not a text file")
    return text
