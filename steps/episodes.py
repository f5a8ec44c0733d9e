"""Episodes into the catalog: their original audio stored once, and the MP3 the feed serves."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from catalog import Catalog, Item, Upsert, sha256_bytes
from catalog.blobs import BlobStore, blob_key
from catalog.store import now_iso
from fetching import DEFAULT_FILE_TIMEOUT, names_url
from podcast.audio import EncodeSettings, Id3Tags, prepare_enclosure, probe
from podcast.errors import AudioFileError
from steps.config import EpisodeSource
from steps.errors import InputError
from steps.garbage import WORK_PREFIX
from steps.records import Enclosure, Episode, Validators, read_episode, record_enclosure
from steps.sources import download_audio, local_audio
from steps.store import fetch, local_store, share
from text.dates import MAX_YEAR, MIN_YEAR, is_feed_date

# Episode guids are UUIDv5 of the episode's source key in this namespace: stable for as long as
# the source key is (the config's episode id), whatever happens to the title or the audio.
GUID_NAMESPACE = uuid.UUID("3b0e6c2e-58a5-5b7e-9a55-7f1a4c6b8e21")
AUDIO_SUFFIXES = {".mp3", ".m4a", ".mp4", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".webm"}


def ingest_source(
    catalog: Catalog,
    source: EpisodeSource,
    location: str,
    workdir: Path,
    *,
    allow_private: bool = False,
    timeout: float = DEFAULT_FILE_TIMEOUT,
) -> Upsert:
    """Store an episode from a file or URL, downloading the audio within `timeout` seconds.

    Audio already downloaded from the same URL is asked for again only if it may have changed:
    with the ETag or Last-Modified its server sent, as a conditional request (a 304 answer keeps
    the stored audio). Audio from a server that sent neither is downloaded once, not re-checked.
    """
    if not names_url(location):
        return ingest_episode(catalog, source, local_audio(location, workdir), location)
    known = _stored_download(catalog, source, location)
    if known is not None and not known.validators:
        return _upsert_known(catalog, source, location, known)
    download = download_audio(
        location,
        workdir,
        allow_private=allow_private,
        timeout=timeout,
        known=known.validators if known is not None else None,
    )
    if download is None and known is not None:  # 304: unchanged since the stored download
        return _upsert_known(catalog, source, location, known)
    if download is None:
        raise InputError(f"{location}: the server answered 304 to a plain request")
    try:
        return ingest_episode(
            catalog, source, download.path, location, validators=download.validators
        )
    except AudioFileError as exc:
        # The download's work-file name means nothing to the user: name the URL instead.
        raise AudioFileError(str(exc).replace(str(download.path), location)) from exc


def ingest_episode(
    catalog: Catalog,
    source: EpisodeSource,
    audio_path: Path,
    location: str | None = None,
    *,
    validators: Validators | None = None,
) -> Upsert:
    """Store an episode's audio and metadata; the same audio or id twice is one episode."""
    suffix = audio_path.suffix.lower() if audio_path.suffix.lower() in AUDIO_SUFFIXES else ".audio"
    audio_sha, duration = _stored_audio(catalog, audio_path, suffix)
    audio = (audio_sha, suffix, duration)
    return _upsert(
        catalog,
        source,
        _source_key(source, audio_sha),
        location or str(audio_path),
        audio,
        validators or Validators(),
    )


def _upsert_known(
    catalog: Catalog, source: EpisodeSource, location: str, known: Episode
) -> Upsert:
    """Store the episode again with the audio it already has."""
    return _upsert(
        catalog,
        source,
        _source_key(source, known.audio_sha),
        location,
        (known.audio_sha, known.audio_suffix, known.audio_duration),
        known.validators,
    )


def _stored_audio(catalog: Catalog, audio_path: Path, suffix: str) -> tuple[str, float]:
    """The audio's hash and decoded duration: remembered when the file is unchanged, else
    probed (a full decode) and stored, so a run over an unchanged catalogue reads no audio."""
    known = catalog.recognise_file(audio_path, suffix)
    if known is not None and isinstance(known[1].get("duration"), float):
        return known[0], known[1]["duration"]
    before = audio_path.stat()
    info = probe(audio_path)
    audio_sha = catalog.store_file(audio_path, suffix)
    catalog.remember_file(audio_path, before, audio_sha, suffix, {"duration": info.duration})
    return audio_sha, info.duration


def _source_key(source: EpisodeSource, audio_sha: str) -> str:
    if source.guid:
        return f"guid:{source.guid}"
    return f"episode:{source.id}" if source.id else f"audio:{audio_sha}"


def _stored_download(catalog: Catalog, source: EpisodeSource, location: str) -> Episode | None:
    """The stored episode whose audio was downloaded from this very URL, if any."""
    if not location.startswith(("http://", "https://")) or not (source.guid or source.id):
        return None
    item = catalog.find_source(_source_key(source, ""))
    known = read_episode(item) if item is not None else None
    return known if known is not None and known.audio_location == location else None


def _upsert(
    catalog: Catalog,
    source: EpisodeSource,
    source_key: str,
    location: str,
    audio: tuple[str, str, float],
    validators: Validators,
) -> Upsert:
    # An episode with no date is dated when first ingested, and keeps that date.
    if source.published and not is_feed_date(source.published):
        raise InputError(f"{source.title}: published {source.published.date()} is not a date a "
                         f"feed can carry (years {MIN_YEAR} to {MAX_YEAR})")
    published = source.published.isoformat() if source.published else None
    audio_sha, audio_suffix, audio_duration = audio
    record = Episode(
        guid=source.guid or str(uuid.uuid5(GUID_NAMESPACE, source_key)),
        audio_sha=audio_sha,
        audio_suffix=audio_suffix,
        audio_duration=audio_duration,
        audio_location=location,
        audio_etag=validators.etag,
        audio_last_modified=validators.last_modified,
        notes=source.notes,
        episode=source.episode,
        season=source.season,
        episode_type=source.episode_type,
        language=source.language,
        chapters=source.chapters,
        persons=source.persons,
        script=source.script,
        soundbites=source.soundbites,
        explicit=source.explicit,
        image=source.image,
    )
    return catalog.upsert_item(
        kind="episode",
        source_key=source_key,
        content_hash=audio_sha,
        title=source.title,
        published=published,
        default_published=now_iso(),
        data=record.ingested(),
        item_id=f"episode-{source.id}" if source.id else None,
        slug_hint=source.id or source.title,
    )


def original_audio(catalog: Catalog, item: Item) -> Path:
    """The stored original audio of an episode."""
    record = read_episode(item)
    path = catalog.blob_path(record.audio_sha, record.audio_suffix)
    if not path.exists():
        raise InputError(f"{item.slug}: its stored audio {path.name} is missing from the catalog")
    return path


@dataclass(frozen=True)
class EnclosureJob:
    """One episode's feed MP3 to make, as a worker needs it: the audio's and the cover's content
    keys in the store, the encoder settings and ID3 tags, and the key it is recorded under."""

    item_id: str
    key: str
    audio: str
    settings: EncodeSettings
    tags: Id3Tags
    cover: str | None = None


def enclosure_job(
    catalog: Catalog,
    store: BlobStore,
    item: Item,
    settings: EncodeSettings,
    show_title: str,
    cover: str | None,
) -> EnclosureJob | None:
    """The job of making the episode's feed MP3, or None if this audio, tags and settings made
    the one it has; `cover` is the cover image's key in the store."""
    record = read_episode(item)
    tags = Id3Tags(
        title=item.title,
        show=show_title,
        date=(item.published or "")[:10] or None,
        episode=record.episode,
    )
    key = sha256_bytes(
        json.dumps(
            [
                record.audio_sha,
                asdict(settings),
                [tags.title, tags.show, tags.date, tags.episode, cover[:64] if cover else None],
            ],
            sort_keys=True,
        ).encode()
    )
    current = record.enclosure
    if current and current.key == key and catalog.blob_path(current.sha, ".mp3").exists():
        return None
    original_audio(catalog, item)
    audio = share(catalog, store, record.audio_sha, record.audio_suffix)
    return EnclosureJob(item_id=item.id, key=key, audio=audio, settings=settings, tags=tags,
                        cover=cover)


def run_enclosure(store: BlobStore, job: EnclosureJob) -> Enclosure:
    """Make the feed MP3 from the store's audio into the store; return its record.

    Pure: it reads and writes the store by key, and only the flow records the result.
    """
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as tmp:
        audio = store.reader_path(job.audio, Path(tmp))
        cover = store.reader_path(job.cover, Path(tmp)) if job.cover else None
        tags = dataclasses.replace(job.tags, cover=cover)
        made = prepare_enclosure(audio, Path(tmp) / "episode.mp3", tags, job.settings)
        mp3 = store.put_file(made.path, ".mp3")
    return Enclosure(key=job.key, sha=mp3[:64], bytes=made.bytes, duration=made.duration,
                     mime=made.mime, loudness_lufs=made.loudness_lufs)


def store_enclosure(
    catalog: Catalog, store: BlobStore, job: EnclosureJob, enclosure: Enclosure
) -> None:
    """Bring a made MP3 into the catalog's files and record it as the episode's enclosure."""
    fetch(catalog, store, blob_key(enclosure.sha, ".mp3"))
    record_enclosure(catalog, job.item_id, enclosure)


def ensure_enclosure(
    catalog: Catalog, item: Item, settings: EncodeSettings, show_title: str, cover: Path | None
) -> bool:
    """Make the episode's feed MP3 unless this audio, tags and settings made one; say if made."""
    store = local_store(catalog)
    cover_key = store.put_file(cover, cover.suffix.lower() or ".img") if cover else None
    job = enclosure_job(catalog, store, item, settings, show_title, cover_key)
    if job is not None:
        store_enclosure(catalog, store, job, run_enclosure(store, job))
    return job is not None
