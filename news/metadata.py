"""What a page says about itself: <meta> tags, JSON-LD, canonical link, language, author."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bs4 import BeautifulSoup, Tag

from news.dates import parse_iso_date
from news.urls import absolute_url
from text.cleaning import clean_line

MAX_JSON_LD_CHARS = 200_000
MAX_JSON_LD_SCRIPTS = 10
# Real JSON-LD nests a handful of levels; thousands would make the JSON parser recurse past
# Python's limit (a RecursionError that once dropped every news file of a folder).
MAX_JSON_LD_DEPTH = 64
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
MAX_AUTHOR_CHARS = 100
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")

PUBLISHED_META = (
    "article:published_time", "datepublished", "dc.date", "dc.date.issued", "dcterms.created",
    "dcterms.issued", "date", "pubdate", "publish_date",
)  # fmt: skip
UPDATED_META = ("article:modified_time", "datemodified", "dcterms.modified", "last-modified")


def meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    """The content of the first <meta> whose name, property or itemprop is one of `names`."""
    wanted = {name.lower() for name in names}
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and key.lower() in wanted:
            found.setdefault(key.lower(), content)
    for name in names:
        value = clean_line(found.get(name.lower(), ""))
        if value:
            return value
    return None


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page (from @graph and lists too), ignoring broken scripts."""
    objects: list[dict[str, Any]] = []
    scripts = soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)})
    for script in scripts[:MAX_JSON_LD_SCRIPTS]:
        text = script.string or ""
        if len(text) > MAX_JSON_LD_CHARS or json_depth(text) > MAX_JSON_LD_DEPTH:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    pending.extend(item["@graph"])
    return objects


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets in strings aside), read
    in one pass without parsing.

    >>> json_depth('{"a": [1, {"b": "[[["}]}'), json_depth("[" * 5000), json_depth("3")
    (3, 5000, 0)
    """
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def ld_types(item: dict[str, Any]) -> set[str]:
    """The schema.org types of a JSON-LD object."""
    kind = item.get("@type", [])
    return {str(k) for k in (kind if isinstance(kind, list) else [kind])}


def structured_dates(
    soup: BeautifulSoup, ld: list[dict[str, Any]]
) -> tuple[date | None, date | None]:
    """Publication and update dates from <meta> tags and JSON-LD articles."""
    published = _first_date(meta_content(soup, *PUBLISHED_META))
    updated = _first_date(meta_content(soup, *UPDATED_META))
    for item in ld:
        if ld_types(item) & {"Event", "BreadcrumbList", "WebSite", "Organization"}:
            continue
        published = published or _first_date(item.get("datePublished"))
        updated = updated or _first_date(item.get("dateModified"))
    return published, updated


def _first_date(value: object) -> date | None:
    return parse_iso_date(value) if isinstance(value, str) else None


def canonical_url(soup: BeautifulSoup, base: str | None) -> str | None:
    """The page's own idea of its URL: <link rel=canonical>, else og:url (absolute, http(s))."""
    for link in soup.find_all("link", href=True):
        if "canonical" in [rel.lower() for rel in link.get_attribute_list("rel") if rel]:
            found = absolute_url(str(link["href"]), base)
            if found:
                return found
    og = meta_content(soup, "og:url")
    return absolute_url(og, base) if og else None


def language(soup: BeautifulSoup, default: str = "sv") -> str:
    """The primary language subtag of <html lang>, else `default`.

    >>> language(BeautifulSoup('<html lang="sv-SE"><p>x</p></html>', "lxml"))
    'sv'
    >>> language(BeautifulSoup('<html lang="<script>"><p>x</p></html>', "lxml"))
    'sv'
    """
    html = soup.find("html")
    lang = html.get("lang") or html.get("xml:lang") if isinstance(html, Tag) else None
    match = _LANGUAGE.match(lang.strip()) if isinstance(lang, str) else None
    return match.group(1).lower() if match else default


def structured_author(soup: BeautifulSoup, ld: list[dict[str, Any]]) -> str | None:
    """The author a page names in <meta>, JSON-LD, rel=author or a byline."""
    candidates: list[object] = [meta_content(soup, "author", "article:author", "dc.creator")]
    for item in ld:
        author = item.get("author")
        for one in author if isinstance(author, list) else [author]:
            candidates.append(one.get("name") if isinstance(one, dict) else one)
    for tag in soup.select('[rel~="author"], [itemprop="author"], .byline, .author'):
        candidates.append(tag.get_text(" "))
    for candidate in candidates:
        if isinstance(candidate, str):
            name = clean_line(
                re.sub(r"^(?:av|text|skriven av|by)\s*:?\s+", "", candidate, flags=re.I)
            )
            if name and "://" not in name and len(name) <= MAX_AUTHOR_CHARS:
                return name
    return None
