"""The values of the podcast namespace's episode tags: transcripts, soundbites, trailers.

Apart from `podcast.podcast_namespace`, the feedgen extension that writes them, so that reading
a config or a catalog record does not import the feed writer and lxml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TranscriptLink:
    """A podcast:transcript: where a transcript is, its MIME type and language."""

    url: str
    type: str
    language: str
    rel: str | None = None


@dataclass(frozen=True)
class Soundbite:
    """A podcast:soundbite: a stretch (start and duration in seconds) worth hearing alone."""

    start: float
    duration: float
    title: str = ""


@dataclass(frozen=True)
class Trailer:
    """A podcast:trailer: an audio file introducing the show, with its date and size."""

    url: str
    title: str
    pubdate: str  # RFC 2822, as RSS writes dates
    length: int
    type: str
    season: int | None = None
