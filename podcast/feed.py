"""The podcast feed: RSS 2.0 with Apple's `itunes:*` tags and the Podcasting 2.0 `podcast:*` tags.

feedgen writes the RSS; its podcast extension writes `itunes:*`, except `itunes:explicit`
(feedgen 1.0 only knows yes/no/clean, Apple now asks for true/false) and `itunes:image`
(feedgen silently drops a `.jpeg` URL), which `_ItunesExtension` writes itself. Our
`podcast_namespace` extension writes `podcast:*`. Show notes are untrusted HTML: they are
sanitised with nh3 (a small set of tags, http/https/mailto links only) and bounded; titles and
names are reduced to one printable line and bounded; lxml escapes what is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

# feedgen's extension modules need lxml.etree, which only feedgen.feed imports: load it first.
from feedgen.feed import FeedGenerator  # isort: split

from feedgen.ext.podcast import PodcastExtension
from feedgen.ext.podcast_entry import PodcastEntryExtension
from lxml.etree import SubElement

from podcast.errors import FeedBuildError
from podcast.lines import clean_line
from podcast.podcast_namespace import (
    PodcastNamespace,
    PodcastNamespaceEntry,
    Soundbite,
    Trailer,
    TranscriptLink,
)
from podcast.show import Person, Show, is_web_url
from text.cleaning import MAX_TITLE_CHARS, plain_as_html
from text.dates import MAX_YEAR, MIN_YEAR, is_feed_date
from text.notes import sanitise_notes

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_NAME_CHARS = 128
MAX_SOUNDBITE_TITLE_CHARS = 128
EPISODE_TYPES = ("full", "trailer", "bonus")
# podcast:transcript types the Podcasting 2.0 spec names (SRT under both of its MIME names).
TRANSCRIPT_TYPES = (
    "text/vtt", "application/json", "application/x-subrip", "application/srt", "text/html",
    "text/plain",
)
# XML 1.0 cannot carry these at all; lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

@dataclass(frozen=True)
class FeedEpisode:
    """One episode as the feed shows it; notes_html is untrusted and gets sanitised."""

    guid: str
    title: str
    notes_html: str
    published: datetime
    enclosure_url: str
    enclosure_bytes: int
    enclosure_type: str
    duration: float
    link: str | None = None
    episode: int | None = None
    season: int | None = None
    episode_type: str = "full"
    transcripts: tuple[TranscriptLink, ...] = ()
    chapters_url: str | None = None
    persons: tuple[Person, ...] = ()
    image: str | None = None
    soundbites: tuple[Soundbite, ...] = ()
    # Podcast Index reads itunes:explicit per item and does not fall back to the channel's:
    # None writes the show's own.
    explicit: bool | None = None


class _ItunesExtension(PodcastExtension):
    """feedgen's itunes extension plus itunes:explicit as true/false, any JPEG/PNG image URL,
    itunes:block, itunes:complete, itunes:new-feed-url and a WebSub hub link."""

    def __init__(self) -> None:
        super().__init__()
        self.explicit: bool | None = None
        self.image: str | None = None
        self.block = False
        self.complete = False
        self.new_feed_url: str | None = None
        self.hub: str | None = None

    def extend_rss(self, rss_feed):  # type: ignore[no-untyped-def]
        rss_feed = super().extend_rss(rss_feed)
        channel = rss_feed[0]
        if self.image:
            SubElement(channel, f"{{{ITUNES_NS}}}image", href=self.image)
        if self.explicit is not None:
            SubElement(channel, f"{{{ITUNES_NS}}}explicit").text = str(self.explicit).lower()
        if self.block:
            SubElement(channel, f"{{{ITUNES_NS}}}block").text = "Yes"
        if self.complete:
            SubElement(channel, f"{{{ITUNES_NS}}}complete").text = "Yes"
        if self.new_feed_url:
            SubElement(channel, f"{{{ITUNES_NS}}}new-feed-url").text = self.new_feed_url
        if self.hub:
            SubElement(channel, f"{{{ATOM_NS}}}link", rel="hub", href=self.hub)
        return rss_feed


class _ItunesEntryExtension(PodcastEntryExtension):
    """feedgen's itunes item extension plus itunes:explicit as true/false and any JPEG/PNG
    itunes:image URL."""

    def __init__(self) -> None:
        super().__init__()
        self.explicit: bool | None = None
        self.image: str | None = None

    def extend_rss(self, entry):  # type: ignore[no-untyped-def]
        entry = super().extend_rss(entry)
        if self.image:
            SubElement(entry, f"{{{ITUNES_NS}}}image", href=self.image)
        if self.explicit is not None:
            SubElement(entry, f"{{{ITUNES_NS}}}explicit").text = str(self.explicit).lower()
        return entry


def build_feed(
    show: Show,
    episodes: Sequence[FeedEpisode],
    *,
    feed_url: str,
    image_url: str,
    guid: str,
    trailers: Sequence[Trailer] = (),
) -> bytes:
    """The feed.xml of `show` with `episodes`, newest first, as UTF-8 bytes."""
    _require_url(feed_url, "feed_url")
    _require_url(image_url, "image_url")
    fg = FeedGenerator()
    fg.register_extension("podcast", _ItunesExtension, _ItunesEntryExtension)
    fg.register_extension("podcast_ns", PodcastNamespace, PodcastNamespaceEntry)
    # The self link must come first: feedgen uses the last link as the channel's <link>.
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link, rel="alternate")
    fg.title(clean_line(show.title, MAX_TITLE_CHARS))
    # Apps render a channel description as HTML: the show's plain text must not become markup.
    fg.description(plain_as_html(_clean_text(show.description)))
    fg.language(show.language)
    fg.generator("innocast")
    fg.image(url=image_url, title=clean_line(show.title, MAX_TITLE_CHARS), link=show.link)
    if show.copyright:
        fg.copyright(clean_line(show.copyright, MAX_TITLE_CHARS))
    itunes: _ItunesExtension = fg.podcast
    itunes.itunes_author(clean_line(show.author, MAX_NAME_CHARS))
    itunes.itunes_owner(name=clean_line(show.owner_name, MAX_NAME_CHARS), email=show.owner_email)
    itunes.itunes_category([{"cat": cat, "sub": sub} if sub else {"cat": cat}
                            for cat, sub in show.categories])
    itunes.itunes_type(show.type)
    itunes.explicit = show.explicit
    itunes.image = image_url
    itunes.block, itunes.complete = show.block, show.complete
    for url, name in ((show.new_feed_url, "new_feed_url"), (show.websub_hub, "websub_hub")):
        if url is not None:
            _require_url(url, name)
    itunes.new_feed_url, itunes.hub = show.new_feed_url, show.websub_hub
    namespace: PodcastNamespace = fg.podcast_ns
    namespace.guid = guid
    namespace.locked = show.locked
    namespace.locked_owner = show.owner_email
    namespace.persons = tuple(_clean_person(person) for person in show.persons)
    namespace.license, namespace.license_url = show.license, show.license_url
    namespace.funding = show.funding
    namespace.location = show.location
    namespace.update_frequency = show.update_frequency
    namespace.complete = show.complete
    for trailer in trailers:
        _require_url(trailer.url, "trailer url")
    namespace.trailers = tuple(trailers)

    ordered = sorted(episodes, key=lambda episode: _aware(episode).published, reverse=True)
    seen: set[str] = set()
    for episode in ordered:
        if episode.guid in seen:
            raise FeedBuildError(f"episode {episode.guid!r}: the guid is used twice")
        seen.add(episode.guid)
        _add_episode(fg, episode, show.explicit)
    if ordered:
        # A fixed build date keeps the feed byte-identical when nothing changed.
        fg.lastBuildDate(ordered[0].published)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _add_episode(fg: FeedGenerator, episode: FeedEpisode, show_explicit: bool) -> None:
    where = f"episode {episode.guid!r}"
    guid = clean_line(episode.guid, MAX_TITLE_CHARS)
    if not guid:
        raise FeedBuildError(f"{where}: the guid is empty")
    _require_url(episode.enclosure_url, f"{where}: enclosure_url")
    if episode.enclosure_bytes <= 0:
        raise FeedBuildError(f"{where}: enclosure_bytes must be positive")
    if not episode.duration >= 0:
        raise FeedBuildError(f"{where}: duration must not be negative")
    if episode.episode_type not in EPISODE_TYPES:
        raise FeedBuildError(f"{where}: episode_type must be one of {', '.join(EPISODE_TYPES)}")
    for name in ("episode", "season"):
        number = getattr(episode, name)
        if number is not None and number < 1:
            raise FeedBuildError(f"{where}: {name} must be a positive number")
    for transcript in episode.transcripts:
        _require_url(transcript.url, f"{where}: transcript url")
        if transcript.type not in TRANSCRIPT_TYPES:
            raise FeedBuildError(f"{where}: unknown transcript type {transcript.type!r}")
    entry = fg.add_entry(order="append")
    entry.guid(guid, permalink=False)
    entry.title(clean_line(episode.title, MAX_TITLE_CHARS) or "(untitled)")
    notes = sanitise_notes(episode.notes_html)
    if notes:
        entry.description(notes)
    entry.pubDate(episode.published)
    entry.enclosure(episode.enclosure_url, str(episode.enclosure_bytes), episode.enclosure_type)
    if episode.link:
        _require_url(episode.link, f"{where}: link")
        entry.link(href=episode.link)
    itunes: _ItunesEntryExtension = entry.podcast
    itunes.explicit = show_explicit if episode.explicit is None else episode.explicit
    itunes.itunes_duration(str(round(episode.duration)))
    itunes.itunes_episode_type(episode.episode_type)
    if episode.episode is not None:
        itunes.itunes_episode(episode.episode)
    if episode.season is not None:
        itunes.itunes_season(episode.season)
    if episode.image:
        _require_url(episode.image, f"{where}: image")
        itunes.image = episode.image
    namespace: PodcastNamespaceEntry = entry.podcast_ns
    namespace.season = episode.season
    namespace.episode = episode.episode
    namespace.transcripts = episode.transcripts
    if episode.chapters_url:
        _require_url(episode.chapters_url, f"{where}: chapters_url")
        namespace.chapters_url = episode.chapters_url
    namespace.soundbites = tuple(_clean_soundbite(bite, episode, where)
                                 for bite in episode.soundbites)
    namespace.persons = tuple(_clean_person(person) for person in episode.persons)


def _clean_text(text: str) -> str:
    return _NOT_XML.sub("", text).strip()


def _clean_soundbite(bite: Soundbite, episode: FeedEpisode, where: str) -> Soundbite:
    """A soundbite that lies within the episode, its title one bounded line."""
    if not (0 <= bite.start < episode.duration and bite.duration > 0):
        raise FeedBuildError(f"{where}: a soundbite at {bite.start} s lies outside the episode")
    return Soundbite(bite.start, min(bite.duration, episode.duration - bite.start),
                     clean_line(bite.title, MAX_SOUNDBITE_TITLE_CHARS))


def _clean_person(person: Person) -> Person:
    return Person(
        name=clean_line(person.name, MAX_NAME_CHARS),
        role=clean_line(person.role, MAX_NAME_CHARS).lower() or "host",
        href=person.href if person.href and is_web_url(person.href) else None,
        img=person.img if person.img and is_web_url(person.img) else None,
    )


def _aware(episode: FeedEpisode) -> FeedEpisode:
    published = episode.published
    if published.tzinfo is None or published.utcoffset() is None:
        raise FeedBuildError(f"episode {episode.guid!r}: published has no time zone")
    if not is_feed_date(published):
        raise FeedBuildError(f"episode {episode.guid!r}: published {published.isoformat()} is "
                             f"not an RSS date (years {MIN_YEAR} to {MAX_YEAR})")
    return episode


def _require_url(url: str, what: str) -> None:
    if not is_web_url(url):
        raise FeedBuildError(f"{what}: not an http(s) URL: {clean_line(url, 100)!r}")
