"""What on a page is not the article: navigation, cookie banners, share links, footers.

Elements are recognised by tag, ARIA role, and words in their class and id; leftover lines by
their whole text ("Meny", "Tillbaka till nyhetslistan").
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

# Never part of the readable article text.
HIDDEN_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
     "audio", "video", "map", "head", "link", "meta", "input", "select", "textarea", "button"}
)  # fmt: skip
# Page furniture around the article.
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "dialog", "menu"})
FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
     "menu", "menubar", "toolbar"}
)  # fmt: skip
# Words in a class or id (split at "-", "_" and case changes) that mark furniture. Not "skip":
# Sitevision marks the first portlet of nearly every container "sv-skip-spacer".
FURNITURE_WORDS = frozenset(
    {"gdpr", "cn", "skiplink", "menu", "mainmenu", "submenu",
     "nav", "navbar", "navigation", "topnav", "sidebar", "leftcol", "rightcol", "related",
     "footer", "header", "masthead", "toolbar", "pagetools", "tools", "print", "pagination",
     "pager", "player", "puff", "comments", "widget", "popup", "modal",
     "visually", "sr", "screen", "advert", "ads", "categories", "tags", "bio", "signature",
     "avatar"}
)  # fmt: skip
# Roots that mark furniture wherever they appear in a word ("socialshare", "cookieNotice").
FURNITURE_ROOTS = ("cookie", "consent", "share", "sharing", "social", "breadcrumb", "newsletter")
# Elements that hold the article and must survive even if a word above matches them.
KEEP_TAGS = frozenset({"html", "body", "main", "article"})

# Lines that are controls or links of the site, not text of the article (compared casefolded,
# without trailing punctuation).
PHRASES = frozenset(
    {"meny", "stäng meny", "öppna meny", "sök", "sökfält", "tillbaka", "tillbaka till nyhetslistan",
     "tillbaka till nyheter", "till nyhetslistan", "alla nyheter", "fler nyheter", "dela",
     "dela sidan", "dela artikeln", "dela nyheten", "dela på facebook", "dela på linkedin",
     "dela på twitter", "dela på x", "dela via e-post", "kopiera länk", "skriv ut",
     "skriv ut sidan",
     "till toppen", "till sidans topp", "gå direkt till innehållet", "hoppa till innehållet",
     "gå till huvudinnehåll", "lyssna", "läs upp", "lyssna på sidan", "facebook", "linkedin",
     "twitter", "instagram", "youtube", "e-post", "relaterat", "relaterade sidor",
     "sidan uppdaterades", "skip to content", "share", "print", "menu", "back to news"}
)  # fmt: skip

_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")


def _words(tag: Tag) -> set[str]:
    names = [*tag.get_attribute_list("class"), tag.get("id") or ""]
    return {word.lower() for name in names for word in _WORD_SPLIT.split(str(name)) if word}


def is_furniture(tag: Tag) -> bool:
    """Say whether an element is page furniture by its tag, role, class or id."""
    if tag.name in KEEP_TAGS:
        return False
    if tag.name in FURNITURE_TAGS:
        return True
    if str(tag.get("role", "")).lower() in FURNITURE_ROLES:
        return True
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    words = _words(tag)
    return bool(words & FURNITURE_WORDS) or any(
        root in word for word in words for root in FURNITURE_ROOTS
    )


def _protected(soup: BeautifulSoup) -> set[int]:
    """Ids of every <main>, the first <h1> and <article> and their ancestors: never furniture.

    A page wrapped in one <form> (ASP.NET) would otherwise lose everything, and Drupal's
    Olivero theme puts the article and its sidebar in one "sidebar-grid".
    """
    holders = [*soup.find_all("main"), *soup.find_all(["h1", "article"], limit=2)]
    protected: set[int] = set()
    for holder in holders:
        node = holder
        while node is not None and id(node) not in protected:
            protected.add(id(node))
            node = node.parent
    return protected


def prune(soup: BeautifulSoup) -> None:
    """Remove what a reader does not read and the page furniture, keeping the article.

    Scripts, media and controls go, and so do navigation, banners, share links, sidebars and
    footers. One walk from the top that never enters a removed element: linear in the page.
    """
    protected = _protected(soup)
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        parent, in_article = stack.pop()
        for child in list(parent.children):
            if not isinstance(child, Tag):
                continue
            if child.name in HIDDEN_TAGS:
                child.decompose()
                continue
            headerish = child.name == "header" or "header" in _words(child)
            # An article's own header holds its title and date; a site's header does not.
            removable = (is_furniture(child) and not headerish) or (headerish and not in_article)
            if removable and id(child) not in protected:
                child.decompose()
                continue
            stack.append((child, in_article or child.name in ("article", "main")))


def is_phrase(text: str) -> bool:
    """Say whether a whole line is a site control such as "Meny" or "Tillbaka till nyhetslistan".

    >>> is_phrase("Meny"), is_phrase("Tillbaka till nyhetslistan »"), is_phrase("Meny för dagen")
    (True, True, False)
    """
    return text.casefold().strip(" :»›>|·•-–") in PHRASES
