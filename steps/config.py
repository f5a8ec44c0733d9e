"""The pipeline's config file (`innocast.toml`): the show, its episode and news sources, settings.

Relative paths in the file are relative to the file's folder. Every problem is reported as one
line naming the file and the field, e.g. `innocast.toml: episodes[2].published: not a date`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from fetching import names_url
from podcast.audio import EncodeSettings
from podcast.chapters import Chapter
from podcast.errors import PodcastError
from podcast.show import Person, Show, is_web_url, person_from_mapping, show_from_mapping
from steps.errors import ConfigError
from transcripts.settings import TranscribeSettings
from transcripts.timecode import parse_timestamp

EPISODE_TYPES = ("full", "trailer", "bonus")
MAX_NOTES_BYTES = 100_000


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


@dataclass(frozen=True)
class NewsSource:
    """A news source: a page, listing or feed URL, a local file, or a folder of files."""

    source: str
    allow_private: bool = False
    # A listing page (a news section without a feed) is followed to this many articles at most.
    max_articles: int = 50


@dataclass(frozen=True)
class FeedSource:
    """An existing podcast's RSS feed whose episodes are imported, with their metadata."""

    url: str
    allow_private: bool = False


@dataclass(frozen=True)
class RunnerSettings:
    """Where per-item tasks run: threads in the flow's process, or a Dask cluster."""

    kind: str = "threads"
    address: str = ""
    workers: int = field(default_factory=lambda: os.cpu_count() or 2)
    threads_per_worker: int = 1

    def transcription(self, settings: TranscribeSettings) -> TranscribeSettings:
        """Whisper's threads for this runner: the cores shared among the concurrent workers.

        Every runner gets the same threads per transcription, so that they give the same text.
        """
        if settings.cpu_threads:
            return settings
        cores = os.cpu_count() or 1
        concurrent = self.workers * (self.threads_per_worker if self.kind == "dask" else 1)
        per_process = self.threads_per_worker if self.kind == "dask" else self.workers
        return dataclasses.replace(settings, cpu_threads=max(1, cores // concurrent),
                                   num_workers=per_process)


RUNNER_KINDS = ("threads", "dask")


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
    news_schedule: str | None = None
    runner: RunnerSettings = field(default_factory=RunnerSettings)

    @property
    def folder(self) -> Path:
        """The folder relative paths in the config are resolved against."""
        return self.path.parent

    @property
    def show_image(self) -> Path:
        """The show's cover image file."""
        return (self.folder / self.show.image).resolve()

    def resolve(self, location: str) -> str:
        """A local path relative to the config's folder, or a URL as it is."""
        if names_url(location):
            return location
        return str((self.folder / location).resolve())


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return _config(path.resolve(), raw)


def _config(path: Path, raw: dict[str, Any]) -> Config:
    where = path.name
    _only(
        raw,
        where,
        {
            "show",
            "publish",
            "episodes",
            "news",
            "podcast_feeds",
            "transcription",
            "audio",
            "tagging",
            "schedule",
            "runner",
        },
    )
    try:
        show = show_from_mapping(_table(raw, "show", where, required=True), source=str(path))
    except PodcastError as exc:
        raise ConfigError(str(exc)) from exc
    if not (path.parent / show.image).is_file():
        raise ConfigError(f"{where}: show.image: {show.image} is not a file")
    publish = _table(raw, "publish", where)
    _only(publish, f"{where}: publish", {"base_url"})
    base_url = publish.get("base_url", show.link)
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: publish.base_url: must be an http(s) URL")
    tagging = _table(raw, "tagging", where)
    _only(tagging, f"{where}: tagging", {"taxonomy"})
    taxonomy = tagging.get("taxonomy")
    schedule = _table(raw, "schedule", where)
    _only(schedule, f"{where}: schedule", {"news"})
    return Config(
        path=path,
        show=show,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        episodes=tuple(
            _episode(entry, f"{where}: episodes[{n}]", path.parent)
            for n, entry in enumerate(_list(raw, "episodes", where), 1)
        ),
        news=tuple(
            _news(entry, f"{where}: news[{n}]")
            for n, entry in enumerate(_list(raw, "news", where), 1)
        ),
        podcast_feeds=tuple(
            _feed(entry, f"{where}: podcast_feeds[{n}]")
            for n, entry in enumerate(_list(raw, "podcast_feeds", where), 1)
        ),
        transcription=_settings(
            TranscribeSettings, _table(raw, "transcription", where), f"{where}: transcription"
        ),
        audio=_settings(EncodeSettings, _table(raw, "audio", where), f"{where}: audio"),
        taxonomy=(path.parent / taxonomy).resolve() if isinstance(taxonomy, str) else None,
        news_schedule=_str(schedule, "news", f"{where}: schedule") or None,
        runner=_runner(_table(raw, "runner", where), f"{where}: runner"),
    )


def _runner(table: Mapping[str, Any], where: str) -> RunnerSettings:
    runner = _settings(RunnerSettings, table, where)
    if runner.kind not in RUNNER_KINDS:
        raise ConfigError(f"{where}.kind: must be one of {', '.join(RUNNER_KINDS)}")
    if runner.workers < 1 or runner.threads_per_worker < 1:
        raise ConfigError(f"{where}: workers and threads_per_worker must be at least 1")
    return runner


def _episode(entry: Any, where: str, folder: Path) -> EpisodeSource:
    entry = _mapping(entry, where)
    _only(
        entry,
        where,
        {
            "id",
            "title",
            "audio",
            "notes",
            "notes_file",
            "published",
            "episode",
            "season",
            "episode_type",
            "language",
            "chapters",
            "persons",
        },
    )
    notes = _str(entry, "notes", where)
    if "notes_file" in entry:
        notes = _notes_file(entry["notes_file"], where, folder)
    episode_type = _str(entry, "episode_type", where) or "full"
    if episode_type not in EPISODE_TYPES:
        raise ConfigError(f"{where}.episode_type: must be one of {', '.join(EPISODE_TYPES)}")
    return EpisodeSource(
        audio=_str(entry, "audio", where, required=True),
        title=_str(entry, "title", where, required=True),
        id=_str(entry, "id", where) or None,
        notes=notes,
        published=_datetime(entry.get("published"), f"{where}.published"),
        episode=_positive(entry.get("episode"), f"{where}.episode"),
        season=_positive(entry.get("season"), f"{where}.season"),
        episode_type=episode_type,
        language=_str(entry, "language", where) or None,
        chapters=tuple(
            _chapter(item, f"{where}.chapters[{n}]")
            for n, item in enumerate(_list(entry, "chapters", where), 1)
        ),
        persons=tuple(
            _person(item, where, f"persons[{n}]")
            for n, item in enumerate(_list(entry, "persons", where), 1)
        ),
    )


def _chapter(entry: Any, where: str) -> Chapter:
    entry = _mapping(entry, where)
    _only(entry, where, {"start", "title", "url"})
    start = entry.get("start")
    # Chapter times are written to the second ("00:12:30"); the parser wants milliseconds too.
    seconds = parse_timestamp(f"{start}.000") if isinstance(start, str) else start
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ConfigError(f"{where}.start: must be seconds or a time like 00:12:30")
    url = _str(entry, "url", where) or None
    if url is not None and not is_web_url(url):
        raise ConfigError(f"{where}.url: must be an http(s) URL")
    return Chapter(start=float(seconds), title=_str(entry, "title", where, required=True),
                   url=url)


def _person(entry: Any, where: str, field_name: str) -> Person:
    try:
        return person_from_mapping(entry, where, field_name)
    except PodcastError as exc:
        raise ConfigError(str(exc)) from exc


def _notes_file(value: Any, where: str, folder: Path) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}.notes_file: must be a path")
    path = folder / value
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{where}.notes_file: cannot read {value} ({exc.strerror})") from exc
    if len(data) > MAX_NOTES_BYTES:
        raise ConfigError(f"{where}.notes_file: {value} is over {MAX_NOTES_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}.notes_file: {value} is not UTF-8 text") from exc


def _news(entry: Any, where: str) -> NewsSource:
    entry = _mapping(entry, where)
    _only(entry, where, {"source", "allow_private", "max_articles"})
    max_articles = _positive(entry.get("max_articles"), f"{where}.max_articles")
    if max_articles == 0:
        raise ConfigError(f"{where}.max_articles: must be 1 or more")
    return NewsSource(
        source=_str(entry, "source", where, required=True),
        allow_private=_bool(entry, "allow_private", where),
        max_articles=NewsSource.max_articles if max_articles is None else max_articles,
    )


def _feed(entry: Any, where: str) -> FeedSource:
    entry = _mapping(entry, where)
    _only(entry, where, {"url", "allow_private"})
    return FeedSource(
        url=_str(entry, "url", where, required=True),
        allow_private=_bool(entry, "allow_private", where),
    )


def _bool(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}.{key}: must be true or false")
    return value


def _settings(kind: type, table: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(kind)}
    _only(table, where, set(known))
    for key, value in table.items():
        default = getattr(kind(), key)
        if default is not None and not isinstance(value, type(default)):
            raise ConfigError(f"{where}.{key}: must be a {type(default).__name__}")
    return kind(**table)


def _only(table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(sorted(allowed))})"
        )


def _table(raw: Mapping[str, Any], key: str, where: str, required: bool = False) -> dict:
    if key not in raw:
        if required:
            raise ConfigError(f"{where}: the [{key}] table is missing")
        return {}
    return _mapping(raw[key], f"{where}: {key}")


def _list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a table")
    return value


def _str(table: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            raise ConfigError(f"{where}.{key}: missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}.{key}: must be a non-empty string")
    return value


def _positive(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where}: must be a whole number of 0 or more")
    return value


def _datetime(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(8, 0), tzinfo=UTC)
    raise ConfigError(f"{where}: must be a TOML date or date-time (e.g. 2021-05-12)")
