"""An HTML element's readable text as paragraphs, the way a browser lays it out.

Block elements (p, headings, table cells...) start new paragraphs, <br> starts a new line, and
source whitespace is only a space. A list becomes one paragraph of "• item" lines (nested lists
flattened). The walk is iterative, so a deeply nested page cannot exhaust the stack.
"""

from __future__ import annotations

import re
from enum import Enum

from bs4 import NavigableString, Tag

from text.cleaning import clean_paragraph

BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
     "html", "legend", "main", "p", "pre", "section", "summary", "table", "tbody", "td",
     "tfoot", "th", "thead", "tr", "center"}
)  # fmt: skip
LIST_TAGS = frozenset({"ul", "ol"})
BULLET = "• "
_SOURCE_SPACE = re.compile(r"[\t\n\r\f\v]")


class _Mark(Enum):
    """Things to do when the walk leaves an element."""

    END_BLOCK = 1
    END_LIST = 2


def paragraphs(root: Tag, *, limit: int) -> list[str]:
    """The paragraphs of `root`'s text, stopping once about `limit` characters are collected."""
    out: list[str] = []
    buffer: list[str] = []
    size = 0
    list_depth = 0

    def flush() -> None:
        nonlocal size
        text = clean_paragraph("".join(buffer))
        buffer.clear()
        if text:
            out.append(text)
            size += len(text)

    stack: list[object] = [root]
    while stack and size < limit:
        node = stack.pop()
        if node is _Mark.END_BLOCK:
            flush()
        elif node is _Mark.END_LIST:
            list_depth -= 1
            if list_depth == 0:
                flush()
        elif type(node) is NavigableString:
            buffer.append(_SOURCE_SPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            if node.name == "br":
                buffer.append("\n")
                continue
            if node.name in LIST_TAGS:
                if list_depth == 0:
                    flush()
                list_depth += 1
                stack.append(_Mark.END_LIST)
            elif node.name == "li":
                buffer.append("\n" + BULLET)
            elif node.name in BLOCK_TAGS:
                if list_depth:
                    # A block inside a list item: a new line, unless the item has just begun.
                    if not "".join(buffer[-2:]).rstrip().endswith(BULLET.strip()):
                        buffer.append("\n")
                else:
                    flush()
                    stack.append(_Mark.END_BLOCK)
            stack.extend(reversed(node.contents))
    flush()
    return out
