"""Prefect tasks: each wraps one plain step of the pipeline, opening what it needs by path.

Tasks take paths and ids, not objects, so that Prefect can record their parameters and a worker
in another process can run them. Caching is the catalog's (keyed by content, model and
settings), so Prefect's own input cache is off.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.states import Failed, State
from prefect.tasks import exponential_backoff

from catalog import Catalog
from fetching import FetchTimeout, TransientFetchError
from flows.errors import one_line, user_errors
from steps.config import Config, EpisodeSource, load_config
from steps.episodes import ensure_enclosure, ingest_source
from steps.garbage import collect_garbage
from steps.news import ingest_news
from steps.podcast_feed import ingest_podcast_feed
from steps.publish import publish
from steps.tagging import ensure_tags
from steps.transcription import current_transcript, ensure_transcript
from themes.taxonomy import Taxonomy, load_taxonomy

P = ParamSpec("P")
R = TypeVar("R")


@functools.lru_cache(maxsize=8)
def _config(config_path: str) -> Config:
    return load_config(Path(config_path))


@functools.lru_cache(maxsize=8)
def _taxonomy(path: Path | None) -> Taxonomy:
    return load_taxonomy(path)


def quiet_user_errors(function: Callable[P, R]) -> Callable[P, R | State]:
    """Make a user error (unreadable audio, a full disk) a Failed state with its one line.

    Prefect logs the traceback of any exception a task raises; a user error is no bug, so the
    run shows its message alone, and the run's table lists it.
    """

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | State:
        try:
            return function(*args, **kwargs)
        except user_errors() as exc:
            return Failed(message=one_line(exc))

    return run


def _catalog(data_dir: str) -> Catalog:
    return Catalog(Path(data_dir))


@task(name="ingest-episodes", cache_policy=NONE)
def ingest_episodes(config_path: str, data_dir: str) -> dict[str, list]:
    """Store every episode the config lists and every episode of its podcast feeds.

    One unreadable episode or feed is recorded as failed and does not keep the others out.
    """
    config = _config(config_path)
    result: dict[str, list] = {"created": [], "updated": [], "unchanged": [], "failed": []}
    with _catalog(data_dir) as catalog, tempfile.TemporaryDirectory() as tmp:
        for source in config.episodes:
            try:
                upsert = ingest_source(catalog, source, config.resolve(source.audio), Path(tmp))
            except user_errors() as exc:
                get_run_logger().warning("skipped episode: %s", exc)
                result["failed"].append((source.audio, str(exc)))
                continue
            result[upsert.change].append(upsert.item.id)
        for feed in config.podcast_feeds:
            try:
                imported = ingest_podcast_feed(catalog, feed, config.resolve(feed.url), Path(tmp))
            except user_errors() as exc:
                get_run_logger().warning("skipped podcast feed: %s", exc)
                result["failed"].append((feed.url, str(exc)))
                continue
            for key, values in asdict(imported).items():
                result[key] += values
    return result


def _transient(task: object, task_run: object, state: State) -> bool:
    """Retry only failures that may pass: a 5xx answer, a reset connection, a timeout."""
    try:
        state.result()
    except (TransientFetchError, FetchTimeout):
        return True
    except Exception:
        return False
    return False


@task(
    name="ingest-episode",
    cache_policy=NONE,
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=5),
    retry_condition_fn=_transient,
)
def ingest_episode_upload(
    config_path: str,
    data_dir: str,
    audio: str,
    title: str,
    notes: str,
    published: datetime | None,
    episode: int | None,
    season: int | None,
) -> str:
    """Store one episode an editor added by audio URL or path; return its item id."""
    source = EpisodeSource(audio=audio, title=title, notes=notes, published=published,
                           episode=episode, season=season)
    with _catalog(data_dir) as catalog, tempfile.TemporaryDirectory() as tmp:
        return ingest_source(catalog, source, audio, Path(tmp)).item.id


@task(
    name="ingest-news",
    cache_policy=NONE,
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=5),
    retry_condition_fn=_transient,
)
def ingest_news_sources(config_path: str, data_dir: str) -> dict[str, object]:
    """Store every article of every news source; a failing source or article is skipped.

    A transient network failure fails the task instead, so that Prefect retries it with backoff.
    """
    config = _config(config_path)
    totals: dict[str, object] = {"created": 0, "updated": 0, "unchanged": 0, "skipped": []}
    with _catalog(data_dir) as catalog:
        for source in config.news:
            try:
                outcome = ingest_news(catalog, source, config.resolve(source.source))
            except (TransientFetchError, FetchTimeout):
                raise
            except user_errors() as exc:
                get_run_logger().warning("skipped news source: %s", exc)
                totals["skipped"].append((source.source, str(exc)))  # type: ignore[union-attr]
                continue
            for key, value in asdict(outcome).items():
                totals[key] = totals[key] + value  # type: ignore[operator]
    return totals


@task(name="prepare-audio", cache_policy=NONE)
@quiet_user_errors
def prepare_audio(config_path: str, data_dir: str, item_id: str) -> bool:
    """Make an episode's feed MP3 (loudness-normalised, tagged) unless it exists."""
    config = _config(config_path)
    with _catalog(data_dir) as catalog:
        item = catalog.get_item(item_id)
        return ensure_enclosure(catalog, item, config.audio, config.show.title, config.show_image)


@task(name="transcribe", cache_policy=NONE)
@quiet_user_errors
def transcribe_episode(config_path: str, data_dir: str, item_id: str) -> bool:
    """Transcribe an episode unless its audio was transcribed with this model and settings."""
    config = _config(config_path)
    logger = get_run_logger()
    with _catalog(data_dir) as catalog:
        item = catalog.get_item(item_id)
        last = [0.0]

        def progress(done: float, total: float) -> None:
            # Log about every tenth of the episode, not every segment.
            if total and done - last[0] >= total / 10:
                last[0] = done
                logger.info("%s: transcribed %.0f of %.0f s", item.slug, done, total)

        settings = config.runner.transcription(config.transcription)
        return ensure_transcript(catalog, item, settings, progress=progress)


@task(name="tag", cache_policy=NONE)
@quiet_user_errors
def tag_item(config_path: str, data_dir: str, item_id: str) -> bool:
    """Tag an item with themes unless its text and the taxonomy are unchanged."""
    config = _config(config_path)
    taxonomy = _taxonomy(config.taxonomy)
    with _catalog(data_dir) as catalog:
        item = catalog.get_item(item_id)
        transcript = (
            current_transcript(catalog, item, config.transcription)
            if item.kind == "episode"
            else None
        )
        return ensure_tags(catalog, item, taxonomy, transcript)


@task(name="publish", cache_policy=NONE)
@quiet_user_errors
def publish_site(config_path: str, data_dir: str, out_dir: str) -> dict[str, object]:
    """Publish the feed, audio, transcripts, pages and search index into the output folder."""
    config = _config(config_path)
    taxonomy = _taxonomy(config.taxonomy)
    with _catalog(data_dir) as catalog:
        report = publish(catalog, config, Path(out_dir), taxonomy)
    return {
        "feed_url": report.feed_url,
        "site_url": report.site_url,
        "episodes": report.episodes,
        "news": report.news,
        "written": len(report.written),
        "unchanged": report.unchanged,
        "removed": len(report.removed),
    }


@task(name="collect-garbage", cache_policy=NONE)
def collect_garbage_files(data_dir: str) -> int:
    """Remove stored files no item names and what killed runs left; return how many went."""
    with _catalog(data_dir) as catalog:
        return len(collect_garbage(catalog))


def item_ids(data_dir: str, kind: str | None = None) -> list[str]:
    """The ids of the catalog's items (of one kind)."""
    with _catalog(data_dir) as catalog:
        return [item.id for item in catalog.items(kind)]  # type: ignore[arg-type]
