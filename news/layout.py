"""Where on a page the article is: the densest block of paragraphs, widened to what holds it.

innocast's own reading of a page, beside trafilatura's: the blocks it finds put back what
trafilatura drops (`news.recovery`), and stand in when trafilatura finds nothing.

Both walks are iterative and linear in the page, so deep or huge pages cost no more than their size.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

_PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "td"})
# Widening the content block: how far up, and how much more text the parent must hold.
_MAX_CLIMB = 12
_WIDEN_RATIO = 1.15


def content_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article, with its heading and dateline.

    The densest block of paragraphs, widened to its <article> or <main>, or else over sibling
    blocks that hold more of the text.
    """
    body = soup.body or soup
    scores: dict[int, tuple[float, Tag]] = {}
    lengths = _paragraph_lengths(body)
    for paragraph, length in lengths:
        holders = (paragraph.parent, paragraph.parent and paragraph.parent.parent)
        for weight, holder in zip((1.0, 0.5), holders, strict=True):
            if isinstance(holder, Tag):
                total, _ = scores.get(id(holder), (0.0, holder))
                scores[id(holder)] = (total + weight * length, holder)
    if not scores:
        return body.find("article") or body.find("main") or body
    _, best = max(scores.values(), key=lambda pair: pair[0])
    if best.name in ("article", "main"):
        return best
    return best.find_parent(["article", "main"]) or _widened(best, lengths, body)


def _widened(best: Tag, lengths: list[tuple[Tag, float]], body: Tag) -> Tag:
    """The highest near ancestor of `best` that holds clearly more paragraph text.

    Pages built of many boxes (Sitevision portlets) spread one article over sibling blocks.
    """
    totals: dict[int, float] = {}
    for paragraph, length in lengths:
        node = paragraph.parent
        for _ in range(_MAX_CLIMB):
            if node is None:
                break
            totals[id(node)] = totals.get(id(node), 0.0) + max(length, 0.0)
            node = node.parent
    chosen = node = best
    for _ in range(_MAX_CLIMB):
        node = node.parent
        if not isinstance(node, Tag) or node is body or node.name in ("html", "body"):
            break
        # Wrappers that add nothing are passed through; one that adds text is taken.
        if totals.get(id(node), 0.0) >= _WIDEN_RATIO * totals.get(id(chosen), 0.0):
            chosen = node
    return chosen


def _paragraph_lengths(body: Tag) -> list[tuple[Tag, float]]:
    """Each paragraph-like element with its text length, link text counted against it.

    One walk that gives each piece of text to its nearest paragraph, so nesting costs nothing.
    """
    totals: dict[int, tuple[Tag, list[float]]] = {}
    stack: list[tuple[Tag, Tag | None, bool]] = [(body, None, False)]
    while stack:
        node, paragraph, in_link = stack.pop()
        for child in node.children:
            if isinstance(child, Tag):
                nearest = child if child.name in _PARAGRAPH_TAGS else paragraph
                stack.append((child, nearest, in_link or child.name == "a"))
            elif paragraph is not None and type(child) is NavigableString:
                _, total = totals.setdefault(id(paragraph), (paragraph, [0.0]))
                size = len(child.strip())
                total[0] += -2 * size if in_link else size
    return [(tag, total[0]) for tag, total in totals.values() if total[0] >= 25]
