"""The deployments editors trigger from the Prefect UI or `prefect deployment run`."""

from __future__ import annotations

from pathlib import Path

from prefect import serve
from prefect.deployments.runner import EntrypointType, RunnerDeployment

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
from flows.runners import task_runner
from pipeline.config import Config

TAGS = ["innocast"]
# Runs load their flow by module name: a file path would depend on the working directory, and
# would put flows/ first on sys.path, where flows/pipeline.py hides the `pipeline` package.
MODULE = EntrypointType.MODULE_PATH


def deployments(config: Config, out_dir: Path, data_dir: Path) -> list[RunnerDeployment]:
    """The editors' deployments, bound to one config, output and data directory."""
    where = {"config": str(config.path), "out": str(out_dir.absolute()),
             "data": str(data_dir.absolute())}
    steps = {key: where[key] for key in ("config", "data")}
    return [
        pipeline.with_options(task_runner=task_runner(config.runner)).to_deployment(
            name="update-everything",
            entrypoint_type=MODULE,
            parameters=where,
            description="Ingest every configured episode and news source, transcribe, tag "
            "and publish what changed.",
            tags=TAGS,
        ),
        add_episode.with_options(task_runner=task_runner(config.runner)).to_deployment(
            name="add-episode",
            entrypoint_type=MODULE,
            parameters=where,
            description="Paste an audio URL, a title and show notes: the episode is "
            "transcribed, tagged and published.",
            tags=TAGS,
        ),
        news_update.to_deployment(
            name="fetch-news",
            entrypoint_type=MODULE,
            parameters=where,
            cron=config.news_schedule,
            description="Fetch the configured news sources, tag new items and publish"
            + (f" (scheduled: {config.news_schedule})." if config.news_schedule else "."),
            tags=TAGS,
        ),
        ingest_episodes_flow.to_deployment(
            name="ingest-episodes",
            entrypoint_type=MODULE,
            parameters=steps,
            description="Ingest the configured episodes and podcast feeds (no publishing).",
            tags=TAGS,
        ),
        ingest_news_flow.to_deployment(
            name="ingest-news",
            entrypoint_type=MODULE,
            parameters=steps,
            description="Ingest the configured news sources (no publishing).",
            tags=TAGS,
        ),
        transcribe_flow.with_options(task_runner=task_runner(config.runner)).to_deployment(
            name="transcribe",
            entrypoint_type=MODULE,
            parameters=steps,
            description="Transcribe every episode that has no transcript for this model yet.",
            tags=TAGS,
        ),
        tag_flow.to_deployment(
            name="tag",
            entrypoint_type=MODULE,
            parameters=steps,
            description="Tag every item whose text or taxonomy changed.",
            tags=TAGS,
        ),
        publish.to_deployment(
            name="republish",
            entrypoint_type=MODULE,
            parameters=where,
            description="Publish the catalog again (after an editor's corrections).",
            tags=TAGS,
        ),
    ]


def serve_deployments(config: Config, out_dir: Path, data_dir: Path) -> None:
    """Register the deployments with the Prefect API and run their flows until stopped."""
    serve(*deployments(config, out_dir, data_dir), print_starting_message=True)
