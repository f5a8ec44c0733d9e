"""One bundle of the site's search index: its pages read, their words stemmed and weighed.

A bundle is a small inverted index over a set of item pages, written as static files that
`static/search.js` fetches and ranks in the browser (`website/search.py` decides which pages go
into which bundle). In its folder:

- `entry.json`: the bundle's pages (the names of their fragment files, in page-number order),
  each page's ISO date (for hits of filters alone, newest first), its filters (`kind`,
  `theme`: the page numbers having each value), and its term shards' keys and their length.
- `terms/<key>.json`: the stems starting with the key (their first two letters, or one in a
  small bundle; the key's UTF-8 bytes in hex name the file), each with its postings, a flat
  list of page-number gaps and weights: the page's BM25 term-frequency part (k1 1.2, b 0.75, a
  fixed AVERAGE_LENGTH) times 100, rounded. The browser adds each stem's inverse document
  frequency over all bundles, so scores of pages in different bundles compare. A word of a
  page's title counts as TITLE_WEIGHT words of its text.
- `pages/<digest>.json`: one page's fragment (named by its bytes, so an unchanged page keeps its
  file): its path, title, kind, date, a short text for pages whose hits are not in a segment,
  and its segments (`seg-N`) or paragraphs (`p-N`), each with its id, time stamp and text, so a
  hit links to the moment it was said.

What a page gives the index is marked in its HTML: the element with `data-search-body` holds
it, an element with `data-search-ignore` is left out, `data-search-meta="date:..."` (as shown),
`data-search-sort="date:..."` (ISO 8601) and `data-search-filter="kind:..."` carry its date and
filters, and `data-parts` the parts of its compound words (`compound.py`), indexed where they
stand. Words are stemmed with Snowball's Swedish stemmer (`swedish_stem.py`, a port of
`snowballstemmer`'s nine times as fast); `static/stem.js` is the browser's port, and all three
must give the same stems. The browser matches a query
word's stem as a prefix of the indexed stems, as the stems of Swedish words are prefixes of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from website.errors import SearchIndexError
from website.swedish_stem import stem as swedish_stem
from website.transcript import read_segment_items

if TYPE_CHECKING:
    from lxml.html import HtmlElement

FORMAT = 1
ENTRY = "entry.json"
TERMS = "terms"
PAGES = "pages"
BODY = "data-search-body"
IGNORE = "data-search-ignore"
META = "data-search-meta"
SORT = "data-search-sort"
FILTER = "data-search-filter"
PARTS = "data-parts"
UNIT = re.compile(r"(?:seg|p)-\d{1,6}")
WORD = re.compile(r"[^\W_]+")
# A shard's stems start with the same KEY_LETTERS letters; in a small bundle (fewer postings
# than SMALL_BUNDLE) with the same first letter, so that one more page is a few dozen files.
KEY_LETTERS = 2
SMALL_BUNDLE = 50_000
TITLE_WEIGHT = 4
K1 = 1.2
B = 0.75
# BM25's typical page length, fixed rather than each bundle's mean, so that a page weighs the
# same in any bundle and the ranking does not depend on how the site is split (about the mean
# page of a site of half-hour episodes and ten times as many news items).
AVERAGE_LENGTH = 1000
# The text shown for a hit outside the page's segments or paragraphs (its notes, say).
EXCERPT_CHARACTERS = 300
# A page's HTML beyond this is not something render_site wrote.
MAX_PAGE_BYTES = 50_000_000
# Stems remembered: a site's words are far fewer than its pages' words, and most of them are
# in every bundle; bounded, since scraped text can bring any number of made-up words.
STEM_MEMORY = 500_000


@lru_cache(maxsize=STEM_MEMORY)
def stem(word: str) -> str:
    """The Swedish Snowball stem of a lower-cased word (`swedish_stem`, remembered).

    >>> stem("innovationer"), stem("arbetsgivarna"), stem("labb")
    ('innovation', 'arbetsgiv', 'labb')
    """
    return swedish_stem(word)


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, as the index and the browser cut them.

    >>> words("Ett Innovationslabb, år 2026!")
    ['ett', 'innovationslabb', 'år', '2026']
    """
    return WORD.findall(text.lower())


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Text:
    """Text met in one place of a page: what is shown, and words only indexed (compound parts)."""

    shown: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


@dataclass
class Page:
    """What one item page gives the index: where it is, what it is, and its text in units
    (segments or paragraphs: id, time stamp, text, compound parts)."""

    path: str
    date: str = ""  # as shown
    sort_date: str = ""  # ISO 8601, for ordering
    kind: str = ""
    themes: list[str] = field(default_factory=list)
    title: _Text = field(default_factory=_Text)
    other: _Text = field(default_factory=_Text)
    units: list[tuple[str, str, str, str]] = field(default_factory=list)

    def fragment(self) -> dict[str, object]:
        """What the browser shows of the page as a hit."""
        units = [[ident, _clean(stamp), _clean(text)] for ident, stamp, text, _ in self.units]
        other = _clean("".join(self.other.shown))
        return {
            "url": self.path,
            "title": _clean("".join(self.title.shown)),
            "kind": self.kind,
            "date": self.date,
            "excerpt": (other or (units[0][2] if units else ""))[:EXCERPT_CHARACTERS],
            "units": units,
        }

    def term_counts(self) -> tuple[dict[str, int], int]:
        """Each stem's count on the page, title words weighted, and the page's length."""
        body = "\n".join(
            [*self.other.shown, *self.other.parts, *(u[2] for u in self.units),
             *(u[3] for u in self.units)]
        )  # fmt: skip
        title = "\n".join([*self.title.shown, *self.title.parts])
        counts: dict[str, int] = {}
        length = 0
        for text, weight in ((body, 1), (title, TITLE_WEIGHT)):
            for word, count in Counter(words(text)).items():
                term = stem(word)
                counts[term] = counts.get(term, 0) + count * weight
                length += count * weight
        return counts, length


# Elements whose text does not run on into the next element's.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip


def read_page(site: Path, path: str) -> Page:
    """The index's view of the item page at `path`, relative to `site` and ending in index.html."""
    file = site / path
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SearchIndexError(f"{file}: cannot read the page to index ({exc})") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise SearchIndexError(f"{file}: {len(data)} bytes is too large a page to index")
    page = Page(path=path.removesuffix("index.html"))
    rest, segments = read_segment_items(data.decode("utf-8", errors="replace"))
    if not rest.strip():
        return page
    # Imported here: publishing imports this module (for index_version) also when it has
    # nothing to index, and lxml takes a tenth of a second to import.
    from lxml.html import document_fromstring

    bodies = document_fromstring(rest).xpath(f"//*[@{BODY}]")
    if bodies:
        _collect(bodies[0], page, page.other)
        page.units += segments
    return page


def _collect(node: HtmlElement, page: Page, into: _Text) -> None:
    """The text under `node` added to `into`, or to the unit or title that `node` starts."""
    if node.get(IGNORE) is not None:
        return
    meta = node.get(META, "")
    if meta.startswith("date:"):
        page.date = meta.removeprefix("date:")
    sort = node.get(SORT, "")
    if sort.startswith("date:"):
        page.sort_date = sort.removeprefix("date:")
    name, _, value = node.get(FILTER, "").partition(":")
    if name == "kind":
        page.kind = value
    elif name == "theme" and value not in page.themes:
        page.themes.append(value)
    ident = node.get("id", "")
    if into is page.other and UNIT.fullmatch(ident):
        page.units.append(_unit(node, ident))
        return
    if into is page.other and node.tag == "h1" and not page.title.shown:
        into = page.title
    if node.get(PARTS):
        into.parts.append(node.get(PARTS, ""))
    if node.text:
        into.shown.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            _collect(child, page, into)
            if child.tag in BLOCKS:
                into.shown.append(" ")
        if child.tail:
            into.shown.append(child.tail)


def _unit(node: HtmlElement, ident: str) -> tuple[str, str, str, str]:
    """A segment or paragraph: all of its text, but for the time stamp that opens a segment,
    which is shown with a hit and is not a word of it."""
    text = "".join(node.itertext())
    stamp = ""
    first = node[0] if len(node) else None
    if first is not None and not (node.text or "").strip() and first.get("class") == "stamp":
        stamp = "".join(first.itertext())
        text = text.removeprefix(stamp)
    return ident, stamp, text, node.get(PARTS, "")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def shard_key(stem_: str, letters: int = KEY_LETTERS) -> str:
    """The key of the term shard holding a stem: its first letters.

    >>> shard_key("innovation"), shard_key("å"), shard_key("innovation", 1)
    ('in', 'å', 'i')
    """
    return stem_[:letters]


def shard_file(key: str) -> str:
    """The file of a term shard, named by its key's UTF-8 bytes so that any host serves it.

    >>> shard_file("in"), shard_file("åt")
    ('terms/696e.json', 'terms/c3a574.json')
    """
    return f"{TERMS}/{key.encode('utf-8').hex()}.json"


def write_bundle(site: Path, paths: list[str], output: Path) -> int:
    """The bundle of the pages at `paths` (relative to `site`) written into `output`; the number
    of pages indexed."""
    pages = [read_page(site, path) for path in paths]
    postings: dict[str, list[int]] = {}
    for number, (counts, length) in enumerate(page.term_counts() for page in pages):
        norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
        weights: dict[int, int] = {}  # by count: most of a page's stems occur once or twice
        for term, count in counts.items():
            weight = weights.get(count)
            if weight is None:
                weight = weights[count] = max(1, round(100 * count * (K1 + 1) / (count + norm)))
            found = postings.get(term)
            if found is None:
                postings[term] = [number, weight]
            else:
                found += (number, weight)
    total = sum(len(flat) for flat in postings.values()) // 2
    letters = KEY_LETTERS if total >= SMALL_BUNDLE else 1
    shards: dict[str, dict[str, list[int]]] = {}
    for term in sorted(postings):
        flat, previous = postings[term], 0
        for position in range(0, len(flat), 2):
            flat[position], previous = flat[position] - previous, flat[position]
        shards.setdefault(shard_key(term, letters), {})[term] = flat
    (output / TERMS).mkdir(parents=True, exist_ok=True)
    (output / PAGES).mkdir(exist_ok=True)
    for key, terms in shards.items():
        (output / shard_file(key)).write_bytes(_json(terms))
    names = []
    for page in pages:
        data = _json(page.fragment())
        name = hashlib.blake2b(data, digest_size=10).hexdigest()
        (output / PAGES / f"{name}.json").write_bytes(data)
        names.append(name)
    filters: dict[str, dict[str, list[int]]] = {"kind": {}, "theme": {}}
    for number, page in enumerate(pages):
        if page.kind:
            filters["kind"].setdefault(page.kind, []).append(number)
        for theme in page.themes:
            filters["theme"].setdefault(theme, []).append(number)
    entry = {
        "format": FORMAT,
        "pages": names,
        "dates": [page.sort_date for page in pages],
        "filters": filters,
        "key_letters": letters,
        "shards": sorted(shards),
    }
    (output / ENTRY).write_bytes(_json(entry))
    return len(pages)


def main() -> None:
    """`python -m website.search_bundle SITE OUTPUT`, the pages' paths on stdin, a line each:
    write their bundle, print how many pages it holds; a SearchIndexError is one line on stderr
    and exit status 1."""
    site, output = (Path(arg) for arg in sys.argv[1:3])
    paths = sys.stdin.read().splitlines()
    try:
        print(write_bundle(site, paths, output))
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


__all__ = ["ENTRY", "FORMAT", "Page", "read_page", "shard_file", "stem", "words", "write_bundle"]

if __name__ == "__main__":
    main()
