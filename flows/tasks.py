"""Prefect tasks: each wraps one plain step of the pipeline.

The ingest and publish tasks run in the flow's process and open the catalog by path. The
per-item tasks (audio, transcription, tagging) may run on other machines: they take jobs of
content keys and values, reach only the blob store, and return what they made. Caching is the
catalog's (keyed by content, model and settings), so Prefect's own input cache is off.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.states import Failed, State
from prefect.tasks import exponential_backoff

from catalog import Catalog
from catalog.blobs import StoreRef, worker_store
from catalog.errors import StoreMismatchError, StoreUnreachableError
from fetching import FetchTimeout, TransientFetchError
from flows.errors import one_line, user_errors
from steps.config import Config, EpisodeSource, RunnerSettings, load_config
from steps.episodes import EnclosureJob, ingest_source, make_enclosure
from steps.garbage import collect_garbage
from steps.news import ingest_news
from steps.podcast_feed import ingest_podcast_feed
from steps.publish import publish
from steps.tagging import TagJob, make_tags
from steps.transcription import TranscriptJob, make_transcript
from themes.taxonomy import Taxonomy, load_taxonomy
from transcripts.model import ModelId, resolve_model
from transcripts.settings import TranscribeSettings

P = ParamSpec("P")
R = TypeVar("R")


@functools.lru_cache(maxsize=8)
def _config(config_path: str) -> Config:
    return load_config(Path(config_path))


@functools.lru_cache(maxsize=8)
def _taxonomy(path: Path | None) -> Taxonomy:
    return load_taxonomy(path)


# A failed task's state name when the worker itself is unfit (no store, another store): the
# run stops there instead of recording the same failure for every item.
WORKER_FAULT = "WorkerFault"


def quiet_user_errors(function: Callable[P, R]) -> Callable[P, R | State]:
    """Make a user error (unreadable audio, a full disk) a Failed state with its one line.

    Prefect logs the traceback of any exception a task raises; a user error is no bug, so the
    run shows its message alone, and the run's table lists it.
    """

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | State:
        try:
            return function(*args, **kwargs)
        except (StoreMismatchError, StoreUnreachableError) as exc:
            return Failed(message=one_line(exc), name=WORKER_FAULT)
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


# The per-item tasks may run on other machines: they take content keys and values, touch
# nothing but the blob store, and return what they made; the flow files it (flows.work).


@task(name="identify-model", cache_policy=NONE)
@quiet_user_errors
def identify_model(settings: TranscribeSettings, store: StoreRef) -> ModelId:
    """Name the configured Whisper model by identity and revision, as a worker finds it."""
    worker_store(store)  # every task checks its worker's store: a misplaced worker stops the run
    return resolve_model(settings.model).id


@task(name="prepare-audio", cache_policy=NONE)
@quiet_user_errors
def prepare_audio(item: str, job: EnclosureJob, store: StoreRef) -> dict[str, Any]:
    """Make an episode's feed MP3 (loudness-normalised, tagged) into the store."""
    return make_enclosure(worker_store(store), job)


@task(name="transcribe", cache_policy=NONE)
@quiet_user_errors
def transcribe_episode(
    item: str, job: TranscriptJob, store: StoreRef, runner: RunnerSettings
) -> str:
    """Transcribe an episode's audio from the store; return the stored transcript's key."""
    logger = get_run_logger()
    last = [0.0]

    def progress(done: float, total: float) -> None:
        # Log about every tenth of the episode, not every segment.
        if total and done - last[0] >= total / 10:
            last[0] = done
            logger.info("%s: transcribed %.0f of %.0f s", item, done, total)

    settings = runner.transcription(job.settings, worker_cores(), dask_worker_slots())
    return make_transcript(worker_store(store), replace(job, settings=settings), progress)


@task(name="tag", cache_policy=NONE)
@quiet_user_errors
def tag_item(item: str, job: TagJob, store: StoreRef) -> list[dict[str, Any]]:
    """Tag an item's text and transcript with the job's taxonomy."""
    worker_store(store)
    return make_tags(job)


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


def worker_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def dask_worker_slots() -> int | None:
    """How many tasks this Dask worker runs at once, or None outside one."""
    try:
        from distributed import get_worker
    except ImportError:
        return None
    try:
        return get_worker().state.nthreads
    except ValueError:
        return None
