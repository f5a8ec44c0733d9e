"""Cleaning untrusted text: Unicode form, invisible and control characters, whitespace, length."""

from __future__ import annotations

import html
import re
import unicodedata

# The longest title kept, of a show, an episode, a chapter, a news item or a page: what podcast
# apps show whole; longer ones are cut with an ellipsis.
MAX_TITLE_CHARS = 255
# Zero-width characters, soft hyphens and BOMs vanish; other format and control characters
# (C0, C1, bidi overrides) are never wanted in titles and bodies and are not valid in XML.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_line(text: str) -> str:
    """One line of text: NFC, no control or invisible characters, single spaces, stripped.

    >>> clean_line("  Hej\\u00a0\\u00a0där\\u200b\\x07!\\n ")
    'Hej där!'
    """
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    return " ".join(text.split())


def clean_paragraph(text: str) -> str:
    """A paragraph: each line cleaned, empty lines dropped, lines kept apart by newlines.

    >>> clean_paragraph("TID \\n  Första  träffen\\n\\n")
    'TID\\nFörsta träffen'
    """
    lines = (clean_line(line) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def bounded(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis if cut.

    >>> bounded("Kommuners innovationsförmåga blir allt viktigare.", 30)
    'Kommuners innovationsförmåga…'
    >>> bounded("Kort.", 30)
    'Kort.'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def plain_as_html(text: str) -> str:
    """Plain text escaped for a field readers render as HTML (unchanged if it holds no '<').

    >>> plain_as_html("R&D <script>x</script>"), plain_as_html("R&D")
    ('R&amp;D &lt;script&gt;x&lt;/script&gt;', 'R&D')
    """
    return html.escape(text, quote=False) if "<" in text else text
