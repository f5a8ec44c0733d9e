"""A news listing page: the section page ("/nyheter/") that links to its articles.

Many municipal news sections have no feed. A page is read as a listing when it links to at
least three titled pages below its own path on its own site ("/nyheter/" to
"/nyheter/2024/nytt-labb"); an article's "more news" links point beside it, not below it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from news.boilerplate import prune
from news.metadata import canonical_url
from news.urls import absolute_url, same_site
from text.cleaning import clean_line
from text.decoding import decode_html

MIN_ARTICLE_LINKS = 3
# A link's text must look like a title, not "Läs mer" or "2".
MIN_TITLE_WORDS = 2
MIN_TITLE_CHARS = 12


def section_path(url: str) -> str:
    """The path below which a listing's articles live.

    >>> section_path("https://kommun.se/nyheter/"), section_path("https://kommun.se/nyheter.html")
    ('/nyheter/', '/nyheter/')
    >>> section_path("https://kommun.se/nyheter/2024/nytt-labb")
    '/nyheter/2024/nytt-labb/'
    """
    path = urlsplit(url).path or "/"
    for suffix in (".html", ".htm", ".aspx", ".php"):
        path = path.removesuffix(suffix)
    return path if path.endswith("/") else path + "/"


def article_links(html: bytes | str, *, url: str | None, limit: int) -> list[str]:
    """The article links of a listing page (at most `limit`), or [] if it is no listing.

    `url` is where the page was fetched from; a local file's links resolve against the
    canonical URL it names.
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    soup = BeautifulSoup(text, "lxml")
    base = url or canonical_url(soup, None)
    if base is None:
        return []
    prune(soup)
    section = section_path(base)
    found: dict[str, None] = {}
    for anchor in soup.find_all("a", href=True):
        link = absolute_url(str(anchor["href"]), base)
        if link is None or not same_site(link, base) or link.rstrip("/") == base.rstrip("/"):
            continue
        path = urlsplit(link).path
        title = clean_line(anchor.get_text(" "))
        titled = len(title.split()) >= MIN_TITLE_WORDS and len(title) >= MIN_TITLE_CHARS
        if path.startswith(section) and len(path) > len(section) and titled:
            found.setdefault(link)
    links = list(found)
    return links[:limit] if len(links) >= MIN_ARTICLE_LINKS else []
