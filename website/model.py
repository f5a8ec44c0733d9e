"""View models the publishing step hands to the site: plain, typed data.

The types are trusted, the texts in them are not: titles, notes, transcripts and news bodies come
from outside, so templates escape every string, and `notes_html` is sanitised again before use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

KEY_DOC = """An item view's `key`: a fingerprint of everything the view holds, made by its publisher
from the inputs it was built from (the item's record, its transcript's content key, its tags,
related items and events), so that the renderer can tell an unchanged page without reading a
transcript's segments. Equal keys promise equal views; without a key the renderer fingerprints
the view's content itself."""


@dataclass(frozen=True)
class SegmentView:
    """One transcript segment: its position, times in seconds and text."""

    index: int
    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class ChapterView:
    """A chapter of an episode: where it starts (seconds), its title and an optional link."""

    start: float
    title: str
    url: str | None = None


@dataclass(frozen=True)
class SoundbiteView:
    """A soundbite: a short stretch worth hearing on its own (start and duration, seconds)."""

    start: float
    duration: float
    title: str


@dataclass(frozen=True)
class EvidenceView:
    """A phrase that made a theme tag, how often it occurs, and where it first occurs: its
    moment in the audio (time, segment) or its paragraph in a news item, when known."""

    text: str
    time: float | None = None
    segment: int | None = None
    count: int = 1
    paragraph: int | None = None


@dataclass(frozen=True)
class ThemeRef:
    """A theme as tagged on one item, with its score and evidence; a theme an editor confirmed
    that the tagger did not find has no score."""

    id: str
    label: str
    score: float | None
    confirmed: bool = False
    evidence: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True)
class RelatedView:
    """An episode or news item related to the one a page shows."""

    kind: str  # "episode" or "news"
    slug: str
    title: str


@dataclass(frozen=True)
class EventView:
    """An event a news item announces: when (Stockholm time), where, and its calendar file."""

    id: str
    title: str
    starts: datetime
    ends: datetime | None
    all_day: bool
    place: str | None
    news_slug: str
    news_title: str
    ics_url: str


@dataclass(frozen=True)
class AccessibilityView:
    """What the accessibility statement says: who publishes the site, how to reach them, and
    the gaps they know of."""

    publisher: str
    contact_email: str
    contact_url: str | None = None
    gaps: tuple[str, ...] = ()
    assessed: date | None = None


@dataclass(frozen=True)
class EpisodeView:
    """An episode page's content: metadata, audio, transcript and themes."""

    slug: str
    title: str
    published: date
    number: int | None
    season: int | None
    notes_html: str
    audio_url: str
    audio_type: str
    duration: float
    segments: tuple[SegmentView, ...]
    transcript_files: Mapping[str, str]
    themes: tuple[ThemeRef, ...]
    language: str = "sv"
    manuscript_synced: bool = False
    machine_transcript_url: str | None = None
    chapters: tuple[ChapterView, ...] = ()
    chapters_found: bool = False
    soundbites: tuple[SoundbiteView, ...] = ()
    related: tuple[RelatedView, ...] = ()
    image_url: str | None = None
    # A fingerprint of the inputs this view was made from (see KEY_DOC).
    key: str | None = None


@dataclass(frozen=True)
class NewsView:
    """A news item page's content: text paragraphs separated by blank lines, and themes."""

    slug: str
    title: str
    published: date | None
    body: str
    source_url: str | None
    author: str | None
    themes: tuple[ThemeRef, ...]
    events: tuple[EventView, ...] = ()
    related: tuple[RelatedView, ...] = ()
    # A fingerprint of the inputs this view was made from (see KEY_DOC).
    key: str | None = None


@dataclass(frozen=True)
class ThemeView:
    """A theme of the taxonomy."""

    id: str
    label: str
    label_en: str
    description: str


@dataclass(frozen=True)
class SiteView:
    """Everything the site shows."""

    title: str
    description: str
    base_path: str
    episodes: tuple[EpisodeView, ...]
    news: tuple[NewsView, ...]
    themes: tuple[ThemeView, ...]
    feed_url: str
    news_feed_url: str | None
    cover_url: str
    language: str = "sv"
    events: tuple[EventView, ...] = ()
    events_ics_url: str | None = None
    # The day that divides coming events from past ones (the publication's day).
    today: date | None = None
    accessibility: AccessibilityView | None = None
