"""Importing an existing podcast: its RSS feed read into plain show and episode records.

A table maps each episode field to where it is found in an <item> (first match wins), so a new
source of a field is one line. Everything read is untrusted: text is reduced to bounded single
lines, URLs must be http(s), numbers must be positive; the notes stay HTML but are sanitised
here already (and again whenever a feed is built). An item without audio is not an episode; the
same guid or the same audio URL twice is one episode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

from fetching import DEFAULT_TIMEOUT
from podcast.errors import FeedImportError
from podcast.feed_document import (
    element_attr,
    element_text,
    parse_feed_document,
    read_feed_bytes,
)
from podcast.lines import clean_line
from podcast.show import is_podcast_guid, is_web_url
from text.cleaning import MAX_TITLE_CHARS
from text.dates import is_feed_date
from text.notes import sanitise_notes
from text.times import media_seconds

MAX_TEXT_CHARS = 4000


@dataclass(frozen=True)
class RemoteShow:
    """The channel of an imported feed."""

    title: str
    description: str
    link: str | None
    language: str | None
    author: str | None
    image: str | None
    guid: str | None


@dataclass(frozen=True)
class RemoteEpisode:
    """One episode of an imported feed; its audio is still at audio_url."""

    guid: str
    title: str
    notes_html: str
    published: datetime | None
    audio_url: str
    audio_type: str | None
    audio_bytes: int | None
    duration: float | None
    episode: int | None
    season: int | None
    link: str | None
    image: str | None


def import_podcast_feed(
    url: str,
    *,
    allow_private: bool = False,
    client: object | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[RemoteShow, list[RemoteEpisode]]:
    """Fetch a podcast feed and read its show and episodes (FeedImportError naming the URL)."""
    xml = read_feed_bytes(
        url, allow_private=allow_private, client=client, error=FeedImportError, timeout=timeout
    )
    return read_podcast_feed(xml, source=url)


def read_podcast_feed(xml: bytes, *, source: str) -> tuple[RemoteShow, list[RemoteEpisode]]:
    """Read a podcast RSS document into its show and episodes, in the feed's order."""
    channel = parse_feed_document(xml, source=source, error=FeedImportError)
    show = RemoteShow(
        title=clean_line(element_text(channel, "title"), MAX_TITLE_CHARS),
        description=element_text(channel, "description", "itunes:summary")[:MAX_TEXT_CHARS].strip(),
        link=_url(element_text(channel, "link")),
        language=clean_line(element_text(channel, "language"), 32) or None,
        author=clean_line(element_text(channel, "itunes:author"), MAX_TITLE_CHARS) or None,
        image=_url(
            element_attr(channel, "itunes:image", "href") or element_text(channel, "image/url")
        ),
        guid=_guid(element_text(channel, "podcast:guid")),
    )
    episodes: list[RemoteEpisode] = []
    seen: set[str] = set()
    for item in channel.findall("item"):
        episode = _episode(item)
        if episode is None or episode.guid in seen or episode.audio_url in seen:
            continue
        seen.update((episode.guid, episode.audio_url))
        episodes.append(episode)
    return show, episodes


def parse_duration(value: str) -> float | None:
    """Seconds from an itunes:duration (`SS`, `MM:SS`, `HH:MM:SS`, decimals allowed).

    >>> parse_duration("3723"), parse_duration("62:03"), parse_duration("1:02:03")
    (3723.0, 3723.0, 3723.0)
    >>> parse_duration("12.5")
    12.5
    >>> parse_duration(""), parse_duration("soon"), parse_duration("1:2:3:4"), parse_duration("-5")
    (None, None, None, None)
    >>> parse_duration("inf"), parse_duration("nan"), parse_duration("9" * 400)
    (None, None, None)
    """
    parts = value.strip().split(":")
    if not value.strip() or len(parts) > 3:
        return None
    seconds = 0.0
    for part in parts:
        try:
            number = float(part)
        except ValueError:
            return None
        if number < 0 or number != number:
            return None
        seconds = seconds * 60 + number
    return media_seconds(seconds)


def parse_positive_int(value: str) -> int | None:
    """A positive integer, or None for anything else.

    >>> parse_positive_int(" 12 "), parse_positive_int("0"), parse_positive_int("x")
    (12, None, None)
    """
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number > 0 else None


def parse_date(value: str) -> datetime | None:
    """An RFC 2822 date (pubDate) as a time-zone-aware datetime; None if it cannot be read.

    >>> parse_date("Tue, 02 Jan 2024 10:00:00 +0100").isoformat()
    '2024-01-02T10:00:00+01:00'
    >>> parse_date("yesterday") is None, parse_date("Mon, 01 Jan 1001 00:00:00 +0100") is None
    (True, True)
    """
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed if is_feed_date(parsed) else None


# Each field: the paths to look in, first match wins, and how to turn the text into the value.
_FIELDS: dict[str, tuple[tuple[str, ...], Callable[[str], object]]] = {
    "title": (("title", "itunes:title"), lambda text: clean_line(text, MAX_TITLE_CHARS)),
    "notes_html": (
        ("content:encoded", "description", "itunes:summary"),
        sanitise_notes,
    ),
    "published": (("pubDate",), parse_date),
    "duration": (("itunes:duration",), parse_duration),
    "episode": (("itunes:episode", "podcast:episode"), parse_positive_int),
    "season": (("itunes:season", "podcast:season"), parse_positive_int),
    "link": (("link",), lambda text: _url(text)),
}


def _episode(item: Element) -> RemoteEpisode | None:
    enclosure = next(
        (e for e in item.findall("enclosure") if _url(e.get("url", ""))), None
    )
    if enclosure is None:
        return None
    audio_url = enclosure.get("url", "").strip()
    values: dict[str, object] = {}
    for name, (paths, parse) in _FIELDS.items():
        text = element_text(item, *paths)
        values[name] = parse(text) if text else None
    guid = clean_line(element_text(item, "guid"), MAX_TITLE_CHARS) or audio_url
    return RemoteEpisode(
        guid=guid,
        title=str(values["title"] or "") or guid,
        notes_html=str(values["notes_html"] or ""),
        published=values["published"],  # type: ignore[arg-type]
        audio_url=audio_url,
        audio_type=clean_line(enclosure.get("type", ""), 100) or None,
        audio_bytes=parse_positive_int(enclosure.get("length", "")),
        duration=values["duration"],  # type: ignore[arg-type]
        episode=values["episode"],  # type: ignore[arg-type]
        season=values["season"],  # type: ignore[arg-type]
        link=values["link"],  # type: ignore[arg-type]
        image=_url(element_attr(item, "itunes:image", "href")),
    )


def _url(value: str) -> str | None:
    value = value.strip()
    return value if value and len(value) <= 2000 and is_web_url(value) else None


def _guid(value: str) -> str | None:
    value = value.strip().lower()
    return value if is_podcast_guid(value) else None
