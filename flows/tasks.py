"""Prefect tasks: each a thin wrapper around one step of `steps/`.

Tasks take paths, ids and plain values, not objects, so that Prefect can record their parameters
and a worker in another process can run them. Transcribing and tagging touch no catalog: they
take a job (content keys and values) that the flow made from the catalog and return what they
made, for the flow to store (`CatalogJobs`), so only the flow writes those results. Caching is
the catalog's (keyed by content, model and settings), so Prefect's own input cache is off.
Every task follows one retry rule: a transient network failure is retried with backoff, nothing
else is; a user error (unreadable audio, a full disk) fails the task with its one line, without
a traceback.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.states import Failed, State
from prefect.tasks import exponential_backoff

from catalog import Catalog
from flows.errors import one_line
from innocast.errors import InnocastError
from steps.config import Config, EpisodeSource, load_config
from steps.episodes import ensure_enclosure, ingest_source
from steps.garbage import collect_garbage
from steps.ingest import ingest_configured_episodes, ingest_configured_news
from steps.ingest_report import TRANSIENT_ERRORS
from steps.publish import publish
from steps.tagging import TaggingJob, item_tagging_job, run_tagging, store_tagging
from steps.transcription import (
    Progress,
    TranscriptionJob,
    run_transcription,
    store_transcription,
    transcription_job,
)
from themes.taxonomy import Taxonomy, load_taxonomy

P = ParamSpec("P")
R = TypeVar("R")


@functools.lru_cache(maxsize=8)
def _config(config_path: str) -> Config:
    return load_config(Path(config_path))


@functools.lru_cache(maxsize=8)
def _taxonomy(path: Path | None) -> Taxonomy:
    return load_taxonomy(path)


def _catalog(data_dir: str) -> Catalog:
    return Catalog(Path(data_dir))


def _transient(task: object, task_run: object, state: State) -> bool:
    """Retry only failures that may pass: a 5xx answer, a reset connection, a timeout."""
    try:
        state.result()
    except TRANSIENT_ERRORS:
        return True
    except Exception:
        return False
    return False


def step_task(name: str) -> Callable[[Callable[P, R]], Any]:
    """A Prefect task over a step: retried on transient network failures only, and a user error
    made a Failed state with its one line (Prefect would log a traceback; it is no bug)."""

    def wrap(function: Callable[P, R]) -> Any:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | State:
            try:
                return function(*args, **kwargs)
            except TRANSIENT_ERRORS:
                raise
            except InnocastError as exc:
                return Failed(message=one_line(exc))

        return task(
            name=name,
            cache_policy=NONE,
            retries=3,
            retry_delay_seconds=exponential_backoff(backoff_factor=5),
            retry_condition_fn=_transient,
        )(run)

    return wrap


@step_task("ingest-episodes")
def ingest_episodes(config_path: str, data_dir: str) -> dict[str, list]:
    """Store every episode the config lists and every episode of its podcast feeds."""
    with _catalog(data_dir) as catalog:
        return ingest_configured_episodes(catalog, _config(config_path)).to_dict()


@step_task("ingest-episode")
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


@step_task("ingest-news")
def ingest_news_sources(config_path: str, data_dir: str) -> dict[str, list]:
    """Store every article of every news source; a failing source or article is skipped."""
    with _catalog(data_dir) as catalog:
        return ingest_configured_news(catalog, _config(config_path)).to_dict()


@step_task("prepare-audio")
def prepare_audio(config_path: str, data_dir: str, item_id: str) -> bool:
    """Make an episode's feed MP3 (loudness-normalised, tagged) unless it exists."""
    config = _config(config_path)
    with _catalog(data_dir) as catalog:
        item = catalog.get_item(item_id)
        return ensure_enclosure(catalog, item, config.audio, config.show.title, config.show_image)


@step_task("transcribe")
def transcribe_episode(job: TranscriptionJob) -> dict[str, Any]:
    """Transcribe one episode's audio; return the transcript, for the flow to store."""
    return run_transcription(job, progress=_progress_log(job.slug))


def _progress_log(slug: str) -> Progress:
    """Log a transcription's progress about every tenth of the episode, not every segment."""
    logger, last = get_run_logger(), [0.0]

    def progress(done: float, total: float) -> None:
        if total and done - last[0] >= total / 10:
            last[0] = done
            logger.info("%s: transcribed %.0f of %.0f s", slug, done, total)

    return progress


@step_task("tag")
def tag_item(job: TaggingJob, taxonomy: Path | None) -> list[dict[str, Any]]:
    """Tag one item's text and transcript with themes; return the tags, for the flow to store."""
    return run_tagging(job, _taxonomy(taxonomy))


@step_task("publish")
def publish_site(config_path: str, data_dir: str, out_dir: str) -> dict[str, object]:
    """Publish the feed, audio, transcripts, pages and search index into the output folder."""
    config = _config(config_path)
    with _catalog(data_dir) as catalog:
        return publish(catalog, config, Path(out_dir), _taxonomy(config.taxonomy)).summary()


@step_task("collect-garbage")
def collect_garbage_files(data_dir: str) -> int:
    """Remove stored files no item names and what killed runs left; return how many went."""
    with _catalog(data_dir) as catalog:
        return len(collect_garbage(catalog))


class CatalogJobs:
    """The flow's side of transcribing and tagging: each item's job, made from the catalog (None
    when the catalog has the result already), and the storing of what the task returned."""

    def __init__(self, config_path: str, data_dir: str) -> None:
        self.config = _config(config_path)
        self.catalog = _catalog(data_dir)
        self.taxonomy = self.config.taxonomy

    def __enter__(self) -> CatalogJobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.catalog.close()

    def transcription(self, item_id: str) -> TranscriptionJob | None:
        """The transcription job of an episode, with this runner's threads."""
        settings = self.config.runner.transcription(self.config.transcription)
        return transcription_job(self.catalog, self.catalog.get_item(item_id), settings)

    def store_transcription(self, job: TranscriptionJob, transcript: dict[str, Any]) -> None:
        """Store an episode's new transcript."""
        store_transcription(self.catalog, job, transcript)

    def tagging(self, item_id: str) -> TaggingJob | None:
        """The tagging job of an item."""
        item = self.catalog.get_item(item_id)
        return item_tagging_job(self.catalog, item, _taxonomy(self.taxonomy))

    def store_tagging(self, job: TaggingJob, tags: list[dict[str, Any]]) -> None:
        """Store an item's new tags."""
        store_tagging(self.catalog, job, tags)


def item_ids(data_dir: str, kind: str | None = None) -> list[str]:
    """The ids of the catalog's items (of one kind)."""
    with _catalog(data_dir) as catalog:
        return [item.id for item in catalog.items(kind)]  # type: ignore[arg-type]
