"""Blocks of the article that trafilatura dropped, put back where they stood on the page.

trafilatura keeps the article's paragraphs but drops some of its short blocks: subheadings in
Sitevision portlets, a lead in a Drupal field, a "Läs mer" link line, an event's "Datum:" line.
innocast reads the page's blocks itself too (`news.layout`, `news.blocks`); a block of its own
reading that sits between the title and the last paragraph trafilatura kept, and that is no
caption, is put back in its place. What comes after trafilatura's last paragraph (share links,
contact boxes, footers) is never put back.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from news.blocks import BULLET
from text.cleaning import clean_line

_CAPTION_ROOTS = ("caption", "bildtext", "bildtexte")
_CREDIT = re.compile(r"^(?:foto|bild|fotograf|illustration|photo)\s*:", re.IGNORECASE)


def key(text: str) -> str:
    """A block compared without case, bullets or spacing.

    >>> key("• Läs  mer\\nom DIGAD")
    'läs mer om digad'
    """
    return " ".join(text.replace(BULLET, " ").split()).casefold()


def captions(soup: BeautifulSoup) -> frozenset[str]:
    """The keys of the photo captions on a page (figcaption, "caption" and "bildtext" classes)."""
    found = {key(tag.get_text(" ")) for tag in soup.find_all("figcaption")}
    for tag in soup.find_all(class_=True):
        names = " ".join(tag.get_attribute_list("class")).lower()
        if any(root in names for root in _CAPTION_ROOTS):
            found.add(key(tag.get_text(" ")))
    return frozenset(text for text in found if text)


def is_caption(text: str, known: frozenset[str]) -> bool:
    """Say whether a block is a photo caption or a photo credit ("Foto: Anna Berg").

    >>> is_caption("Foto: Anna Berg", frozenset()), is_caption("Nytt labb.", frozenset())
    (True, False)
    """
    return key(text) in known or bool(_CREDIT.match(clean_line(text)))


def merged(kept: list[str], page_blocks: list[str], title: str, known: frozenset[str]) -> list[str]:
    """trafilatura's paragraphs, split as the page splits them, with the blocks it dropped.

    Each kept paragraph is found among the page's blocks after the previous one: as one block,
    as a run of blocks trafilatura joined (a paragraph and its heading on a bare page), or
    inside a block. Blocks passed over between two found ones are put back.
    """
    keys = [key(block) for block in page_blocks]
    title_key = key(title)
    cursor = next((n for n, block in enumerate(keys) if block == title_key), -1)
    out: list[str] = []
    for paragraph in kept:
        wanted = key(paragraph)
        found = None if wanted == title_key else _find(wanted, keys, cursor)
        if found is None and cursor >= 0 and wanted.startswith(title_key):
            found = _find(wanted, keys, cursor - 1)  # the title and text joined, on a bare page
        if found is None:
            out.append(paragraph)
            continue
        first, last, whole = found
        out.extend(
            page_blocks[n]
            for n in range(cursor + 1, first)
            if keys[n] != title_key and not is_caption(page_blocks[n], known)
        )
        out.extend(page_blocks[first : last + 1] if whole else [paragraph])
        cursor = last
    return out


def _find(wanted: str, keys: list[str], cursor: int) -> tuple[int, int, bool] | None:
    """Where after `cursor` a paragraph is: (first block, last block, made of whole blocks)."""
    if not wanted:
        return None
    for first in range(cursor + 1, len(keys)):
        if keys[first] == wanted:
            return first, first, True
    for first in range(cursor + 1, len(keys)):
        if keys[first] and wanted.startswith(keys[first]):
            joined = keys[first]
            for last in range(first + 1, len(keys)):
                joined = f"{joined} {keys[last]}" if keys[last] else joined
                if joined == wanted:
                    return first, last, True
                if not wanted.startswith(joined):
                    break
    for first in range(cursor + 1, len(keys)):
        # Inside a block only if it is most of it: a title also turns up in sentences.
        if wanted in keys[first] and 2 * len(wanted) >= len(keys[first]):
            return first, first, False
    return None
