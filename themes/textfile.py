"""Reading a text file to tag: bounded size, UTF-8 with a fallback for older Windows files."""

from __future__ import annotations

import sys
from pathlib import Path

from charset_normalizer import from_bytes

from text.decoding import BOMS, WESTERN_ENCODINGS
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
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as text: a BOM, else UTF-8, else the likeliest Western encoding.

    >>> decode_text("Välkommen".encode("cp1252"), "a.txt")
    'Välkommen'
    >>> decode_text(b"PNG\\x00\\x01", "a.png")
    Traceback (most recent call last):
    ...
    themes.errors.TextInputError: a.png: binary data, not a text file
    """
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise TextInputError(f"{name}: not valid {encoding} text") from exc
    if b"\x00" in data:
        raise TextInputError(f"{name}: binary data, not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best()
        if best is None:
            raise TextInputError(f"{name}: not text in UTF-8 or a Western encoding") from None
        text = str(best)
    if _control_share(text) > 0.01:
        raise TextInputError(f"{name}: binary data, not a text file")
    return text


def _control_share(text: str) -> float:
    """The share of control characters other than tab, line feed, carriage return, form feed.

    >>> _control_share("ab\\x01c")
    0.25
    """
    if not text:
        return 0.0
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls / len(text)
