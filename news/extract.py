"""Extracting an article (title, dates, clean body, author, links, event) from HTML or text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup, Tag

from news.article import Article, Event
from news.blocks import BULLET, paragraphs
from news.boilerplate import is_phrase, prune
from news.dates import (
    is_dateline,
    labelled_dates,
    parse_iso_date,
    parse_swedish_date,
    split_leading_date,
    split_trailing_date,
)
from news.errors import EmptyPageError, NotHTMLError
from news.events import event_from_json_ld, event_from_lines
from news.layout import content_root
from news.metadata import (
    canonical_url,
    json_ld,
    language,
    meta_content,
    structured_author,
    structured_dates,
)
from news.urls import absolute_url, same_site
from text.cleaning import MAX_TITLE_CHARS, bounded, clean_line, clean_paragraph
from text.decoding import decode_html

# Bounds on untrusted input: a page is cut before parsing, a body before it is kept.
MAX_HTML_BYTES = 3_000_000
MAX_TEXT_CHARS = 3_000_000
MAX_BODY_CHARS = 100_000
MAX_SUMMARY_CHARS = 300
MAX_LINKS = 100

_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|title|meta|p|div|h[1-6]|article|main|br|table)\b",
    re.IGNORECASE,
)
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
_CONTACT_LABEL = re.compile(
    r"^(?:för mer information|mer information|för frågor|frågor|kontakt|kontaktperson(?:er)?|"
    r"kontakta)\b[^\n]{0,30}:?$",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?(?: [A-ZÅÄÖÉ][a-zåäöéü-]+){1,3}$"
)
_BYLINE = re.compile(
    r"^(?:av|text|skriven av|text och foto)\s*:?\s+(?P<name>[^|·,\d]{3,60}?)\s*"
    r"(?:[|·,]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_TEXT_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


@dataclass(frozen=True)
class _Dates:
    """Dates found on a page, strongest evidence first."""

    published: date | None
    updated: date | None


def extract_html(
    html: bytes | str, *, source: str, url: str | None = None, declared_charset: str | None = None
) -> Article:
    """Extract the article from a page; `url` is where it was fetched from (its final URL)."""
    text = decode_html(html[:MAX_HTML_BYTES], declared_charset) if isinstance(html, bytes) else html
    text = text[:MAX_HTML_BYTES]
    if not _HTML_SNIFF.search(text[:8192]):
        raise NotHTMLError(f"{source}: not an HTML page")
    soup = BeautifulSoup(text, "lxml")

    # What the page says about itself, read before scripts and furniture are removed.
    ld = json_ld(soup)
    meta_published, meta_updated = structured_dates(soup, ld)
    canonical = _own_canonical(soup, url)
    base = url or canonical
    meta_title = meta_content(soup, "og:title", "twitter:title")
    head_title = clean_line(soup.title.get_text()) if soup.title else ""
    description = meta_content(soup, "description", "og:description")
    author = structured_author(soup, ld)
    event = event_from_json_ld(ld)

    prune(soup)
    root = content_root(soup)
    title = _heading(root) or meta_title or _heading(soup) or strip_site_name(head_title)
    blocks = paragraphs(root, limit=MAX_BODY_CHARS)
    time_date = _time_element_date(root)
    return _article(
        title=title,
        blocks=blocks,
        source=source,
        url=canonical or url,
        given=_Dates(meta_published, meta_updated),
        time_date=time_date,
        author=author,
        links=_links(root, base, url),
        lang=language(soup),
        event=event,
        description=description,
    )


def extract_text(text: str, *, source: str) -> Article:
    """Extract an article from plain text: first line the title, dates in Swedish forms."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text[:MAX_TEXT_CHARS].replace("\r\n", "\n")):
        lines = [
            _MARKDOWN_STRONG.sub(r"\2", _MARKDOWN_HEADING.sub("", line))
            for line in chunk.split("\n")
        ]
        paragraph = clean_paragraph("\n".join(lines))
        if paragraph:
            blocks.append(paragraph)
    # Before the title may come site controls ("Meny") and a dateline ("NYHETER 2021-08-16").
    dateline = None
    while blocks and (is_phrase(blocks[0]) or is_dateline(blocks[0])):
        if is_dateline(blocks[0]):
            dateline = dateline or parse_swedish_date(blocks[0])
        blocks.pop(0)
    if not blocks:
        raise EmptyPageError(f"{source}: no text found")
    first, _, rest = blocks.pop(0).partition("\n")
    if rest:
        blocks.insert(0, rest)
    return _article(
        title=first,
        blocks=blocks,
        source=source,
        url=None,
        given=_Dates(dateline, None),
        time_date=None,
        author=None,
        links=_text_links(text[:MAX_TEXT_CHARS]),
        lang="sv",
        event=None,
        description=None,
    )


def _article(
    *,
    title: str,
    blocks: list[str],
    source: str,
    url: str | None,
    given: _Dates,
    time_date: date | None,
    author: str | None,
    links: tuple[str, ...],
    lang: str,
    event: Event | None,
    description: str | None,
) -> Article:
    """Clean the body blocks and decide title, dates, author, event and summary."""
    title_date, title = split_trailing_date(clean_line(title))
    cleaned = _body(blocks, title)
    body = cleaned.paragraphs
    if not body:
        raise EmptyPageError(f"{source}: no article text found")
    if not title:
        title = body[0].split("\n", 1)[0]
    labelled_published, labelled_updated = labelled_dates("\n".join(blocks))
    published = (
        given.published
        or labelled_published
        or time_date
        or cleaned.dateline_date
        or title_date
        or cleaned.leading_date
    )
    updated = given.updated or labelled_updated
    lines = [line for block in body for line in block.split("\n")]
    if event is None:
        event = event_from_lines(lines, published.year if published else None)
    text = bounded("\n\n".join(body), MAX_BODY_CHARS)
    summary = description or next((b for b in body if len(b) >= 40), body[0])
    return Article(
        title=bounded(title, MAX_TITLE_CHARS),
        body=text,
        source=source,
        url=url,
        published=published,
        updated=updated if updated != published else None,
        author=author or cleaned.byline or _contact_name(lines),
        links=links,
        language=lang,
        event=event,
        summary=bounded(clean_line(summary), MAX_SUMMARY_CHARS),
    )


@dataclass(frozen=True)
class _Body:
    """The article's paragraphs, and what the dropped lines said about it."""

    paragraphs: list[str]
    dateline_date: date | None
    leading_date: date | None
    byline: str | None


def _body(blocks: list[str], title: str) -> _Body:
    """Drop the title, site controls, datelines and bylines; take a date opening the text."""
    body: list[str] = []
    dateline_date = byline = None
    title_seen = False
    for block in blocks:
        if not title_seen and block == title and len(body) < 3:
            title_seen = True
            continue
        lines = [line.removeprefix(BULLET).strip() for line in block.split("\n")]
        if not all(is_phrase(line) or is_dateline(line) or _byline(line) for line in lines):
            body.append(block)
            continue
        for line in lines:
            byline = byline or _byline(line)
            if is_dateline(line) and labelled_dates(line) == (None, None):
                dateline_date = dateline_date or parse_swedish_date(line)
    leading_date = None
    if body:
        leading_date, rest = split_leading_date(body[0])
        if leading_date is not None:
            body[0:1] = [rest] if rest else []
    return _Body(body, dateline_date, leading_date, byline)


def _byline(line: str) -> str | None:
    """The name in a byline such as "Av Jonas Berg" or "Text: Eva Ek | 8 november 2022".

    >>> _byline("Av Jonas Berg | 8 november 2022"), _byline("Av alla kommuner deltar tio.")
    ('Jonas Berg', None)
    """
    match = _BYLINE.match(line)
    if match is None or (match["rest"] and not is_dateline(match["rest"])):
        return None
    name = match["name"].strip()
    return name if _PERSON.match(name) else None


def strip_site_name(title: str) -> str:
    """A <title> without the site's name after a separator.

    >>> strip_site_name("Innovation och utveckling ur ett partsperspektiv | Partsrådet")
    'Innovation och utveckling ur ett partsperspektiv'
    >>> strip_site_name("Digital innovation – vad innebär det? - Region Västerbotten")
    'Digital innovation – vad innebär det?'
    >>> strip_site_name("Coworking – gör det oss mer innovativa?")
    'Coworking – gör det oss mer innovativa?'
    """
    for separator in _SITE_SEPARATORS:
        head, found, site = title.rpartition(separator)
        if found and head.strip() and len(site) <= 40 and "?" not in site:
            return head.strip()
    return title


def _own_canonical(soup: BeautifulSoup, url: str | None) -> str | None:
    """The page's canonical URL, trusted only on the host it was fetched from."""
    found = canonical_url(soup, url)
    if found is None or (url is not None and not same_site(found, url)):
        return None
    return found


def _heading(root: Tag | BeautifulSoup) -> str:
    heading = root.find("h1")
    return clean_line(heading.get_text(" ")) if heading else ""


def _time_element_date(root: Tag) -> date | None:
    for element in root.find_all("time", limit=5):
        value = element.get("datetime")
        found = parse_iso_date(value) if isinstance(value, str) else None
        if found:
            return found
    return None


def _links(root: Tag, base: str | None, page: str | None) -> tuple[str, ...]:
    """The absolute http(s) links in the article, each once, the page itself left out."""
    found: dict[str, None] = {}
    for anchor in root.find_all("a", href=True):
        link = absolute_url(str(anchor["href"]), base)
        if link and link != page and link != base:
            found.setdefault(link)
        if len(found) >= MAX_LINKS:
            break
    return tuple(found)


def _text_links(text: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for match in _TEXT_URL.finditer(text):
        link = absolute_url(match.group(0).rstrip(".,;:"), None)
        if link:
            found.setdefault(link)
        if len(found) >= MAX_LINKS:
            break
    return tuple(found)


def _contact_name(lines: list[str]) -> str | None:
    """The person named after a "För mer information:" or "Kontakt:" line."""
    for index, line in enumerate(lines):
        if _CONTACT_LABEL.match(line):
            for candidate in lines[index + 1 : index + 3]:
                name = candidate.split(",", 1)[0].strip()
                if _PERSON.match(name):
                    return name
    return None
