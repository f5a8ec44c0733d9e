"""Turning bytes from outside into text: BOM, declared charset, <meta> charset, UTF-8, detection.

One decoder for pages (`decode_html`) and for text files and texts to tag (`decode_text`), and
one test for bytes that are no text at all (`looks_binary`).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# WHATWG: browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (a superset that also
# has the dashes and quotes Swedish sites use), so do the same.
_SUPERSEDED = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
# Each codec reads its byte order mark itself (utf-16 takes its endianness from it).
BOMS = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
# Encodings a Swedish text that is not UTF-8 is realistically in: detection picks among these
# only, since from all encodings it takes short Swedish texts for Cyrillic or Greek.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]
DETECT_BYTES = 200_000


def codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label, with Latin-1 read as Windows-1252; None if unknown.

    >>> codec_name("ISO-8859-1"), codec_name("utf8"), codec_name("x-bogus")
    ('cp1252', 'utf-8', None)
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _SUPERSEDED.get(name, name)


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """Decode HTML bytes: BOM, then the HTTP charset, the <meta> charset, UTF-8, detection.

    >>> decode_html("<p>Hälsa</p>".encode("cp1252"), "iso-8859-1")
    '<p>Hälsa</p>'
    >>> decode_html("<p>Hälsa</p>".encode())
    '<p>Hälsa</p>'
    """
    if (name := _bom_codec(data)) is not None:
        return data.decode(name, errors="replace")
    meta = _META_CHARSET.search(data[:4096])
    candidates = [
        codec_name(declared_charset),
        codec_name(meta.group(1).decode("ascii")) if meta else None,
        "utf-8",
    ]
    for name in candidates:
        if name is None:
            continue
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    return decode_undeclared(data)


def decode_undeclared(data: bytes) -> str:
    """Decode bytes of unknown Western encoding with charset-normalizer, else as Windows-1252.

    >>> decode_undeclared("<p>Välkommen till mötet på fredag.</p>".encode("cp1252"))
    '<p>Välkommen till mötet på fredag.</p>'
    """
    best = charset_normalizer.from_bytes(data[:DETECT_BYTES], cp_isolation=WESTERN_ENCODINGS).best()
    name = codec_name(best.encoding) if best is not None else None
    return data.decode(name or "cp1252", errors="replace")


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes: a BOM, else UTF-8, else the likeliest Western encoding.

    >>> decode_text("Välkommen".encode("cp1252")), decode_text("\ufeffHej".encode())
    ('Välkommen', 'Hej')
    """
    if (name := _bom_codec(data)) is not None:
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_undeclared(data)


def looks_binary(data: bytes, text: str) -> bool:
    """Whether bytes decoded as `text` were no text: NUL bytes without a UTF-16 BOM, or over 1%
    control characters other than tab, line feed, carriage return and form feed.

    >>> looks_binary(b"PNG\\x00\\x01", "PNG\\x00\\x01"), looks_binary(b"Hej", "Hej")
    (True, False)
    """
    if b"\x00" in data and _bom_codec(data) != "utf-16":
        return True
    if not text:
        return False
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls / len(text) > 0.01


def _bom_codec(data: bytes) -> str | None:
    """The codec a byte order mark at the start of `data` names, if any."""
    return next((name for bom, name in BOMS.items() if data.startswith(bom)), None)
