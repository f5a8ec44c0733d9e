"""A feedgen extension for the Podcasting 2.0 namespace (`podcast:*`).

feedgen ships an extension for Apple's `itunes:*` tags only. This one follows its design (a
channel class and an item class, registered with `fg.register_extension`) but is configured
through plain attributes instead of feedgen's getter/setter methods:

    fg.register_extension("podcast_ns", PodcastNamespace, PodcastNamespaceEntry)
    fg.podcast_ns.guid = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml.etree import SubElement

from podcast.namespace_values import Soundbite, Trailer, TranscriptLink
from podcast.show import Funding, Location, Person, UpdateFrequency

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
CHAPTERS_TYPE = "application/json+chapters"


def _tag(name: str) -> str:
    return f"{{{PODCAST_NS}}}{name}"


def _seconds(value: float) -> str:
    """Seconds as the namespace writes them: a decimal with at most three places.

    >>> _seconds(73), _seconds(12.3456)
    ('73.0', '12.346')
    """
    return str(round(float(value), 3))


def _persons(parent: object, persons: tuple[Person, ...]) -> None:
    for person in persons:
        element = SubElement(parent, _tag("person"))
        element.attrib["role"] = person.role
        if person.href:
            element.attrib["href"] = person.href
        if person.img:
            element.attrib["img"] = person.img
        element.text = person.name


class PodcastNamespace(BaseExtension):
    """Channel tags: podcast:guid, podcast:locked, podcast:person, podcast:license,
    podcast:funding, podcast:location, podcast:trailer and podcast:updateFrequency."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.persons: tuple[Person, ...] = ()
        self.license: str | None = None
        self.license_url: str | None = None
        self.funding: tuple[Funding, ...] = ()
        self.location: Location | None = None
        self.trailers: tuple[Trailer, ...] = ()
        self.update_frequency: UpdateFrequency | None = None
        self.complete = False

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed):  # type: ignore[no-untyped-def]
        channel = feed[0]
        if self.guid:
            SubElement(channel, _tag("guid")).text = self.guid
        if self.locked is not None:
            locked = SubElement(channel, _tag("locked"))
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        _persons(channel, self.persons)
        if self.license:
            element = SubElement(channel, _tag("license"))
            element.text = self.license
            if self.license_url:
                element.attrib["url"] = self.license_url
        for funding in self.funding:
            SubElement(channel, _tag("funding"), url=funding.url).text = funding.text
        if self.location is not None:
            element = SubElement(channel, _tag("location"))
            element.text = self.location.name
            if self.location.geo:
                element.attrib["geo"] = self.location.geo
            if self.location.osm:
                element.attrib["osm"] = self.location.osm
        for trailer in self.trailers:
            element = SubElement(
                channel, _tag("trailer"), url=trailer.url, pubdate=trailer.pubdate,
                length=str(trailer.length), type=trailer.type,
            )
            if trailer.season is not None:
                element.attrib["season"] = str(trailer.season)
            element.text = trailer.title
        if self.update_frequency is not None:
            element = SubElement(channel, _tag("updateFrequency"))
            element.text = self.update_frequency.text
            if self.update_frequency.rrule:
                element.attrib["rrule"] = self.update_frequency.rrule
            if self.complete:
                element.attrib["complete"] = "true"
        return feed


class PodcastNamespaceEntry(BaseEntryExtension):
    """Item tags: podcast:season, podcast:episode, podcast:transcript, podcast:chapters,
    podcast:soundbite and persons."""

    def __init__(self) -> None:
        self.season: int | None = None
        self.episode: int | None = None
        self.transcripts: tuple[TranscriptLink, ...] = ()
        self.chapters_url: str | None = None
        self.soundbites: tuple[Soundbite, ...] = ()
        self.persons: tuple[Person, ...] = ()

    def extend_rss(self, entry):  # type: ignore[no-untyped-def]
        if self.season is not None:
            SubElement(entry, _tag("season")).text = str(self.season)
        if self.episode is not None:
            SubElement(entry, _tag("episode")).text = str(self.episode)
        for transcript in self.transcripts:
            element = SubElement(
                entry, _tag("transcript"), url=transcript.url, type=transcript.type
            )
            if transcript.language:
                element.attrib["language"] = transcript.language
            if transcript.rel:
                element.attrib["rel"] = transcript.rel
        if self.chapters_url:
            SubElement(entry, _tag("chapters"), url=self.chapters_url, type=CHAPTERS_TYPE)
        for bite in self.soundbites:
            element = SubElement(
                entry, _tag("soundbite"), startTime=_seconds(bite.start),
                duration=_seconds(bite.duration),
            )
            if bite.title:
                element.text = bite.title
        _persons(entry, self.persons)
        return entry
