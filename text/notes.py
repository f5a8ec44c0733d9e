"""Show notes as safe HTML: plain text becomes paragraphs, HTML is sanitised by one set of rules
(one allow-list), so the feed and the pages get the same notes."""

from __future__ import annotations

import html
import re

import nh3

MAX_NOTES_CHARS = 20_000
NOTES_TAGS = {
    "p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i", "blockquote", "code", "pre",
    "h2", "h3", "h4",
}
NOTES_ATTRIBUTES = {"a": {"href", "title"}}
NOTES_URL_SCHEMES = {"http", "https", "mailto"}
# XML 1.0 cannot carry these at all; lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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


def sanitise_notes(html: str, link_rel: str = "noopener noreferrer") -> str:
    """Show notes reduced to safe HTML: a few tags, web links only, bounded in size.

    >>> sanitise_notes('<p onclick="x()">Hej <script>alert(1)</script><b>du</b></p>')
    '<p>Hej <b>du</b></p>'
    >>> sanitise_notes('<a href="javascript:alert(1)">länk</a>')
    '<a rel="noopener noreferrer">länk</a>'
    """
    cleaned = nh3.clean(
        _NOT_XML.sub("", html[:MAX_NOTES_CHARS]),
        tags=NOTES_TAGS,
        attributes=NOTES_ATTRIBUTES,
        url_schemes=NOTES_URL_SCHEMES,
        link_rel=link_rel,
    )
    return cleaned.strip()
