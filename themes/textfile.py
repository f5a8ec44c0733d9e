"""Reading a text file to tag: bounded size, decoded by `text.decoding`, binary data refused."""

from __future__ import annotations

import sys
from pathlib import Path

from text.decoding import decode_text, looks_binary
from themes.errors import TextInputError

# Larger than any news item or transcript; refuses to read a disk image by mistake.
MAX_BYTES = 20_000_000


def read_text_file(path: str | Path) -> str:
    """Read a text file (`-` for standard input) and return its text; TextInputError if not text."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            name = "<stdin>"
        else:
            with Path(path).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise TextInputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise TextInputError(f"{name}: is a directory, not a text file") from exc
    except OSError as exc:
        raise TextInputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise TextInputError(f"{name}: larger than {MAX_BYTES // 1_000_000} MB, not a text to tag")
    text = decode_text(data)
    if looks_binary(data, text):
        raise TextInputError(f"{name}: binary data, not a text file")
    return text
