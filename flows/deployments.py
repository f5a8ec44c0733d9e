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
from flows.runners import with_runner
from steps.config import Config

TAGS = ["innocast"]
# Runs load their flow by module name: a file path would depend on the working directory.
MODULE = EntrypointType.MODULE_PATH


# Each deployment: its flow, its name, whether it publishes (and so needs the output folder),
# whether its per-item tasks use the configured runner, and what an editor reads about it.
DEPLOYMENTS = (
    (pipeline, "update-everything", True, True,
     "Ingest every configured episode and news source, transcribe, tag and publish what "
     "changed."),
    (add_episode, "add-episode", True, True,
     "Paste an audio URL, a title and show notes: the episode is transcribed, tagged and "
     "published."),
    (news_update, "fetch-news", True, False,
     "Fetch the configured news sources, tag new items and publish."),
    (ingest_episodes_flow, "ingest-episodes", False, False,
     "Ingest the configured episodes and podcast feeds (no publishing)."),
    (ingest_news_flow, "ingest-news", False, False,
     "Ingest the configured news sources (no publishing)."),
    (transcribe_flow, "transcribe", False, True,
     "Transcribe every episode that has no transcript for this model yet."),
    (tag_flow, "tag", False, False, "Tag every item whose text or taxonomy changed."),
    (publish, "republish", True, False,
     "Publish the catalog again (after an editor's corrections)."),
)


def deployments(config: Config, out_dir: Path, data_dir: Path) -> list[RunnerDeployment]:
    """The editors' deployments, bound to one config, output and data directory."""
    steps = {"config": str(config.path), "data": str(data_dir.absolute())}
    made = []
    for flow, name, publishes, uses_runner, description in DEPLOYMENTS:
        if uses_runner:
            flow = with_runner(flow, config.runner)
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
