"""What the catalog holds for an item, typed: read and written here only.

A news item's data is its `Article`. An episode item's data is written in three steps: ingest
stores the audio and the metadata, preparing the audio adds the enclosure (the feed's MP3), and
transcription records which stored transcript is current, so reading one never resolves a model.
An editor's corrected transcript (the catalog's transcript override) wins over the recorded one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from catalog import Catalog, Item
from news.article import Article
from podcast.chapters import Chapter
from podcast.namespace_values import Soundbite
from podcast.show import Person


@dataclass(frozen=True)
class Enclosure:
    """The MP3 the feed serves: its stored file, size, length, type, and what it was made from."""

    key: str
    sha: str
    bytes: int
    duration: float
    mime: str
    loudness_lufs: float


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the audio it sent (its ETag, its Last-Modified), to ask
    next time whether it has changed."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Episode:
    """An episode's stored audio, its metadata, and what the later steps made of it."""

    guid: str
    audio_sha: str
    audio_suffix: str
    audio_duration: float
    audio_location: str
    # What the audio's server said identifies it (ETag, Last-Modified), for a conditional
    # request on the next ingest; None for a local file or a server that sent neither.
    audio_etag: str | None = None
    audio_last_modified: str | None = None
    notes: str = ""
    episode: int | None = None
    season: int | None = None
    episode_type: str = "full"
    language: str | None = None
    chapters: tuple[Chapter, ...] = ()
    persons: tuple[Person, ...] = ()
    script: str = ""
    soundbites: tuple[Soundbite, ...] = ()
    explicit: bool | None = None
    image: str | None = None
    enclosure: Enclosure | None = None
    transcript_key: str | None = None
    synced_key: str | None = None

    @property
    def validators(self) -> Validators:
        """The validators of the audio's download, to ask its server whether it changed."""
        return Validators(self.audio_etag, self.audio_last_modified)

    def ingested(self) -> dict[str, Any]:
        """The fields ingest writes: all but the enclosure and the transcript, which later
        steps record and a new ingest of the same episode keeps."""
        data = asdict(self)
        del data["enclosure"], data["transcript_key"], data["synced_key"]
        # Absent rather than None, so that records from before validators were kept still
        # compare equal to an unchanged episode.
        for name in ("audio_etag", "audio_last_modified"):
            if data[name] is None:
                del data[name]
        # As JSON reads them back, so that an unchanged episode compares equal to its record.
        for name in ("chapters", "persons", "soundbites"):
            data[name] = list(data[name])
        return data


def read_episode(item: Item) -> Episode:
    """The episode record of an episode item."""
    data = item.data
    enclosure = data.get("enclosure")
    return Episode(
        guid=data["guid"],
        audio_sha=data["audio_sha"],
        audio_suffix=data["audio_suffix"],
        audio_duration=data["audio_duration"],
        audio_location=data["audio_location"],
        audio_etag=data.get("audio_etag"),
        audio_last_modified=data.get("audio_last_modified"),
        notes=data.get("notes", ""),
        episode=data.get("episode"),
        season=data.get("season"),
        episode_type=data.get("episode_type") or "full",
        language=data.get("language"),
        chapters=tuple(Chapter(**chapter) for chapter in data.get("chapters", [])),
        persons=tuple(Person(**person) for person in data.get("persons", [])),
        script=data.get("script", ""),
        soundbites=tuple(Soundbite(**bite) for bite in data.get("soundbites", [])),
        explicit=data.get("explicit"),
        image=data.get("image"),
        enclosure=Enclosure(**enclosure) if enclosure else None,
        transcript_key=data.get("transcript_key"),
        synced_key=data.get("synced_key"),
    )


def record_enclosure(catalog: Catalog, item_id: str, enclosure: Enclosure) -> None:
    """Record the feed MP3 made from an episode's audio."""
    catalog.update_data(item_id, enclosure=asdict(enclosure))


def record_transcript(
    catalog: Catalog, item_id: str, key: str, synced_key: str | None = None
) -> None:
    """Record which stored transcripts (by cache key) are the episode's: the machine's, and
    its manuscript synced to the audio where it has one."""
    catalog.update_data(item_id, transcript_key=key, synced_key=synced_key)


def read_article(item: Item) -> Article:
    """The article of a news item."""
    return Article.from_dict(item.data["article"])


def article_data(article: Article) -> dict[str, Any]:
    """A news item's data for its article."""
    return {"article": article.to_dict()}
