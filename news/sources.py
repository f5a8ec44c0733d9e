"""Reading articles from where they live: a page URL, an RSS or Atom feed, files, a folder.

Feeds are parsed from bytes fetched here (feedparser never fetches anything itself) and each
entry is followed to its page. A news listing page (`news.listing`), fetched or a local file,
is followed to its articles on the same site, at most `max_articles` of them. Inside a batch
(a feed's entries, a listing's links, a folder's files) a failed item becomes a `Skipped` and
the batch goes on; a single source that fails raises.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import defusedxml.ElementTree
import feedparser
import httpx
from defusedxml import DefusedXmlException

from fetching import DEFAULT_TIMEOUT, Fetched, FetchError, fetch, names_url
from innocast.files import FileReadError, read_bounded
from news.article import Article
from news.errors import EmptyPageError, NewsError, NewsSourceError, NotAFeedError, NotHTMLError
from news.extract import MAX_HTML_BYTES, extract_html, extract_text
from news.listing import article_links
from news.urls import absolute_url
from text.decoding import decode_html, decode_text

MAX_FEED_ENTRIES = 200
MAX_LISTING_ARTICLES = 50
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
     "text/xml", "application/x-rss+xml"}
)  # fmt: skip
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Skipped:
    """An item of a batch that could not be read, and why (one line naming it)."""

    source: str
    reason: str


def read_articles(
    source: str,
    *,
    allow_private: bool = False,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_articles: int = MAX_LISTING_ARTICLES,
) -> Iterator[Article | Skipped]:
    """Articles from a page, listing or feed URL, a local .html/.htm/.txt or feed file, a folder.

    A listing page gives the articles it links to, the first `max_articles` of them; each
    fetch (the source, each entry's page) may take `timeout` seconds in all.
    """
    reader = _Reader(
        allow_private=allow_private, client=client, timeout=timeout, max_articles=max_articles
    )
    if names_url(source):
        # fetch() refuses every scheme but http(s), with a one-line error naming the URL.
        yield from reader.url(source)
        return
    path = Path(source)
    if path.is_dir():
        yield from reader.folder(path)
    elif os.path.lexists(path):
        # Not only regular files: the reader refuses a device or a FIFO by name.
        yield from reader.file(path)
    else:
        raise NewsSourceError(f"{source}: no such file or folder")


class _Reader:
    """Reads sources with one fetching configuration."""

    def __init__(
        self,
        *,
        allow_private: bool,
        client: httpx.Client | None,
        timeout: float,
        max_articles: int,
    ) -> None:
        self.allow_private = allow_private
        self.client = client
        self.timeout = timeout
        self.max_articles = max_articles

    def fetch(self, url: str) -> Fetched:
        fetched = fetch(
            url,
            accept=ACCEPT,
            allow_private=self.allow_private,
            client=self.client,
            timeout=self.timeout,
        )
        if not fetched.content.strip():
            raise EmptyPageError(f"{url}: the page is empty")
        return fetched

    def url(self, url: str) -> Iterator[Article | Skipped]:
        """A page URL gives its article; a feed or listing URL, the article of each entry."""
        fetched = self.fetch(url)
        if _is_feed(fetched.content_type, fetched.content):
            yield from self.feed(fetched.content, source=url, base=fetched.final_url)
            return
        links = []
        if fetched.content_type != "text/plain":
            page = decode_html(fetched.content, fetched.charset)
            links = article_links(page, url=fetched.final_url, limit=self.max_articles)
        if links:
            yield from self.listing(links)
        else:
            yield self.page(fetched, source=url)

    def listing(self, links: list[str]) -> Iterator[Article | Skipped]:
        """The article of each page a listing links to, fetched as any page is."""
        for link in links:
            try:
                yield self.page(self.fetch(link), source=link)
            except (NewsError, FetchError) as exc:
                yield Skipped(link, str(exc))

    def page(self, fetched: Fetched, *, source: str) -> Article:
        """The article of a fetched HTML (or plain text) page."""
        kind = fetched.content_type
        if kind == "text/plain":
            return extract_text(decode_text(fetched.content), source=source)
        # Servers mislabel pages (XHTML as text/xml, no type at all): trust the bytes then.
        if kind not in HTML_TYPES and not _HTML_SNIFF.search(fetched.content[:4096]):
            raise NotHTMLError(f"{source}: not an HTML page (it is {kind or 'of no stated type'})")
        return extract_html(
            fetched.content, source=source, url=fetched.final_url, declared_charset=fetched.charset
        )

    def feed(self, data: bytes, *, source: str, base: str | None) -> Iterator[Article | Skipped]:
        """Follow each entry of an RSS or Atom feed to its page."""
        for number, entry in enumerate(_feed_entries(data, source=source, base=base), start=1):
            link = absolute_url(str(entry.get("link") or ""), base)
            if link is None:
                yield Skipped(f"{source} (entry {number})", f"{source}: entry {number} has no link")
                continue
            try:
                article = self.page(self.fetch(link), source=link)
            except (NewsError, FetchError) as exc:
                yield Skipped(link, str(exc))
                continue
            if article.published is None and (entry_date := _entry_date(entry)):
                article = replace(article, published=entry_date)
            yield article

    def file(self, path: Path, *, within: Path | None = None) -> Iterator[Article | Skipped]:
        """The article of a local HTML or text file, or the articles of a local feed file;
        a file of a folder source is read only if it lies in that folder (`within`)."""
        read = _FILE_READERS.get(path.suffix.lower())
        if read is None:
            raise NewsSourceError(
                f"{path}: not an HTML, text or feed file ({', '.join(sorted(_FILE_READERS))})"
            )
        try:
            data = read_bounded(path, MAX_HTML_BYTES, within=within)
        except FileReadError as exc:
            raise NewsSourceError(str(exc)) from exc
        if not data.strip():
            raise EmptyPageError(f"{path}: the file is empty")
        return read(self, data, str(path))

    def folder(self, folder: Path) -> Iterator[Article | Skipped]:
        """Every HTML, text and feed file directly in a folder, in name order.

        A link out of the folder, a device, a FIFO or a socket with such a name is skipped,
        with the reason, and never opened.
        """
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in _FILE_READERS
            and not p.name.startswith(".")
            and not (p.is_dir() and not p.is_symlink())
        )
        if not files:
            raise NewsSourceError(f"{folder}: no HTML, text or feed files in the folder")
        for path in files:
            try:
                yield from self.file(path, within=folder)
            except (NewsError, FetchError) as exc:
                yield Skipped(str(path), str(exc))


def _html_file(reader: _Reader, data: bytes, source: str) -> Iterator[Article | Skipped]:
    links = article_links(data, url=None, limit=reader.max_articles)
    if links:
        yield from reader.listing(links)
    else:
        yield extract_html(data, source=source)


def _text_file(reader: _Reader, data: bytes, source: str) -> Iterator[Article | Skipped]:
    yield extract_text(decode_text(data), source=source)


def _feed_file(reader: _Reader, data: bytes, source: str) -> Iterator[Article | Skipped]:
    return reader.feed(data, source=source, base=None)


_FILE_READERS: dict[str, Callable[[_Reader, bytes, str], Iterator[Article | Skipped]]] = {
    ".html": _html_file,
    ".htm": _html_file,
    ".xhtml": _html_file,
    ".txt": _text_file,
    ".xml": _feed_file,
    ".rss": _feed_file,
    ".atom": _feed_file,
}


def _is_feed(content_type: str, content: bytes) -> bool:
    head = content[:4096]
    if content_type in HTML_TYPES:
        return False
    return content_type in FEED_TYPES or bool(_FEED_SNIFF.search(head))


def _feed_entries(data: bytes, *, source: str, base: str | None) -> list[feedparser.FeedParserDict]:
    """The entries of an RSS or Atom feed; NotAFeedError for anything else."""
    try:
        # feedparser expands entities itself; refuse entity declarations (billion laughs).
        defusedxml.ElementTree.fromstring(data)
    except DefusedXmlException as exc:
        raise NotAFeedError(f"{source}: the feed declares XML entities, which are refused") from exc
    except defusedxml.ElementTree.ParseError:
        pass  # not well-formed: feedparser's lenient parser may still read it
    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(data, response_headers=headers, resolve_relative_uris=True)
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        raise NotAFeedError(f"{source}: not an RSS or Atom feed")
    return list(parsed.entries[:MAX_FEED_ENTRIES])


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*moment[:3]) if moment else None
