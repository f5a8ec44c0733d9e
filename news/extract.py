"""Extracting an article (title, dates, clean body, author, links, event) from HTML or text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup, Tag

from news.article import Article, Event
from news.blocks import BULLET, paragraphs
from news.boilerplate import HIDDEN_TAGS, is_phrase, prune
from news.dates import (
    is_dateline,
    labelled_dates,
    parse_iso_date,
    parse_swedish_date,
    split_leading_date,
    split_trailing_date,
)
from news.engine import engine_text
from news.errors import EmptyPageError, NotHTMLError
from news.events import event_from_json_ld, events_of
from news.furniture import is_date_note, is_footer_line, remove_boxes
from news.layout import content_root
from news.metadata import (
    canonical_url,
    json_ld,
    language,
    meta_content,
    structured_author,
    structured_dates,
)
from news.recovery import captions, is_caption, key, merged
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
# A sender and a date over an article: "Göteborgs Stad, 22 april 2025".
_SENDER = re.compile(r"^(?P<name>[^,\d]{2,60}),\s*(?P<rest>.*\d.*)$")
_HEADER_LINES = 8
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
    author = structured_author(soup, ld)
    event = event_from_json_ld(ld)

    for hidden in soup.find_all(HIDDEN_TAGS):
        hidden.decompose()
    # Dates labelled "Publicerad" or "Senast ändrad" may sit in a signature or a page foot.
    page_text = soup.get_text("\n")
    prune(soup)
    boxes = remove_boxes(soup)
    # trafilatura reads the page without the furniture innocast knows: fewer lines leak.
    found = engine_text(str(soup), url=base)
    root = content_root(soup)
    own_blocks = paragraphs(root, limit=MAX_BODY_CHARS)
    known_captions = captions(soup)
    kept = [p for p in found.paragraphs if not is_caption(p, known_captions)] if found else []
    if kept:
        title = meta_title or found.title or _heading(soup) or strip_site_name(head_title)
        blocks = merged(kept, own_blocks, title, known_captions)
        links = _absolute_links(found.links, base, url)
        time_date, engine_date = _header_date(page_text, title, blocks[0]), found.published
    else:
        # trafilatura found nothing (a page it cannot parse, a lone paragraph): our own reading.
        title = _heading(root) or meta_title or _heading(soup) or strip_site_name(head_title)
        blocks = own_blocks
        links = _links(root, base, url)
        time_date, engine_date = _time_element_date(root), None
    # The site's own name on a line of its own closes a footer, not the article.
    site = key(meta_content(soup, "og:site_name") or site_name(head_title))
    blocks = [block for block in blocks if not site or key(block) != site]
    return _article(
        title=title,
        blocks=blocks,
        source=source,
        url=canonical or url,
        given=_Dates(meta_published, meta_updated),
        labelled=labelled_dates(page_text),
        time_date=time_date,
        engine_date=engine_date,
        author=author,
        contact=_contact_name(boxes),
        line_rules=HTML_LINE_RULES,
        links=links,
        lang=language(soup),
        given_events=(event,) if event else (),
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
        labelled=None,
        time_date=None,
        engine_date=None,
        author=None,
        contact=None,
        line_rules=TEXT_LINE_RULES,
        links=_text_links(text[:MAX_TEXT_CHARS]),
        lang="sv",
        given_events=(),
    )


def _article(
    *,
    title: str,
    blocks: list[str],
    source: str,
    url: str | None,
    given: _Dates,
    labelled: tuple[date | None, date | None] | None,
    time_date: date | None,
    engine_date: date | None,
    author: str | None,
    contact: str | None,
    line_rules: tuple[Callable[[str], object], ...],
    links: tuple[str, ...],
    lang: str,
    given_events: tuple[Event, ...],
) -> Article:
    """Clean the body blocks and decide title, dates, author, event and summary.

    `labelled` are the dates the whole page labels as published and updated ("Publicerad",
    "Senast ändrad"); None means: look for them in the blocks. `engine_date` is trafilatura's
    guess, taken last; `contact` is the person a removed contact box names, the author last.
    """
    title_date, title = split_trailing_date(clean_line(title))
    cleaned = _body(blocks, title, line_rules)
    body = cleaned.paragraphs
    if not body:
        raise EmptyPageError(f"{source}: no article text found")
    if not title:
        title = body[0].split("\n", 1)[0]
    labelled_published, labelled_updated = labelled or labelled_dates("\n".join(blocks))
    published = (
        given.published
        or labelled_published
        or time_date
        or cleaned.dateline_date
        or title_date
        or cleaned.leading_date
    )
    updated = given.updated or labelled_updated
    # A page that only says when it was last changed is published then, and says so.
    updated_only = published is None and updated is not None
    if updated_only:
        published = updated
    published = published or engine_date
    lines = [line for block in body for line in block.split("\n")]
    events = events_of(given_events, lines, body, published)
    text = bounded("\n\n".join(body), MAX_BODY_CHARS)
    # The lead opens the body; a page's meta description is often the whole site's.
    summary = next((b for b in body if len(b) >= 40), body[0])
    return Article(
        title=bounded(title, MAX_TITLE_CHARS),
        body=text,
        source=source,
        url=url,
        published=published,
        updated=updated if updated != published else None,
        updated_only=updated_only,
        author=author or cleaned.byline or _contact_name(lines) or contact,
        links=links,
        language=lang,
        events=events,
        summary=bounded(clean_line(summary), MAX_SUMMARY_CHARS),
    )


@dataclass(frozen=True)
class _Body:
    """The article's paragraphs, and what the dropped lines said about it."""

    paragraphs: list[str]
    dateline_date: date | None
    leading_date: date | None
    byline: str | None


def _body(
    blocks: list[str], title: str, rules: tuple[Callable[[str], object], ...]
) -> _Body:
    """Drop the title, site controls, datelines and bylines; take a date opening the text."""
    body: list[str] = []
    dateline_date = byline = None
    title_seen = False
    for block in blocks:
        if not title_seen and block == title and len(body) < 3:
            title_seen = True
            continue
        lines = [line.removeprefix(BULLET).strip() for line in block.split("\n")]
        if not all(any(rule(line) for rule in rules) for line in lines):
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


def site_name(title: str) -> str:
    """The site's name after a separator in a <title>, or "".

    >>> site_name("Nytt labb öppnar - Umeå kommun"), site_name("Nytt labb öppnar")
    ('Umeå kommun', '')
    """
    head = strip_site_name(title)
    return title[len(head) :].strip(" |-–—:") if head != title else ""


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


def _header_date(page_text: str, title: str, first: str) -> date | None:
    """The date of a line between the title and the body: "Av Eva Ek, 3 maj 2023", "Org, date".

    >>> _header_date("Meny\\nRubrik\\nAv Eva Ek, 3 maj 2023\\nFörsta.", "Rubrik", "Första")
    datetime.date(2023, 5, 3)
    >>> _header_date("Rubrik\\nGöteborgs Stad, 22 april 2025\\nFörsta.", "Rubrik", "Första")
    datetime.date(2025, 4, 22)
    """
    lines = [line for line in (clean_line(part) for part in page_text.split("\n")) if line]
    start = next((n for n, line in enumerate(lines) if line == title), None)
    if start is None:
        return None
    opening = first.split("\n", 1)[0][:60]
    for line in lines[start + 1 : start + 1 + _HEADER_LINES]:
        if line.startswith(opening):
            break
        byline = _BYLINE.match(line) or _SENDER.match(line)
        candidate = byline["rest"] if byline and byline["rest"] else line
        if is_dateline(candidate) and labelled_dates(candidate) == (None, None):
            return parse_swedish_date(candidate)
    return None


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


def _absolute_links(hrefs: list[str], base: str | None, page: str | None) -> tuple[str, ...]:
    """The absolute http(s) links among `hrefs`, each once, the page itself left out."""
    found: dict[str, None] = {}
    for href in hrefs:
        link = absolute_url(href, base)
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


# What makes a line furniture; a block made only of such lines is dropped from the body. A text
# file's furniture is the site's controls and datelines; on a page trafilatura has removed
# those, and what it keeps are bylines, date notes and footer lines (measured on the corpus).
TEXT_LINE_RULES = (is_phrase, is_dateline, _byline)
HTML_LINE_RULES = (_byline, is_date_note, is_footer_line)
