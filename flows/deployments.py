"""The deployments editors trigger from the Prefect UI or `prefect deployment run`."""

from __future__ import annotations

import os
from pathlib import Path

from prefect import serve
from prefect.client.orchestration import get_client
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import ObjectNotFound

from flows.pipeline import (
    add_episode,
    ingest_episodes_flow,
    ingest_news_flow,
    news_update,
    pipeline,
    publish,
    tag_flow,
    transcribe_flow,
)
from steps.config import Config
from steps.errors import ConfigError

TAGS = ["innocast"]
# Runs load their flow by module name: a file path would depend on the working directory.
MODULE = EntrypointType.MODULE_PATH


# Each deployment: its flow, its name, whether it publishes (and so needs the output folder),
# and what an editor reads about it. Every flow enters the configured task runner itself
# (flows.work), so a served run and a work pool's run use the same one.
DEPLOYMENTS = (
    (pipeline, "update-everything", True,
     "Ingest every configured episode and news source, transcribe, tag and publish what "
     "changed."),
    (add_episode, "add-episode", True,
     "Paste an audio URL, a title and show notes: the episode is transcribed, tagged and "
     "published."),
    (news_update, "fetch-news", True,
     "Fetch the configured news sources, tag new items and publish."),
    (ingest_episodes_flow, "ingest-episodes", False,
     "Ingest the configured episodes and podcast feeds (no publishing)."),
    (ingest_news_flow, "ingest-news", False,
     "Ingest the configured news sources (no publishing)."),
    (transcribe_flow, "transcribe", False,
     "Transcribe every episode that has no transcript for this model yet."),
    (tag_flow, "tag", False, "Tag every item whose text or taxonomy changed."),
    (publish, "republish", True,
     "Publish the catalog again (after an editor's corrections)."),
)


def deployments(config: Config, out_dir: Path, data_dir: Path) -> list[RunnerDeployment]:
    """The editors' deployments, bound to one config, output and data directory."""
    steps = {"config": str(config.path), "data": str(data_dir.absolute())}
    made = []
    for flow, name, publishes, description in DEPLOYMENTS:
        schedule = config.news_schedule if name == "fetch-news" else None
        made.append(
            flow.to_deployment(
                name=name,
                entrypoint_type=MODULE,
                parameters={**steps, "out": str(out_dir.absolute())} if publishes else steps,
                cron=schedule,
                description=description + (f" Scheduled: {schedule}." if schedule else ""),
                tags=TAGS,
            )
        )
    return made


def serve_deployments(config: Config, out_dir: Path, data_dir: Path) -> None:
    """Register the deployments with the Prefect API and run their flows until stopped."""
    serve(*deployments(config, out_dir, data_dir), print_starting_message=True)


def deploy_to_pool(config: Config, out_dir: Path, data_dir: Path, pool: str) -> list[str]:
    """Register the deployments on a Prefect work pool (which must exist); return their names."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(f"work pool {pool}: deploying needs a Prefect server (PREFECT_API_URL)")
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            raise ConfigError(
                f"work pool {pool}: no such pool; create it with "
                f"`prefect work-pool create {pool} --type process`"
            ) from None
    made = deployments(config, out_dir, data_dir)
    for deployment in made:
        deployment.apply(work_pool_name=pool)
    return [f"{deployment.flow_name}/{deployment.name}" for deployment in made]
