"""Show notes as safe HTML: plain text becomes paragraphs, HTML is sanitised by the feed's rules
(`podcast.feed.sanitise_notes`), so the feed and the pages get the same notes."""

from __future__ import annotations

import html
import re

from podcast.feed import MAX_NOTES_CHARS, sanitise_notes

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
        return sanitise_notes(notes)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", notes) if p.strip()]
    return "\n".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
    )
