"""Show notes as safe HTML: plain text becomes paragraphs, HTML is sanitised to a small set."""

from __future__ import annotations

import html
import re

import nh3

MAX_NOTES_CHARS = 50_000
ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h3"}
_LOOKS_LIKE_HTML = re.compile(r"<(p|br|a|ul|ol|li|strong|em|b|i|div|span|h\d)\b", re.IGNORECASE)


def notes_to_html(notes: str) -> str:
    """Turn show notes into sanitised HTML.

    >>> notes_to_html("Hej & välkommen.\\n\\nAndra stycket <script>")
    '<p>Hej &amp; välkommen.</p>\\n<p>Andra stycket &lt;script&gt;</p>'
    >>> notes_to_html('<p onclick="x()">Hej <script>1</script><a href="javascript:x">l</a></p>')
    '<p>Hej <a rel="noopener noreferrer">l</a></p>'
    """
    notes = notes[:MAX_NOTES_CHARS]
    if _LOOKS_LIKE_HTML.search(notes):
        return nh3.clean(notes, tags=ALLOWED_TAGS, url_schemes={"http", "https", "mailto"},
                         link_rel="noopener noreferrer")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", notes) if p.strip()]
    return "\n".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
