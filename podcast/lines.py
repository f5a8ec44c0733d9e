"""One line of untrusted text as feeds, chapters and imported shows carry it."""

from __future__ import annotations


def clean_line(text: str, limit: int) -> str:
    """Untrusted text as one printable line of at most `limit` characters.

    >>> clean_line("  Avsnitt\\x00 1:\\n innovation ", 100)
    'Avsnitt 1: innovation'
    >>> clean_line("a" * 10, 5)
    'aaaa…'
    """
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
