"""Prefect tasks: each a thin wrapper around one step of `steps/`.

The ingest and publish tasks run in the flow's process and open the catalog by path. The
per-item tasks (audio, transcription, tagging) may run on other machines: they take jobs of
content keys and values, reach only the blob store, and return what they made. Caching is the
catalog's (keyed by content, model and settings), so Prefect's own input cache is off. Every
task follows one retry rule: a transient network failure is retried with backoff, nothing else
is; a user error (unreadable audio, a full disk) fails the task with its one line, without a
traceback.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
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
from flows.errors import one_line
from innocast.errors import InnocastError
from steps.config import Config, EpisodeSource, RunnerSettings, load_config
from steps.episodes import EnclosureJob, ingest_source, run_enclosure
from steps.garbage import collect_garbage
from steps.ingest import ingest_configured_episodes, ingest_configured_news
from steps.ingest_report import TRANSIENT_ERRORS
from steps.publish import publish
from steps.records import Enclosure
from steps.tagging import TaggingJob, run_tagging
from steps.transcription import (
    Progress,
    TranscriptionJob,
    TranscriptionResult,
    run_transcription,
)
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


# A failed task's state name when the worker itself is unfit (no store, another store): the
# run stops there instead of recording the same failure for every item.
WORKER_FAULT = "WorkerFault"


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
            except (StoreMismatchError, StoreUnreachableError) as exc:
                return Failed(message=one_line(exc), name=WORKER_FAULT)
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
    episode_id: str = "",
    language: str = "",
    allow_private: bool = False,
) -> str:
    """Store one episode an editor added by audio URL or path (its id and language if given;
    from a private address if allowed); return its item id."""
    source = EpisodeSource(audio=audio, title=title, notes=notes, published=published,
                           episode=episode, season=season, id=episode_id or None,
                           language=language or None)
    with _catalog(data_dir) as catalog, tempfile.TemporaryDirectory() as tmp:
        timeout = _config(config_path).fetch.audio_timeout
        return ingest_source(catalog, source, audio, Path(tmp), timeout=timeout,
                             allow_private=allow_private).item.id


@step_task("ingest-news")
def ingest_news_sources(config_path: str, data_dir: str) -> dict[str, list]:
    """Store every article of every news source; a failing source or article is skipped."""
    with _catalog(data_dir) as catalog:
        return ingest_configured_news(catalog, _config(config_path)).to_dict()


# The per-item tasks may run on other machines: they take content keys and values, touch
# nothing but the blob store, and return what they made; the flow files it (flows.work).


@step_task("identify-model")
def identify_model(settings: TranscribeSettings, store: StoreRef) -> ModelId:
    """Name the configured Whisper model by identity and revision, as a worker finds it."""
    worker_store(store)  # every task checks its worker's store: a misplaced worker stops the run
    return resolve_model(settings.model).id


@step_task("prepare-audio")
def prepare_audio(job: EnclosureJob, store: StoreRef) -> Enclosure:
    """Make an episode's feed MP3 (loudness-normalised, tagged) into the store."""
    return run_enclosure(worker_store(store), job)


@step_task("transcribe")
def transcribe_episode(
    job: TranscriptionJob, store: StoreRef, runner: RunnerSettings
) -> TranscriptionResult:
    """Transcribe an episode's audio from the store (and sync its manuscript); return the
    stored transcripts' keys."""
    settings = runner.transcription(job.settings, worker_cores(), dask_worker_slots())
    return run_transcription(worker_store(store), replace(job, settings=settings),
                             progress=_progress_log(job.slug))


def _progress_log(slug: str) -> Progress:
    """Log a transcription's progress about every tenth of the episode, not every segment."""
    logger, last = get_run_logger(), [0.0]

    def progress(done: float, total: float) -> None:
        if total and done - last[0] >= total / 10:
            last[0] = done
            logger.info("%s: transcribed %.0f of %.0f s", slug, done, total)

    return progress


@step_task("tag")
def tag_item(job: TaggingJob, taxonomy: Taxonomy, store: StoreRef) -> list[dict[str, Any]]:
    """Tag one item's text and transcript with themes; return the tags, for the flow to store."""
    blobs = worker_store(store)
    # A folder store keeps the semantic layer's embeddings beside its blobs; elsewhere the
    # worker keeps them in memory only.
    embeddings = Path(blobs.root) / "embeddings" if blobs.local else None
    return run_tagging(job, taxonomy, embeddings)


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
