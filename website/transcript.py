"""An episode page's transcript: its segments as list items, built in Python.

The transcript is nearly all of an episode page (400 segments for a half-hour episode) and
nearly all of rendering's time; as a Jinja loop each segment cost seven autoescaped outputs and
as many filter calls, so the items are built here, one string per segment, each value escaped
by MarkupSafe as the template escaped it (the same bytes the template wrote).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from website.compound import compound_parts
from website.timestamp import format_timestamp

if TYPE_CHECKING:
    # Only named: the search index reads items back (read_segment_items) without the model.
    from website.model import SegmentView

# Text cut to the bound for its kind ("segment", "title"): `render.clip`.
Clip = Callable[[str | None, str], str]


def segment_items(segments: Iterable[SegmentView], clip: Clip) -> Markup:
    """Each segment as the `<li>` of the transcript's list, one a line: its id, times and
    link to its moment in the audio, its speaker and text, and the parts of its compound words
    for search (`compound.compound_parts`).

    >>> from website.model import SegmentView
    >>> def clip(text, kind): return text or ""
    >>> print(segment_items([SegmentView(3, 83.6, 88.0, "Ett innovationslabb & mer")], clip))
    <li id="seg-3" tabindex="-1" data-start="83.60" data-end="88.00" \
data-parts="innovation labb"><a class="stamp" href="#t=83.60">01:23</a> Ett innovationslabb \
&amp; mer</li>
    <BLANKLINE>
    """
    rows = []
    for segment in segments:
        text = clip(segment.text, "segment")
        parts = compound_parts(text)
        start = f"{segment.start:.2f}"
        index_attrs = f' data-parts="{escape(parts)}"' if parts else ""
        speaker = (
            f'<span class="speaker">{escape(clip(segment.speaker, "title"))}:</span> '
            if segment.speaker
            else ""
        )
        rows.append(
            f'<li id="seg-{segment.index:d}" tabindex="-1" data-start="{start}" '
            f'data-end="{segment.end:.2f}"{index_attrs}><a class="stamp" href="#t={start}">'
            f"{format_timestamp(segment.start)}</a> {speaker}{escape(text)}</li>\n"
        )
    return Markup("".join(rows))  # every value in it escaped above


# One item as segment_items writes it: every value in it is escaped, so no "<" is in a value.
ITEM = re.compile(
    r'<li id="(seg-\d{1,6})" tabindex="-1" data-start="[^"<]*" data-end="[^"<]*"'
    r'(?: data-parts="([^"<]*)")?><a class="stamp" href="[^"<]*">([^<]*)</a> '
    r'(?:<span class="speaker">([^<]*)</span> )?([^<]*)</li>\n'
)
LIST = re.compile(r'<ol class="segments">\n(.*?)</ol>', re.DOTALL)


def read_segment_items(page: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    r"""The page without its transcript's items, and each item as the search index reads it:
    its id, time stamp, text (after the speaker's name) and compound parts.

    The transcript is nearly all of an episode page, and reading its items back with this
    pattern is many times quicker than walking them in a parsed tree. Only items in the exact
    form `segment_items` writes are read; anything else is left in the page.

    >>> from website.model import SegmentView
    >>> def clip(text, kind): return text or ""
    >>> items = segment_items([SegmentView(3, 83.6, 88.0, 'Ett "labb" & mer', "Anna")], clip)
    >>> rest, found = read_segment_items(f'<ol class="segments">\n{items}</ol>')
    >>> rest, found
    ('<ol class="segments">\n</ol>', [('seg-3', '01:23', 'Anna: Ett "labb" & mer', '')])
    """
    found: list[tuple[str, str, str, str]] = []

    def take(listing: re.Match[str]) -> str:
        rest = ITEM.sub(lambda item: _read(item, found), listing[1])
        return f'<ol class="segments">\n{rest}</ol>'

    return LIST.sub(take, page), found


def _read(item: re.Match[str], found: list[tuple[str, str, str, str]]) -> str:
    ident, parts, stamp, speaker, text = item.groups()
    said = f"{speaker} {text}" if speaker is not None else text
    found.append((ident, html.unescape(stamp), html.unescape(said), html.unescape(parts or "")))
    return ""


__all__ = ["read_segment_items", "segment_items"]
