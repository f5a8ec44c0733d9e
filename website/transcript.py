"""An episode page's transcript: its segments as list items, built in Python.

The transcript is nearly all of an episode page (400 segments for a half-hour episode) and
nearly all of rendering's time; as a Jinja loop each segment cost seven autoescaped outputs and
as many filter calls, so the items are built here, one string per segment, each value escaped
by MarkupSafe as the template escaped it (the same bytes the template wrote).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from website.compound import compound_parts
from website.model import SegmentView
from website.timestamp import format_timestamp

# Text cut to the bound for its kind ("segment", "title"): `render.clip`.
Clip = Callable[[str | None, str], str]


def segment_items(segments: Iterable[SegmentView], clip: Clip) -> Markup:
    """Each segment as the `<li>` of the transcript's list, one a line: its id, times and
    link to its moment in the audio, its speaker and text, and the parts of its compound words
    for search (`compound.compound_parts`).

    >>> def clip(text, kind): return text or ""
    >>> print(segment_items([SegmentView(3, 83.6, 88.0, "Ett innovationslabb & mer")], clip))
    <li id="seg-3" tabindex="-1" data-start="83.60" data-end="88.00" \
data-pagefind-index-attrs="data-parts" data-parts="innovation labb"><a class="stamp" \
href="#t=83.60">01:23</a> Ett innovationslabb &amp; mer</li>
    <BLANKLINE>
    """
    rows = []
    for segment in segments:
        text = clip(segment.text, "segment")
        parts = compound_parts(text)
        start = f"{segment.start:.2f}"
        index_attrs = (
            f' data-pagefind-index-attrs="data-parts" data-parts="{escape(parts)}"'
            if parts
            else ""
        )
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


__all__ = ["segment_items"]
