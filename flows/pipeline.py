"""Prefect flows: the whole pipeline, incremental, as a list of steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.states import State

from catalog import pipeline_lock
from flows.tasks import (
    ingest_episodes,
    ingest_news_sources,
    item_ids,
    prepare_audio,
    publish_site,
    tag_item,
    transcribe_episode,
)


@flow(name="pipeline", log_prints=True)
def pipeline(config: str, out: str, data: str, wait_for_lock: float = 0.0) -> dict[str, Any]:
    """Ingest, transcribe, tag and publish everything the config lists; redo only what changed."""
    with pipeline_lock(Path(data), wait=wait_for_lock):
        summary: dict[str, Any] = {"failed": []}
        summary["episodes"] = ingest_episodes(config, data)
        summary["failed"] += summary["episodes"].pop("failed")
        summary["news"] = ingest_news_sources(config, data)
        episodes = item_ids(data, "episode")
        summary["audio_prepared"] = _each(prepare_audio, config, data, episodes, summary)
        summary["transcribed"] = _each(transcribe_episode, config, data, episodes, summary)
        summary["tagged"] = _each(tag_item, config, data, item_ids(data), summary)
        summary["published"] = publish_site(config, data, out)
    get_run_logger().info("pipeline summary: %s", _counts(summary))
    return summary


def _each(step: Any, config: str, data: str, ids: list[str], summary: dict[str, Any]) -> int:
    """Run a per-item step over items; count those it did, record those that failed."""
    done = 0
    for item_id in ids:
        state: State = step(config, data, item_id, return_state=True)
        if state.is_failed():
            summary["failed"].append(f"{step.name} {item_id}: {state.message}")
        elif state.result():
            done += 1
    return done


def _counts(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "transcribed": summary["transcribed"],
        "tagged": summary["tagged"],
        "failed": len(summary["failed"]),
    }
