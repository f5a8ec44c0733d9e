"""Prefect flows for the pieces editors run on their own: one episode, the news, one stage.

Each is a deployment (`flows.deployments`); `flows.pipeline` holds the whole pipeline's flow and
the steps these are made of.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from catalog import Catalog
from flows.pipeline import (
    enrich,
    locked_run,
    prepare_items,
    summary_of,
    tag_items,
    transcribe_items,
)
from flows.runlog import Outcome
from flows.tasks import ingest_episode_upload, ingest_episodes, ingest_news_sources, publish_site
from flows.work import catalog_jobs


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
    with locked_run(data, "add-episode-summary", config) as run:
        item_id = ingest_episode_upload(
            config, data, audio_url, title, notes, published, episode_number, season,
            episode_id, language, allow_private,
        )
        run.ingested("ingest-episodes", {"created": [item_id]})
        with catalog_jobs(config, data) as work:
            enrich(run, work, [item_id], [item_id])
        run.publish(publish_site, config, data, out)
    return summary_of(run)


@flow(name="news-update")
def news_update(config: str, out: str, data: str) -> dict[str, Any]:
    """Fetch the configured news sources, tag what is new or changed, and publish."""
    with locked_run(data, "news-update-summary", config) as run:
        run.ingest(ingest_news_sources, config, data)
        with catalog_jobs(config, data) as work:
            tag_items(run, work, work.ids("news"))
        run.publish(publish_site, config, data, out)
    return summary_of(run)


@flow(name="ingest-episodes")
def ingest_episodes_flow(config: str, data: str) -> dict[str, Any]:
    """Ingest every configured episode and podcast feed into the catalog."""
    with locked_run(data, "ingest-episodes-summary", config) as run:
        run.ingest(ingest_episodes, config, data)
    return summary_of(run)


@flow(name="ingest-news")
def ingest_news_flow(config: str, data: str) -> dict[str, Any]:
    """Ingest every configured news source into the catalog."""
    with locked_run(data, "ingest-news-summary", config) as run:
        run.ingest(ingest_news_sources, config, data)
    return summary_of(run)


@flow(name="transcribe")
def transcribe_flow(config: str, data: str) -> dict[str, Any]:
    """Prepare the audio of and transcribe every episode in the catalog that needs it."""
    with locked_run(data, "transcribe-summary", config) as run, catalog_jobs(config, data) as work:
        episodes = work.ids("episode")
        prepare_items(run, work, episodes)
        if run.fault is None:
            transcribe_items(run, work, episodes)
    return summary_of(run)


@flow(name="tag")
def tag_flow(config: str, data: str) -> dict[str, Any]:
    """Tag every item whose text or taxonomy changed since it was last tagged."""
    with locked_run(data, "tag-summary", config) as run, catalog_jobs(config, data) as work:
        tag_items(run, work, work.ids())
    return summary_of(run)


@flow(name="publish")
def publish(config: str, out: str, data: str) -> dict[str, Any]:
    """Publish what the catalog holds: feed, audio, transcripts, pages and search index."""
    with locked_run(data, "republish-summary", config) as run:
        summary = publish_site(config, data, out)
        with Catalog(Path(data)) as catalog:
            run.outcomes += [Outcome("publish", item.id, "done") for item in catalog.items()]
    return summary
