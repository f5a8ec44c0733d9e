"""The Prefect flow of the whole pipeline, and the steps every flow is made of.

Each flow body is a list of steps; the steps are tasks over the plain functions of `steps/`.
Per-item steps run concurrently on the config's task runner (entered by the flow); one item that
fails is recorded and the others go on. Every run attaches a table of what it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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
    ingest_episodes,
    ingest_news_sources,
    prepare_audio,
    publish_site,
    tag_item,
    transcribe_episode,
)
from flows.work import CatalogJobs, catalog_jobs
from innocast.errors import InnocastError
from innocast.lazy import exports
from steps.config import load_config
from steps.ingest_report import IngestReport
from steps.review import item_pages

# How long a run an editor started waits for another to finish before it gives up.
LOCK_WAIT = 600.0
# The flows editors run on their own live in `flows.pieces`, so a run of the whole pipeline does
# not define them (each flow costs Prefect a parameter schema); deployments made before they
# moved name them here, and still find them.
__getattr__ = exports("flows.pipeline", {"flows.pieces": [
    "add_episode", "ingest_episodes_flow", "ingest_news_flow", "news_update", "publish",
    "tag_flow", "transcribe_flow",
]})


@flow(name="pipeline")
def pipeline(config: str, out: str, data: str, wait_for_lock: float = 0.0) -> dict[str, Any]:
    """Ingest, transcribe, tag and publish everything the config lists; redo only what changed."""
    with locked_run(data, "pipeline-summary", config, wait=wait_for_lock) as run:
        run.ingest(ingest_episodes, config, data)
        run.ingest(ingest_news_sources, config, data)
        with catalog_jobs(config, data) as work:
            enrich(run, work, work.ids("episode"), work.ids())
        run.publish(publish_site, config, data, out)
        run.totals["collect-garbage"] = collect_garbage_files(data)
    return summary_of(run)


def enrich(run: RunLog, work: CatalogJobs, episodes: list[str], items: list[str]) -> None:
    """Prepare the episodes' audio, transcribe them, and tag the items; stop at a faulty worker."""
    prepare_items(run, work, episodes)
    if run.fault is None:
        transcribe_items(run, work, episodes)
    if run.fault is None:
        tag_items(run, work, items)


def prepare_items(run: RunLog, work: CatalogJobs, episodes: list[str]) -> None:
    """Make the episodes' feed MP3s where they are missing or out of date."""
    run.each_job(prepare_audio, episodes, work.enclosure, work.store_enclosure, work.ref,
                 runner=work.runner)


def tag_items(run: RunLog, work: CatalogJobs, items: list[str]) -> None:
    """Tag the items whose text or taxonomy changed."""
    run.each_job(tag_item, items, work.tagging, work.store_tagging, work.taxonomy, work.ref,
                 runner=work.runner)


def transcribe_items(run: RunLog, work: CatalogJobs, episodes: list[str]) -> None:
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
def locked_run(
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


def summary_of(run: RunLog) -> dict[str, Any]:
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
