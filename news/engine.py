"""The article text as trafilatura finds it: paragraphs, headings, lists and links, in order.

trafilatura (with its fallbacks jusText and readability) decides which part of a page is the
article; this module only turns its XML into innocast's paragraphs ("• " lines for a list, one
paragraph per heading) and collects the links it kept. innocast's own Swedish rules then clean
the result (`news.furniture`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from news.blocks import BULLET
from news.dates import parse_iso_date
from text.cleaning import clean_paragraph

# trafilatura logs pages it finds no article in; for innocast that is a result, not a warning.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
_BLOCKS = frozenset({"p", "head", "quote", "code", "list", "table"})
# Line breaks in the page's source are spaces; only <br> (trafilatura's <lb/>) breaks a line.
_SOURCE_SPACE = re.compile(r"[\t\n\r\f\v]")


@dataclass(frozen=True)
class EngineText:
    """What trafilatura kept of a page."""

    paragraphs: list[str]
    headings: frozenset[str]
    links: list[str]
    title: str
    published: date | None


def engine_text(html: str, *, url: str | None) -> EngineText | None:
    """The article's paragraphs by trafilatura, or None if it finds no article on the page."""
    # Imported here: only pages need it, and it takes a third of a second to import.
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_links=True,
            deduplicate=False,
            # htmldate's extensive search hands text to dateparser: seconds per page, and the
            # labelled Swedish dates are innocast's own to find.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, etree.LxmlError):
        return None  # a page its parser cannot take; the caller falls back to its own reading
    if document is None or document.body is None:
        return None
    paragraphs: list[str] = []
    headings: set[str] = set()
    links: list[str] = []
    for block in document.body:
        if not isinstance(block.tag, str) or block.tag not in _BLOCKS:
            continue
        text = clean_paragraph(_text(block))
        if text:
            paragraphs.append(text)
            if block.tag == "head":
                headings.add(text)
        links.extend(str(ref.get("target")) for ref in block.iter("ref") if ref.get("target"))
    published = parse_iso_date(document.date) if document.date else None
    return EngineText(paragraphs, frozenset(headings), links, document.title or "", published)


def _text(block: etree._Element) -> str:
    """A block's text with line breaks kept: a list's items and table rows become lines."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.tag == "lb":
            parts.append("\n")
        elif element.tag == "item":
            parts.append("\n" + BULLET)
        elif element.tag in ("row", "head") and element is not block:
            parts.append("\n")
        elif element.tag == "cell" and parts and not parts[-1].endswith("\n"):
            parts.append(" ")
        if element.text:
            parts.append(_SOURCE_SPACE.sub(" ", element.text))
        for child in element:
            walk(child)
            if child.tail:
                parts.append(_SOURCE_SPACE.sub(" ", child.tail))

    walk(block)
    return "".join(parts)
