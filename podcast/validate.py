"""The feed validator: Apple's required and recommended tags, the Podcasting 2.0 rules we publish
by, and, given the site folder, that every URL pointing into the site resolves to a file there.

The checks are two tables of small functions, one for the channel and one for each item; each
yields Problems, so a new rule is one function added to a table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

from podcast.artwork import read_artwork
from podcast.errors import CoverArtError
from podcast.feed import EPISODE_TYPES, TRANSCRIPT_TYPES
from podcast.feed_document import (
    NAMESPACES,
    element_attr,
    element_text,
    parse_feed_document,
    read_feed_bytes,
)
from podcast.feed_import import parse_date, parse_duration, parse_positive_int
from podcast.lines import clean_line
from podcast.podcast_namespace import CHAPTERS_TYPE
from podcast.show import (
    APPLE_CATEGORIES,
    EMAIL_RE,
    GEO_RE,
    IMAGE_SUFFIXES,
    RRULE_RE,
    SHOW_TYPES,
    is_podcast_guid,
    is_web_url,
    podcast_guid,
)
from text.dates import MIN_YEAR

ERROR = "error"
WARNING = "warning"
MIN_ARTWORK_PX = 1400
MAX_ARTWORK_PX = 3000
# The Podcasting 2.0 namespace recommends soundbites of 15 to 120 seconds.
MAX_SOUNDBITE_SECONDS = 120
EXPLICIT_VALUES = ("true", "false")
LEGACY_EXPLICIT_VALUES = ("yes", "no", "clean")
_YEAR_RE = re.compile(r"^\s*(?:[A-Za-z]{3}\s*,\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(?P<year>\d+)\s")
ENCLOSURE_TYPE_RE = re.compile(r"^(audio|video)/[\w.+-]+$")


@dataclass(frozen=True)
class Problem:
    """One finding of the validator."""

    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


@dataclass(frozen=True)
class Validation:
    """The result of validating one feed: how many episodes it has and what is wrong with it."""

    source: str
    episodes: int
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether the feed has no errors (warnings allowed)."""
        return not any(problem.severity == ERROR for problem in self.problems)


def validate_source(
    path_or_url: str,
    *,
    site_dir: Path | None = None,
    base_url: str | None = None,
    allow_private: bool = False,
    client: object | None = None,
) -> Validation:
    """Read a feed file or URL and validate it (FeedReadError if it cannot be read as RSS)."""
    xml = read_feed_bytes(path_or_url, allow_private=allow_private, client=client)
    channel = parse_feed_document(xml, source=path_or_url)
    problems = _validate_channel(channel, site_dir=site_dir, base_url=base_url)
    return Validation(path_or_url, len(channel.findall("item")), tuple(problems))


def validate_feed(
    xml: bytes, *, site_dir: Path | None = None, base_url: str | None = None, source: str
) -> list[Problem]:
    """Every problem of a feed document (FeedReadError if it is not readable RSS at all)."""
    channel = parse_feed_document(xml, source=source)
    return _validate_channel(channel, site_dir=site_dir, base_url=base_url)


def _validate_channel(
    channel: Element, *, site_dir: Path | None, base_url: str | None
) -> list[Problem]:
    problems = [problem for check in CHANNEL_CHECKS for problem in check(channel)]
    items = channel.findall("item")
    for index, item in enumerate(items, start=1):
        where = _item_name(item, index)
        problems += [problem for check in ITEM_CHECKS for problem in check(item, where)]
    if site_dir is not None:
        problems += _site_problems(channel, Path(site_dir), base_url)
    return problems


# ---- the channel --------------------------------------------------------------------------------


def _required_channel_text(channel: Element) -> Iterator[Problem]:
    for tag in ("title", "description", "language"):
        if not element_text(channel, tag):
            yield Problem(ERROR, "channel", f"<{tag}> is missing (Apple requires it)")
    if not element_text(channel, "link"):
        yield Problem(WARNING, "channel", "<link> to the show's website is missing")
    if not element_text(channel, "itunes:author"):
        yield Problem(WARNING, "channel", "<itunes:author> is missing (Apple recommends it)")
    if not element_text(channel, "itunes:owner/itunes:email"):
        yield Problem(WARNING, "channel", "<itunes:owner> has no <itunes:email>")


def _artwork(channel: Element) -> Iterator[Problem]:
    href = element_attr(channel, "itunes:image", "href")
    if not href:
        yield Problem(ERROR, "channel", "<itunes:image href> (the show's artwork) is missing")
    elif not urlsplit(href).path.lower().endswith(IMAGE_SUFFIXES):
        yield Problem(ERROR, "channel", f"<itunes:image> must be a .jpg or .png, not {href!r}")


def _categories(channel: Element) -> Iterator[Problem]:
    categories = channel.findall("itunes:category", NAMESPACES)
    if not categories:
        yield Problem(ERROR, "channel", "<itunes:category> is missing (Apple requires one)")
    for category in categories:
        name = category.get("text", "")
        if name not in APPLE_CATEGORIES:
            yield Problem(ERROR, "channel", f"{name!r} is not an Apple Podcasts category")
            continue
        for sub in category.findall("itunes:category", NAMESPACES):
            if sub.get("text", "") not in APPLE_CATEGORIES[name]:
                yield Problem(
                    ERROR, "channel", f"{sub.get('text', '')!r} is not a subcategory of {name!r}"
                )


def _explicit(channel: Element) -> Iterator[Problem]:
    value = element_text(channel, "itunes:explicit")
    if not value:
        yield Problem(ERROR, "channel", "<itunes:explicit> is missing (Apple requires it)")
    elif value.lower() in LEGACY_EXPLICIT_VALUES:
        yield Problem(
            WARNING, "channel", f"<itunes:explicit> should be true or false, not {value!r}"
        )
    elif value.lower() not in EXPLICIT_VALUES:
        yield Problem(ERROR, "channel", f"<itunes:explicit> must be true or false, not {value!r}")


def _show_type(channel: Element) -> Iterator[Problem]:
    value = element_text(channel, "itunes:type")
    if value and value not in SHOW_TYPES:
        yield Problem(ERROR, "channel", f"<itunes:type> must be episodic or serial, not {value!r}")


def _self_link(channel: Element) -> Iterator[Problem]:
    if not _self_url(channel):
        yield Problem(WARNING, "channel", '<atom:link rel="self"> (the feed\'s own URL) is missing')


def _podcast_guid(channel: Element) -> Iterator[Problem]:
    value = element_text(channel, "podcast:guid")
    if not value:
        yield Problem(ERROR, "channel", "<podcast:guid> is missing")
        return
    if not is_podcast_guid(value):
        yield Problem(ERROR, "channel", f"<podcast:guid> must be a lowercase UUIDv5, not {value!r}")
        return
    own = _self_url(channel)
    if own and podcast_guid(own) != value:
        yield Problem(
            WARNING,
            "channel",
            f"<podcast:guid> {value} is not the UUIDv5 of the feed URL ({podcast_guid(own)}); "
            "fine only if the feed has moved",
        )


def _locked(channel: Element) -> Iterator[Problem]:
    locked = channel.find("podcast:locked", NAMESPACES)
    if locked is None:
        yield Problem(ERROR, "channel", "<podcast:locked> is missing")
        return
    if (locked.text or "").strip() not in ("yes", "no"):
        yield Problem(ERROR, "channel", "<podcast:locked> must be yes or no")
    owner = locked.get("owner", "").strip()
    if not owner:
        yield Problem(ERROR, "channel", "<podcast:locked> has no owner email")
    elif not EMAIL_RE.match(owner):
        yield Problem(ERROR, "channel", f"<podcast:locked owner> is not an email: {owner!r}")


def _episodes(channel: Element) -> Iterator[Problem]:
    items = channel.findall("item")
    if not items:
        yield Problem(ERROR, "channel", "the feed has no episodes (Apple requires at least one)")
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        guid = element_text(item, "guid")
        if guid and guid in seen:
            yield Problem(ERROR, _item_name(item, index), f"guid {guid!r} is used twice")
        seen.add(guid)


def _moving(channel: Element) -> Iterator[Problem]:
    """itunes:block, itunes:complete, itunes:new-feed-url and a WebSub hub link."""
    for tag in ("itunes:block", "itunes:complete"):
        value = element_text(channel, tag)
        if value and value != "Yes":
            yield Problem(WARNING, "channel", f"<{tag}> takes effect only as Yes, not {value!r}")
    moved = element_text(channel, "itunes:new-feed-url")
    if channel.find("itunes:new-feed-url", NAMESPACES) is not None and not is_web_url(moved):
        yield Problem(ERROR, "channel", f"<itunes:new-feed-url> is not an http(s) URL: {moved!r}")
    for link in channel.findall("atom:link", NAMESPACES):
        if link.get("rel") == "hub" and not is_web_url(link.get("href", "")):
            yield Problem(ERROR, "channel", '<atom:link rel="hub"> has no http(s) href')


def _show_values(channel: Element) -> Iterator[Problem]:
    """podcast:license, podcast:funding, podcast:location, podcast:trailer and
    podcast:updateFrequency."""
    for tag in ("license", "funding", "location", "trailer", "updateFrequency"):
        for element in channel.findall(f"podcast:{tag}", NAMESPACES):
            if not (element.text or "").strip():
                yield Problem(ERROR, "channel", f"<podcast:{tag}> has no text")
    for tag in ("license", "funding", "trailer"):
        for element in channel.findall(f"podcast:{tag}", NAMESPACES):
            url = element.get("url")
            if (url is not None or tag != "license") and not is_web_url(url or ""):
                yield Problem(ERROR, "channel", f"<podcast:{tag} url> is not an http(s) URL")
    for location in channel.findall("podcast:location", NAMESPACES):
        geo = location.get("geo")
        if geo is not None and not GEO_RE.match(geo):
            yield Problem(ERROR, "channel", f"<podcast:location geo> is not a geo URI: {geo!r}")
    for trailer in channel.findall("podcast:trailer", NAMESPACES):
        if parse_date(trailer.get("pubdate", "")) is None:
            yield Problem(ERROR, "channel", "<podcast:trailer pubdate> is not an RFC 2822 date")
        if not ENCLOSURE_TYPE_RE.match(trailer.get("type", "audio/mpeg")):
            yield Problem(ERROR, "channel", "<podcast:trailer type> is not an audio/video type")
    for frequency in channel.findall("podcast:updateFrequency", NAMESPACES):
        rrule = frequency.get("rrule")
        if rrule is not None and not RRULE_RE.match(rrule):
            yield Problem(
                ERROR, "channel", f"<podcast:updateFrequency rrule> is not an RRULE: {rrule!r}"
            )


CHANNEL_CHECKS: tuple[Callable[[Element], Iterator[Problem]], ...] = (
    _required_channel_text,
    _artwork,
    _categories,
    _explicit,
    _show_type,
    _self_link,
    _podcast_guid,
    _locked,
    _episodes,
    _moving,
    _show_values,
)


# ---- each item ----------------------------------------------------------------------------------


def _item_text(item: Element, where: str) -> Iterator[Problem]:
    if not element_text(item, "title"):
        yield Problem(ERROR, where, "<title> is missing")
    if not element_text(item, "guid"):
        yield Problem(ERROR, where, "<guid> is missing (apps use it to tell episodes apart)")
    if not (element_text(item, "description") or element_text(item, "content:encoded")):
        yield Problem(WARNING, where, "<description> (show notes) is missing")


def _enclosure(item: Element, where: str) -> Iterator[Problem]:
    enclosure = item.find("enclosure")
    if enclosure is None:
        yield Problem(ERROR, where, "<enclosure> (the audio) is missing")
        return
    url = enclosure.get("url", "")
    if not is_web_url(url):
        yield Problem(ERROR, where, f"<enclosure url> is not an http(s) URL: {url!r}")
    if parse_positive_int(enclosure.get("length", "")) is None:
        yield Problem(ERROR, where, "<enclosure length> must be the file's size in bytes (> 0)")
    kind = enclosure.get("type", "")
    if not ENCLOSURE_TYPE_RE.match(kind):
        yield Problem(
            ERROR, where, f"<enclosure type> must be an audio or video type, not {kind!r}"
        )


def _published(item: Element, where: str) -> Iterator[Problem]:
    value = element_text(item, "pubDate")
    if not value:
        yield Problem(WARNING, where, "<pubDate> is missing")
    elif not _plausible_year(value):
        yield Problem(ERROR, where, f"<pubDate> must have a year of two digits or four from "
                                    f"{MIN_YEAR}: {value!r}")
    elif parse_date(value) is None:
        yield Problem(ERROR, where, f"<pubDate> is not an RFC 2822 date: {value!r}")


def _plausible_year(value: str) -> bool:
    """Whether an RFC 2822 date's year is written as RSS allows: two digits, or four from 1900
    (RFC 5322); parsers read "0001" and "001" as 2001, so parsing alone would accept them.

    >>> [_plausible_year(f"Tue, 02 Jan {year} 10:00:00 +0100") for year in ("2024", "24", "0001")]
    [True, True, False]
    >>> _plausible_year("1 Jan 001 0:00"), _plausible_year("not a date")
    (False, True)
    """
    match = _YEAR_RE.match(value)
    if match is None:
        return True  # not a date at all: parse_date says so
    year = match["year"]
    return len(year) == 2 or (len(year) == 4 and int(year) >= MIN_YEAR)


def _duration(item: Element, where: str) -> Iterator[Problem]:
    value = element_text(item, "itunes:duration")
    if not value:
        yield Problem(WARNING, where, "<itunes:duration> is missing")
    elif parse_duration(value) is None:
        yield Problem(ERROR, where, f"<itunes:duration> is not a duration: {value!r}")


def _numbering(item: Element, where: str) -> Iterator[Problem]:
    kind = element_text(item, "itunes:episodeType")
    if kind and kind not in EPISODE_TYPES:
        yield Problem(
            ERROR, where, f"<itunes:episodeType> must be one of {', '.join(EPISODE_TYPES)}"
        )
    for tag in ("itunes:episode", "itunes:season", "podcast:season"):
        value = element_text(item, tag)
        if value and parse_positive_int(value) is None:
            yield Problem(ERROR, where, f"<{tag}> must be a positive whole number, not {value!r}")
    value = element_text(item, "podcast:episode")
    # podcast:episode may be a decimal (episode 1.5 between 1 and 2).
    if value and not (parse_duration(value) or 0) > 0:
        yield Problem(ERROR, where, f"<podcast:episode> must be a positive number, not {value!r}")


def _transcripts(item: Element, where: str) -> Iterator[Problem]:
    for transcript in item.findall("podcast:transcript", NAMESPACES):
        url = transcript.get("url", "")
        kind = transcript.get("type", "")
        if not is_web_url(url):
            yield Problem(ERROR, where, f"<podcast:transcript url> is not an http(s) URL: {url!r}")
        if kind not in TRANSCRIPT_TYPES:
            yield Problem(
                ERROR,
                where,
                f"<podcast:transcript type> {kind!r} is not one of {', '.join(TRANSCRIPT_TYPES)}",
            )
        if not transcript.get("language"):
            yield Problem(WARNING, where, f"<podcast:transcript> {url} has no language")


def _chapters(item: Element, where: str) -> Iterator[Problem]:
    for chapters in item.findall("podcast:chapters", NAMESPACES):
        if not is_web_url(chapters.get("url", "")):
            yield Problem(ERROR, where, "<podcast:chapters url> is not an http(s) URL")
        if chapters.get("type") != CHAPTERS_TYPE:
            yield Problem(ERROR, where, f"<podcast:chapters type> must be {CHAPTERS_TYPE}")


def _soundbites(item: Element, where: str) -> Iterator[Problem]:
    for bite in item.findall("podcast:soundbite", NAMESPACES):
        start, duration = _seconds(bite.get("startTime")), _seconds(bite.get("duration"))
        if start is None or start < 0:
            yield Problem(ERROR, where, "<podcast:soundbite startTime> must be seconds (>= 0)")
        if duration is None or duration <= 0:
            yield Problem(ERROR, where, "<podcast:soundbite duration> must be seconds (> 0)")
        elif duration > MAX_SOUNDBITE_SECONDS:
            yield Problem(
                WARNING, where,
                f"<podcast:soundbite> of {duration:g} s: the namespace recommends at most "
                f"{MAX_SOUNDBITE_SECONDS} s",
            )


def _seconds(value: str | None) -> float | None:
    """A decimal number of seconds, or None when it is not one.

    >>> _seconds("73.5"), _seconds("1:10"), _seconds("nan"), _seconds(None)
    (73.5, None, None, None)
    """
    try:
        seconds = float(value) if value is not None and value.strip() else None
    except ValueError:
        return None
    return seconds if seconds is not None and math.isfinite(seconds) else None


def _persons(item: Element, where: str) -> Iterator[Problem]:
    for person in item.findall("podcast:person", NAMESPACES):
        if not (person.text or "").strip():
            yield Problem(ERROR, where, "<podcast:person> has no name")


def _item_artwork_and_explicit(item: Element, where: str) -> Iterator[Problem]:
    """An item's own itunes:image and itunes:explicit (Podcast Index reads explicit per item)."""
    href = element_attr(item, "itunes:image", "href")
    if href and not urlsplit(href).path.lower().endswith(IMAGE_SUFFIXES):
        yield Problem(ERROR, where, f"<itunes:image> must be a .jpg or .png, not {href!r}")
    value = element_text(item, "itunes:explicit")
    if value and value.lower() in LEGACY_EXPLICIT_VALUES:
        yield Problem(WARNING, where, f"<itunes:explicit> should be true or false, not {value!r}")
    elif value and value.lower() not in EXPLICIT_VALUES:
        yield Problem(ERROR, where, f"<itunes:explicit> must be true or false, not {value!r}")


ITEM_CHECKS: tuple[Callable[[Element, str], Iterator[Problem]], ...] = (
    _item_text,
    _enclosure,
    _published,
    _duration,
    _numbering,
    _transcripts,
    _chapters,
    _soundbites,
    _persons,
    _item_artwork_and_explicit,
)


# ---- URLs into the site -------------------------------------------------------------------------


def _site_problems(channel: Element, site_dir: Path, base_url: str | None) -> Iterator[Problem]:
    base = base_url or (urljoin(_self_url(channel), ".") if _self_url(channel) else "")
    if not base:
        yield Problem(
            WARNING, "site", "no base URL (--base-url or a self link): site URLs not checked"
        )
        return
    base = base if base.endswith("/") else base + "/"
    root = site_dir.resolve()
    artwork = element_attr(channel, "itunes:image", "href")
    checked: set[tuple[str, int | None]] = set()
    for where, url, length in _site_urls(channel):
        if not url.startswith(base) or (url, length) in checked:
            continue
        checked.add((url, length))
        relative = unquote(urlsplit(url[len(base):]).path)
        if not relative or relative.endswith("/"):
            relative += "index.html"
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            yield Problem(ERROR, where, f"{url} points outside the site folder")
        elif not path.is_file():
            yield Problem(ERROR, where, f"{url} does not resolve to a file in {site_dir}")
        elif length is not None and length != path.stat().st_size:
            yield Problem(
                ERROR,
                where,
                f"<enclosure length> is {length} but {url} has {path.stat().st_size} bytes",
            )
        elif url == artwork:
            yield from _artwork_file(path, url)


def _site_urls(channel: Element) -> Iterator[tuple[str, str, int | None]]:
    """Every URL of the feed that a reader may follow, with where it is and a declared length."""
    yield "channel", _self_url(channel), None
    yield "channel", element_text(channel, "link"), None
    yield "channel", element_attr(channel, "itunes:image", "href"), None
    yield "channel", element_text(channel, "image/url"), None
    for trailer in channel.findall("podcast:trailer", NAMESPACES):
        yield "channel", trailer.get("url", ""), parse_positive_int(trailer.get("length", ""))
    for index, item in enumerate(channel.findall("item"), start=1):
        where = _item_name(item, index)
        enclosure = item.find("enclosure")
        if enclosure is not None:
            yield where, enclosure.get("url", ""), parse_positive_int(enclosure.get("length", ""))
        yield where, element_text(item, "link"), None
        yield where, element_attr(item, "itunes:image", "href"), None
        for tag in ("podcast:transcript", "podcast:chapters"):
            for element in item.findall(tag, NAMESPACES):
                yield where, element.get("url", ""), None


def _artwork_file(path: Path, url: str) -> Iterator[Problem]:
    try:
        artwork = read_artwork(path)
    except CoverArtError as exc:
        # The error names the file in the site; the feed's reader knows it by its URL.
        yield Problem(ERROR, "channel", str(exc).replace(str(path), url, 1))
        return
    width, height, mode = artwork.width, artwork.height, artwork.mode
    if width != height:
        yield Problem(ERROR, "channel", f"the artwork must be square, not {width}x{height}")
    if not MIN_ARTWORK_PX <= width <= MAX_ARTWORK_PX:
        yield Problem(
            ERROR,
            "channel",
            f"the artwork is {width} px wide; Apple requires {MIN_ARTWORK_PX}-{MAX_ARTWORK_PX} px",
        )
    if mode == "CMYK":
        yield Problem(ERROR, "channel", "the artwork must be RGB, not CMYK")


# ---- helpers ------------------------------------------------------------------------------------


def _self_url(channel: Element) -> str:
    for link in channel.findall("atom:link", NAMESPACES):
        if link.get("rel") == "self" and link.get("href"):
            return link.get("href", "").strip()
    return ""


def _item_name(item: Element, index: int) -> str:
    """How a problem names an item: its position and its guid (or title)."""
    label = clean_line(element_text(item, "guid") or element_text(item, "title"), 60)
    return f"item {index} ({label})" if label else f"item {index}"

