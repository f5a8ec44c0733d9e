"""A feed document from outside: read from a file or a URL, parsed safely as RSS.

Feeds come from strangers, so the XML is parsed with defusedxml: a document that declares
entities (billion laughs, external entities reading local files) is refused, not expanded.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from fetching import DEFAULT_TIMEOUT, FetchError, fetch, names_url
from innocast.files import FileReadError, read_bounded
from podcast.errors import FeedReadError

FEED_MAX_BYTES = 20_000_000
FEED_ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def read_feed_bytes(
    path_or_url: str,
    *,
    allow_private: bool = False,
    client: object | None = None,
    error: type[FeedReadError] = FeedReadError,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """The bytes of a feed file or URL, bounded in size, a URL fetched within `timeout` seconds
    (`error` naming the input if unreadable)."""
    if names_url(path_or_url):
        try:
            fetched = fetch(
                path_or_url,
                max_bytes=FEED_MAX_BYTES,
                allow_private=allow_private,
                accept=FEED_ACCEPT,
                timeout=timeout,
                client=client,  # type: ignore[arg-type]
            )
        except FetchError as exc:
            raise error(str(exc)) from exc
        return fetched.content
    try:
        return read_bounded(Path(path_or_url), FEED_MAX_BYTES)
    except FileReadError as exc:
        raise error(str(exc)) from exc


def parse_feed_document(
    xml: bytes, *, source: str, error: type[FeedReadError] = FeedReadError
) -> Element:
    """The <channel> element of an RSS document, parsed without expanding any entity."""
    if not xml.strip():
        raise error(f"{source}: empty document, not a feed")
    try:
        root = fromstring(xml, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise error(
            f"{source}: refused hostile XML ({type(exc).__name__}: entity declarations "
            "are not allowed in a feed)"
        ) from exc
    except ParseError as exc:
        raise error(f"{source}: not XML ({exc})") from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        tag = root.tag.rsplit("}", 1)[-1]
        raise error(f"{source}: not an RSS feed (the document is <{tag}>, not <rss><channel>)")
    return channel


def element_text(element: Element, *paths: str) -> str:
    """The stripped text of the first of `paths` (namespaced) that has some, else ''."""
    for path in paths:
        found = element.find(path, NAMESPACES)
        if found is not None and found.text and found.text.strip():
            return found.text.strip()
    return ""


def element_attr(element: Element, path: str, name: str) -> str:
    """The stripped attribute `name` of the element at `path`, else ''."""
    found = element.find(path, NAMESPACES)
    return (found.get(name) or "").strip() if found is not None else ""
