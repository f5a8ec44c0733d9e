"""Prefect flows: the whole pipeline and the pieces editors run on their own.

Each flow body is a list of steps; the steps are tasks over the plain functions of `steps/`.
Per-item steps run concurrently on the config's task runner (entered by the flow); one item that
fails is recorded and the others go on. Every run attaches a table of what it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from catalog import Catalog, pipeline_lock
from catalog.errors import CatalogBusyError
from flows.errors import one_line
from flows.runlog import Outcome, Pages, RunLog, submit
from flows.tasks import (
    collect_garbage_files,
    identify_model,
    ingest_episode_upload,
    ingest_episodes,
    ingest_news_sources,
    prepare_audio,
    publish_site,
    tag_item,
    transcribe_episode,
)
from flows.work import CatalogJobs, catalog_jobs
from innocast.errors import InnocastError
from steps.config import load_config
from steps.ingest_report import IngestReport
from steps.review import item_pages

# How long a run an editor started waits for another to finish before it gives up.
LOCK_WAIT = 600.0


@flow(name="pipeline")
def pipeline(config: str, out: str, data: str, wait_for_lock: float = 0.0) -> dict[str, Any]:
    """Ingest, transcribe, tag and publish everything the config lists; redo only what changed."""
    with _locked_run(data, "pipeline-summary", config, wait=wait_for_lock) as run:
        run.ingest(ingest_episodes, config, data)
        run.ingest(ingest_news_sources, config, data)
        with catalog_jobs(config, data) as work:
            _enrich(run, work, work.ids("episode"), work.ids())
        run.publish(publish_site, config, data, out)
        run.totals["collect-garbage"] = collect_garbage_files(data)
    return _summary(run)


@flow(name="add-episode")
def add_episode(
    audio_url: str,
    title: str,
    config: str,
    out: str,
    data: str,
    notes: str = "",
    published: datetime | None = None,
    episode_number: int | None = None,
    season: int | None = None,
    episode_id: str = "",
    language: str = "",
    allow_private: bool = False,
) -> dict[str, Any]:
    """Add one episode from an audio URL or file: transcribe, tag and publish it.

    `allow_private` lets this one run fetch from a private (intranet) address; it is logged.
    """
    if allow_private:
        get_run_logger().warning("This run may fetch %s from a private (intranet) address.",
                                 audio_url)
    with _locked_run(data, "add-episode-summary", config) as run:
        item_id = ingest_episode_upload(
            config, data, audio_url, title, notes, published, episode_number, season,
            episode_id, language, allow_private,
        )
        run.ingested("ingest-episodes", {"created": [item_id]})
        with catalog_jobs(config, data) as work:
            _enrich(run, work, [item_id], [item_id])
        run.publish(publish_site, config, data, out)
    return _summary(run)


@flow(name="news-update")
def news_update(config: str, out: str, data: str) -> dict[str, Any]:
    """Fetch the configured news sources, tag what is new or changed, and publish."""
    with _locked_run(data, "news-update-summary", config) as run:
        run.ingest(ingest_news_sources, config, data)
        with catalog_jobs(config, data) as work:
            _tag(run, work, work.ids("news"))
        run.publish(publish_site, config, data, out)
    return _summary(run)


@flow(name="ingest-episodes")
def ingest_episodes_flow(config: str, data: str) -> dict[str, Any]:
    """Ingest every configured episode and podcast feed into the catalog."""
    with _locked_run(data, "ingest-episodes-summary", config) as run:
        run.ingest(ingest_episodes, config, data)
    return _summary(run)


@flow(name="ingest-news")
def ingest_news_flow(config: str, data: str) -> dict[str, Any]:
    """Ingest every configured news source into the catalog."""
    with _locked_run(data, "ingest-news-summary", config) as run:
        run.ingest(ingest_news_sources, config, data)
    return _summary(run)


@flow(name="transcribe")
def transcribe_flow(config: str, data: str) -> dict[str, Any]:
    """Prepare the audio of and transcribe every episode in the catalog that needs it."""
    with _locked_run(data, "transcribe-summary", config) as run, catalog_jobs(config, data) as work:
        episodes = work.ids("episode")
        _prepare(run, work, episodes)
        if run.fault is None:
            _transcribe(run, work, episodes)
    return _summary(run)


@flow(name="tag")
def tag_flow(config: str, data: str) -> dict[str, Any]:
    """Tag every item whose text or taxonomy changed since it was last tagged."""
    with _locked_run(data, "tag-summary", config) as run, catalog_jobs(config, data) as work:
        _tag(run, work, work.ids())
    return _summary(run)


@flow(name="publish")
def publish(config: str, out: str, data: str) -> dict[str, Any]:
    """Publish what the catalog holds: feed, audio, transcripts, pages and search index."""
    with _locked_run(data, "republish-summary", config) as run:
        summary = publish_site(config, data, out)
        with Catalog(Path(data)) as catalog:
            run.outcomes += [Outcome("publish", item.id, "done") for item in catalog.items()]
    return summary


def _enrich(run: RunLog, work: CatalogJobs, episodes: list[str], items: list[str]) -> None:
    """Prepare the episodes' audio, transcribe them, and tag the items; stop at a faulty worker."""
    _prepare(run, work, episodes)
    if run.fault is None:
        _transcribe(run, work, episodes)
    if run.fault is None:
        _tag(run, work, items)


def _prepare(run: RunLog, work: CatalogJobs, episodes: list[str]) -> None:
    """Make the episodes' feed MP3s where they are missing or out of date."""
    run.each_job(prepare_audio, episodes, work.enclosure, work.store_enclosure, work.ref,
                 runner=work.runner)


def _tag(run: RunLog, work: CatalogJobs, items: list[str]) -> None:
    """Tag the items whose text or taxonomy changed."""
    run.each_job(tag_item, items, work.tagging, work.store_tagging, work.taxonomy, work.ref,
                 runner=work.runner)


def _transcribe(run: RunLog, work: CatalogJobs, episodes: list[str]) -> None:
    """Transcribe the episodes that need it, with the model as the workers name it."""
    if not episodes:
        return
    named = submit(work.runner, identify_model, work.config.transcription, work.ref)
    named.wait()
    if named.state.is_failed():
        run.failed(transcribe_episode.name, episodes, named.state)
        return
    model = named.result()
    run.each_job(
        transcribe_episode,
        episodes,
        lambda item_id: work.transcription(item_id, model),
        work.store_transcription,
        work.ref,
        work.config.runner,
        runner=work.runner,
    )


@contextmanager
def _locked_run(
    data: str, artifact_key: str, config: str, wait: float = LOCK_WAIT
) -> Iterator[RunLog]:
    """Hold the data directory's run lock for the block (waiting up to `wait` seconds, and
    saying so); then attach the run's table, also when the run failed (its one line)."""
    run = RunLog()
    try:
        with _lock(Path(data), wait):
            yield run
    except InnocastError as exc:
        run.outcomes.append(Outcome("run", "-", "failed", one_line(exc)))
        raise
    finally:
        run.artifact(artifact_key, _pages(config, data))


@contextmanager
def _lock(data: Path, wait: float) -> Iterator[None]:
    """The run lock; a run that has to wait for another says so in its log first."""
    held = ExitStack()
    try:
        held.enter_context(pipeline_lock(data, wait=0))
    except CatalogBusyError:
        if not wait:
            raise
        get_run_logger().info("Another innocast run holds %s; waiting up to %.0f s for it.",
                              data, wait)
        held.enter_context(pipeline_lock(data, wait=wait))
    with held:
        yield


def _pages(config: str, data: str) -> Pages:
    """Finds the items' titles and published pages for the run's table (none if the config
    cannot be read: the table then names the items by id)."""

    def find(refs: list[str]) -> dict[str, tuple[str, str]]:
        try:
            base_url = load_config(Path(config)).base_url
            with Catalog(Path(data)) as catalog:
                return item_pages(catalog, base_url, refs)
        except InnocastError:
            return {}

    return find


def _summary(run: RunLog) -> dict[str, Any]:
    """The counts the command line prints after a run."""
    totals = run.totals
    empty = IngestReport().to_dict()
    return {
        "episodes": {**empty, **totals.get("ingest-episodes", {})},
        "news": {**empty, **totals.get("ingest-news", {})},
        "audio_prepared": totals.get("prepare-audio", 0),
        "transcribed": totals.get("transcribe", 0),
        "tagged": totals.get("tag", 0),
        "published": totals.get("publish"),
        "failed": run.failures,
        "fault": run.fault,
    }
