"""Swedish page furniture that no class name gives away: boxes known by their heading, and lines.

Public bodies' sites put contact, feedback, subscribe and related-links boxes beside or under an
article, often in markup that says nothing (a Sitevision portlet, a Drupal paragraph). Their
headings say what they are: "Kontakt", "Hjälpte informationen dig?", "Prenumerera på nyheter".
A box is the heading's nearest container that holds little more than the box itself.
Lines are recognised by their whole text: a date note ("Den här sidan uppdaterades 6 augusti
2023."), an address line of a footer, a tag list, avatar initials.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from news.boilerplate import KEEP_TAGS
from news.dates import DATE_RE, PUBLISHED_LABELS, UPDATED_LABELS

# Headings of boxes that are not the article (compared casefolded, without trailing punctuation).
BOX_HEADINGS = re.compile(
    r"^(?:kontakt|kontakta oss|kontaktperson(?:er)?|kontaktuppgifter|"
    r"hjälpte informationen dig|hjälpte sidan dig|var informationen till hjälp|"
    r"var sidan till hjälp|hittade du (?:det|vad) du sökte|tyck till om sidan|"
    r"prenumerera(?: på [\w ]+)?|nyhetsbrev|få nyheter[\w ]*|"
    r"relaterade? (?:sidor|länkar|nyheter|artiklar|information)|relaterat|läs också|"
    r"fler nyheter|senaste nyheterna|senaste nytt|mer om ämnet)$",
    re.IGNORECASE,
)
# A box is at most this long; a container with more text holds the article too.
MAX_BOX_CHARS = 700
# A wrapper adding more text than this around a box holds something else too.
MAX_WRAPPER_CHARS = 150
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "strong", "legend")
_TRIM = " :?!.»›>|·•-–"
_ADDRESS = re.compile(
    r"^(?:postadress|besöksadress|leveransadress|fakturaadress|växel|telefon växel|"
    r"organisationsnummer|org\.? ?nr|taggar|etiketter|kategorier|ämnesord)\b\s*:?",
    re.IGNORECASE,
)
_DATE_NOTE_WORDS = re.compile(
    rf"\b(?:{UPDATED_LABELS}|{PUBLISHED_LABELS}|sidan|den här|denna|senast|sida|datum)\b|"
    r"[\s:·|,./–()-]",
    re.IGNORECASE,
)
_DIGIT_LETTER = re.compile(r"(\d)(?=[^\W\d_])")


def remove_boxes(soup: BeautifulSoup) -> list[str]:
    """Remove the contact, feedback, subscribe and related-links boxes, known by their heading.

    Returns the lines of the removed boxes (a contact box names the article's contact person).
    """
    removed: list[str] = []
    for heading in soup.find_all(_HEADING_TAGS):
        if heading.decomposed or not BOX_HEADINGS.match(heading.get_text(" ").strip(_TRIM)):
            continue
        box = _box(heading)
        if box is not None:
            removed.extend(line.strip() for line in box.get_text("\n").split("\n") if line.strip())
            box.decompose()
    return removed


def _box(heading: Tag) -> Tag | None:
    """The heading's container, widened over wrappers that add little; None inside a text."""
    box = heading.parent
    if not isinstance(box, Tag) or box.name in KEEP_TAGS:
        return None
    size = len(box.get_text(" ", strip=True))
    if size > MAX_BOX_CHARS:
        return None
    node = box.parent
    while isinstance(node, Tag) and node.name not in KEEP_TAGS:
        wider = len(node.get_text(" ", strip=True))
        if wider - size > MAX_WRAPPER_CHARS or wider > MAX_BOX_CHARS:
            break
        box, size, node = node, wider, node.parent
    return box


def is_date_note(text: str) -> bool:
    """Say whether a line only says when the page was published or changed.

    >>> is_date_note("Den här sidan uppdaterades 6 augusti 2023.")
    True
    >>> is_date_note("Publicerad: 18 november 2024Senast uppdaterad: 25 december 2024")
    True
    >>> is_date_note("Sidan uppdaterades i maj efter att 40 kommuner svarat.")
    False
    """
    text = _DIGIT_LETTER.sub(r"\1 ", text)
    if len(text) > 120 or not DATE_RE.search(text):
        return False
    return not _DATE_NOTE_WORDS.sub("", DATE_RE.sub("", text))


def is_footer_line(text: str) -> bool:
    """Say whether a line is an address, switchboard or tag line, or avatar initials.

    >>> is_footer_line("Postadress: Box 100, 901 84 Umeå"), is_footer_line("OL")
    (True, True)
    >>> is_footer_line("Växeln är öppen till 16.")
    False
    """
    text = text.strip()
    return bool(_ADDRESS.match(text)) or (len(text) <= 3 and text.isupper())
