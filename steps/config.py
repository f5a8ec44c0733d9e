"""The pipeline's config file (`innocast.toml`): the show, its episode and news sources, settings.

Relative paths in the file are relative to the file's folder. Every problem is reported as one
line naming the file and the field, e.g. `innocast.toml: episodes[2].published: not a date`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from fetching import DEFAULT_FILE_TIMEOUT, DEFAULT_TIMEOUT, names_url
from innocast.files import (
    FileMissingError,
    FileReadError,
    FileTooLargeError,
    read_bounded,
    read_utf8,
)
from innocast.tables import Table
from podcast.artwork import MAX_COVER_BYTES, read_artwork
from podcast.audio import EncodeSettings
from podcast.chapters import Chapter
from podcast.errors import CoverArtError, PodcastError
from podcast.namespace_values import Soundbite
from podcast.show import (
    EMAIL_RE,
    IMAGE_SUFFIXES,
    Person,
    Show,
    is_web_url,
    person_from_mapping,
    show_from_mapping,
)
from steps.errors import ConfigError
from text.dates import MAX_YEAR, MIN_YEAR, is_feed_date
from text.times import MAX_SECONDS, media_seconds
from transcripts.manuscript import MAX_MANUSCRIPT_CHARS
from transcripts.settings import TranscribeSettings
from transcripts.timecode import parse_timestamp

EPISODE_TYPES = ("full", "trailer", "bonus")
MAX_NOTES_BYTES = 100_000
# A config of thousands of episodes is well under this; a device or a disk image is not.
MAX_CONFIG_BYTES = 10_000_000
# A podcast feed's items imported at most, newest first as listed (news feeds stop at 200 too).
MAX_FEED_ITEMS = 200


@dataclass(frozen=True)
class EpisodeSource:
    """One episode the config lists: where its audio is and what it is called."""

    audio: str
    title: str
    id: str | None = None
    notes: str = ""
    published: datetime | None = None
    episode: int | None = None
    season: int | None = None
    episode_type: str = "full"
    language: str | None = None
    guid: str | None = None
    chapters: tuple[Chapter, ...] = ()
    persons: tuple[Person, ...] = ()
    script: str = ""
    soundbites: tuple[Soundbite, ...] = ()
    # None: the show's itunes:explicit.
    explicit: bool | None = None
    # The episode's own square cover: a local file (absolute path) or an http(s) URL.
    image: str | None = None
    allow_private: bool = False


@dataclass(frozen=True)
class NewsSource:
    """A news source: a page, listing or feed URL, a local file, or a folder of files."""

    source: str
    allow_private: bool = False
    # A listing page (a news section without a feed) is followed to this many articles at most.
    max_articles: int = 50


@dataclass(frozen=True)
class FeedSource:
    """An existing podcast's RSS feed whose episodes are imported, with their metadata: the
    first `max_items` items of it."""

    url: str
    allow_private: bool = False
    max_items: int = MAX_FEED_ITEMS


@dataclass(frozen=True)
class FetchSettings:
    """How many seconds one fetch may take in all (connecting, headers and body): a page or a
    feed, and an audio file."""

    timeout: float = DEFAULT_TIMEOUT
    audio_timeout: float = DEFAULT_FILE_TIMEOUT


@dataclass(frozen=True)
class RunnerSettings:
    """Where per-item tasks run: threads in the flow's process, or a Dask cluster.

    `threads` is Whisper's threads per transcription; 0 shares each worker's cores among the
    tasks that run on them at once.
    """

    kind: str = "threads"
    address: str = ""
    workers: int = field(default_factory=lambda: os.cpu_count() or 2)
    threads_per_worker: int = 1
    threads: int = 0

    def transcription(
        self, settings: TranscribeSettings, cores: int, worker_slots: int | None = None
    ) -> TranscribeSettings:
        """Whisper's threads on a worker with `cores` cores that runs `worker_slots` tasks at
        once (a remote Dask worker's own count; else the flow's settings say).

        >>> runner = RunnerSettings(kind="threads", workers=2)
        >>> runner.transcription(TranscribeSettings(), cores=8).cpu_threads
        4
        >>> remote = RunnerSettings(kind="dask", address="tcp://scheduler:8786", workers=2)
        >>> remote.transcription(TranscribeSettings(), cores=16, worker_slots=1).cpu_threads
        16
        """
        per_process = worker_slots or (
            self.threads_per_worker if self.kind == "dask" else self.workers
        )
        # A local cluster's workers share this machine; a remote worker has its own cores.
        local_cluster = self.kind == "dask" and not self.address
        sharing = self.workers * per_process if local_cluster else per_process
        threads = settings.cpu_threads or self.threads or max(1, cores // sharing)
        return dataclasses.replace(settings, cpu_threads=threads, num_workers=per_process)


@dataclass(frozen=True)
class StoreSettings:
    """Where workers find audio and leave what they make: an fsspec URL (the data folder when
    empty) and, for an S3-compatible service, its endpoint."""

    url: str = ""
    endpoint_url: str = ""


RUNNER_KINDS = ("threads", "dask")


@dataclass(frozen=True)
class Accessibility:
    """The accessibility statement's facts: who publishes the site, how readers reach them,
    and the gaps they know of (the [accessibility] table; the show's owner by default)."""

    publisher: str
    contact_email: str
    contact_url: str | None = None
    gaps: tuple[str, ...] = ()
    assessed: date | None = None


@dataclass(frozen=True)
class Config:
    """A whole config file, validated."""

    path: Path
    show: Show
    base_url: str
    episodes: tuple[EpisodeSource, ...] = ()
    news: tuple[NewsSource, ...] = ()
    podcast_feeds: tuple[FeedSource, ...] = ()
    transcription: TranscribeSettings = field(default_factory=TranscribeSettings)
    audio: EncodeSettings = field(default_factory=EncodeSettings)
    taxonomy: Path | None = None
    tagging_semantic: bool = False
    news_schedule: str | None = None
    runner: RunnerSettings = field(default_factory=RunnerSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    accessibility: Accessibility | None = None

    @property
    def folder(self) -> Path:
        """The folder relative paths in the config are resolved against."""
        return self.path.parent

    @property
    def show_image(self) -> Path:
        """The show's cover image file."""
        return (self.folder / self.show.image).resolve()

    def show_image_bytes(self) -> bytes:
        """The show's cover image, read once with its size bounded (ConfigError naming it)."""
        try:
            return read_bounded(self.show_image, MAX_COVER_BYTES)
        except FileReadError as exc:
            raise ConfigError(
                f"{self.path.name}: show.image: cannot read {self.show.image} ({exc.reason})"
            ) from exc

    def resolve(self, location: str) -> str:
        """A local path relative to the config's folder, or a URL as it is."""
        if names_url(location):
            return location
        return str((self.folder / location).resolve())


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    try:
        raw = tomllib.loads(read_utf8(path, MAX_CONFIG_BYTES))
    except FileMissingError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except FileReadError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return _config(path.resolve(), raw)


def _config(path: Path, raw: dict[str, Any]) -> Config:
    where = path.name
    top = Table(raw, where, "", ConfigError)
    if "show" not in raw:
        raise ConfigError(f"{where}: the [show] table is missing")
    try:
        show = show_from_mapping(top.get("show"), source=str(path))
    except PodcastError as exc:
        raise ConfigError(str(exc)) from exc
    if not (path.parent / show.image).is_file():
        raise ConfigError(f"{where}: show.image: {show.image} is not a file")
    try:
        read_artwork(path.parent / show.image)
    except CoverArtError as exc:
        raise ConfigError(f"{where}: show.image: {exc}") from exc
    publish = _table(top, "publish")
    base_url = publish.get("base_url")
    base_url = show.link if base_url is None else base_url
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: publish.base_url: must be an http(s) URL")
    publish.reject_unknown()
    tagging = _table(top, "tagging")
    taxonomy = tagging.string("taxonomy")
    # The semantic layer is opt-in: on real text it tags worse than the lexicon (README).
    tagging_semantic = tagging.boolean("semantic", default=False)
    tagging.reject_unknown()
    schedule = _table(top, "schedule")
    news_schedule = schedule.string("news") or None
    schedule.reject_unknown()
    config = Config(
        path=path,
        show=show,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        episodes=tuple(
            _episode(Table(entry, where, f"episodes[{n}]", ConfigError), path.parent)
            for n, entry in enumerate(top.list("episodes"), 1)
        ),
        news=tuple(
            _news(Table(entry, where, f"news[{n}]", ConfigError))
            for n, entry in enumerate(top.list("news"), 1)
        ),
        podcast_feeds=tuple(
            _feed(Table(entry, where, f"podcast_feeds[{n}]", ConfigError))
            for n, entry in enumerate(top.list("podcast_feeds"), 1)
        ),
        transcription=_table(top, "transcription").settings(TranscribeSettings),
        audio=_table(top, "audio").settings(EncodeSettings),
        taxonomy=(path.parent / taxonomy).resolve() if taxonomy else None,
        tagging_semantic=tagging_semantic,
        news_schedule=news_schedule,
        runner=_runner(_table(top, "runner")),
        store=_table(top, "store").settings(StoreSettings),
        fetch=_fetch(_table(top, "fetch")),
        accessibility=_accessibility(_table(top, "accessibility"), show),
    )
    top.reject_unknown()
    trailer = show.trailer
    if trailer is not None and trailer.episode not in {e.id for e in config.episodes}:
        raise ConfigError(
            f"{where}: show.trailer.episode: {trailer.episode!r} is not the id of an episode "
            "in this file"
        )
    _refuse_duplicates(where, "episodes", [source.guid or source.id for source in config.episodes],
                       "id")
    # One audio is one episode (the catalog keys episodes by their audio's hash too).
    _refuse_duplicates(where, "episodes", [config.resolve(e.audio) for e in config.episodes],
                       "audio")
    _refuse_duplicates(where, "news", [config.resolve(n.source) for n in config.news], "source")
    _refuse_duplicates(where, "podcast_feeds", [feed.url for feed in config.podcast_feeds], "url")
    return config


def _refuse_duplicates(where: str, table: str, keys: list[str | None], field_name: str) -> None:
    """Refuse two entries of one list under one identity: the second would silently take the
    first one's item (its guid, its page) while every run reported both as updated.

    >>> _refuse_duplicates("innocast.toml", "episodes", ["a", None, None, "a"], "id")
    Traceback (most recent call last):
    ...
    steps.errors.ConfigError: innocast.toml: episodes[4].id: 'a' is already episodes[1]'s id
    """
    first: dict[str, int] = {}
    for number, key in enumerate(keys, 1):
        if key is None:
            continue
        if key in first:
            raise ConfigError(
                f"{where}: {table}[{number}].{field_name}: {key!r} is already "
                f"{table}[{first[key]}]'s {field_name}"
            )
        first[key] = number


def _table(top: Table, name: str) -> Table:
    """A table of the config file; an empty one if the file has none."""
    value = top.get(name)
    return Table({} if value is None else value, top.source, name, ConfigError)


def _accessibility(table: Table, show: Show) -> Accessibility:
    """The statement's fields; the show's owner publishes it unless the table says who."""
    email = table.text("contact_email", required=False) or show.owner_email
    if not EMAIL_RE.match(email):
        raise table.fail("contact_email", f"must be an email address, not {email!r}")
    url = table.text("contact_url", required=False, limit=2000)
    if url is not None and not is_web_url(url):
        raise table.fail("contact_url", "must be an http(s) URL")
    gaps = table.list("gaps")
    if not all(isinstance(gap, str) and gap.strip() for gap in gaps):
        raise table.fail("gaps", "must be a list of texts, one known gap each")
    assessed = table.get("assessed")
    if assessed is not None and (not isinstance(assessed, date) or isinstance(assessed, datetime)):
        raise table.fail("assessed", "must be a TOML date (e.g. 2026-11-30)")
    statement = Accessibility(
        publisher=table.text("publisher", required=False) or show.owner_name,
        contact_email=email,
        contact_url=url,
        gaps=tuple(gap.strip() for gap in gaps),
        assessed=assessed,
    )
    table.reject_unknown()
    return statement


def _runner(table: Table) -> RunnerSettings:
    runner = table.settings(RunnerSettings)
    if runner.kind not in RUNNER_KINDS:
        raise table.fail("kind", f"must be one of {', '.join(RUNNER_KINDS)}")
    if runner.workers < 1 or runner.threads_per_worker < 1:
        raise ConfigError(
            f"{table.source}: runner: workers and threads_per_worker must be at least 1"
        )
    if runner.threads < 0:
        raise table.fail("threads", "must be 0 (the cores) or more")
    return runner


def _episode(table: Table, folder: Path) -> EpisodeSource:
    notes = table.string("notes")
    if table.get("notes_file") is not None:
        notes = _text_file(table, "notes_file", folder, MAX_NOTES_BYTES)
    script = ""
    if table.get("script_file") is not None:
        script = _text_file(table, "script_file", folder, MAX_MANUSCRIPT_CHARS)
        if not script.split():
            raise table.fail("script_file", f"{table.get('script_file')} has no words")
    episode_type = table.choice("episode_type", EPISODE_TYPES, default="full")
    source = EpisodeSource(
        audio=table.string("audio", required=True),
        title=table.string("title", required=True),
        id=table.string("id") or None,
        notes=notes,
        published=_datetime(table, "published"),
        episode=table.whole_number("episode"),
        season=table.whole_number("season"),
        episode_type=episode_type,
        language=table.string("language") or None,
        chapters=tuple(
            _chapter(Table(item, table.source, f"{table.path}.chapters[{n}]", ConfigError))
            for n, item in enumerate(table.list("chapters"), 1)
        ),
        persons=tuple(
            _person(item, table.source, f"{table.path}.persons[{n}]")
            for n, item in enumerate(table.list("persons"), 1)
        ),
        script=script,
        soundbites=tuple(
            _soundbite(Table(item, table.source, f"{table.path}.soundbites[{n}]", ConfigError))
            for n, item in enumerate(table.list("soundbites"), 1)
        ),
        explicit=None if table.get("explicit") is None
        else table.boolean("explicit", default=False),
        image=_episode_image(table, folder),
        allow_private=table.boolean("allow_private", default=False),
    )
    table.reject_unknown()
    return source


def _episode_image(table: Table, folder: Path) -> str | None:
    """An episode's image: an http(s) URL as it is, or a JPEG/PNG file next to the config."""
    value = table.text("image", required=False, limit=2000)
    if value is None:
        return None
    if is_web_url(value):
        return value
    if names_url(value):
        raise table.fail("image", f"must be a file or an http(s) URL, not {value!r}")
    if not value.lower().endswith(IMAGE_SUFFIXES):
        raise table.fail("image", f"must be a .jpg or .png file, not {value!r}")
    path = (folder / value).resolve()
    if not path.is_file():
        raise table.fail("image", f"{value} is not a file")
    return str(path)


def _chapter(table: Table) -> Chapter:
    seconds = _start(table)
    url = table.string("url") or None
    if url is not None and not is_web_url(url):
        raise table.fail("url", "must be an http(s) URL")
    chapter = Chapter(start=seconds, title=table.string("title", required=True), url=url)
    table.reject_unknown()
    return chapter


def _start(table: Table) -> float:
    start = table.get("start")
    # Times are written to the second ("00:12:30"); the parser wants milliseconds too.
    seconds = media_seconds(parse_timestamp(f"{start}.000") if isinstance(start, str) else start)
    if seconds is None:
        raise table.fail(
            "start", f"must be seconds (0 to {MAX_SECONDS}) or a time like 00:12:30"
        )
    return seconds


def _soundbite(table: Table) -> Soundbite:
    duration = media_seconds(table.get("duration"))
    if not duration:
        raise table.fail("duration", f"must be a positive number of seconds (to {MAX_SECONDS})")
    soundbite = Soundbite(start=_start(table), duration=duration,
                          title=table.string("title"))
    table.reject_unknown()
    return soundbite


def _person(entry: Any, source: str, where: str) -> Person:
    try:
        return person_from_mapping(entry, source, where)
    except PodcastError as exc:
        raise ConfigError(str(exc)) from exc


def _text_file(table: Table, name: str, folder: Path, limit: int) -> str:
    value = table.string(name, required=True)
    try:
        data = read_bounded(folder / value, limit)
    except FileTooLargeError as exc:
        raise table.fail(name, f"{value} is over {limit} bytes") from exc
    except FileReadError as exc:
        raise table.fail(name, f"cannot read {value} ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise table.fail(name, f"{value} is not UTF-8 text") from exc


def _news(table: Table) -> NewsSource:
    source = NewsSource(
        source=table.string("source", required=True),
        allow_private=table.boolean("allow_private", default=False),
        max_articles=_max_articles(table),
    )
    table.reject_unknown()
    return source


def _max_articles(table: Table) -> int:
    """A listing page's article limit: a whole number from 1, the default when absent."""
    value = table.whole_number("max_articles")
    if value == 0:
        raise table.fail("max_articles", "must be 1 or more")
    return NewsSource.max_articles if value is None else value


def _feed(table: Table) -> FeedSource:
    max_items = table.whole_number("max_items")
    if max_items == 0:
        raise table.fail("max_items", "must be 1 or more")
    source = FeedSource(
        url=table.string("url", required=True),
        allow_private=table.boolean("allow_private", default=False),
        max_items=MAX_FEED_ITEMS if max_items is None else max_items,
    )
    table.reject_unknown()
    return source


def _fetch(table: Table) -> FetchSettings:
    """The [fetch] table: each time limit a positive number of seconds, the default if absent."""
    defaults = FetchSettings()
    seconds = {}
    for name in ("timeout", "audio_timeout"):
        value = table.get(name)
        if value is None:
            value = getattr(defaults, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e6:
            raise table.fail(name, "must be a positive number of seconds")
        seconds[name] = float(value)
    table.reject_unknown()
    return FetchSettings(**seconds)


def _datetime(table: Table, name: str) -> datetime | None:
    value = table.get(name)
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(8, 0), tzinfo=UTC)
    else:
        raise table.fail(name, "must be a TOML date or date-time (e.g. 2021-05-12)")
    if not is_feed_date(moment):
        raise table.fail(name, f"{value} is not a date a feed can carry "
                               f"(years {MIN_YEAR} to {MAX_YEAR})")
    return moment
