"""The pipeline on a local Dask cluster of two workers gives what the default runner gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.pipeline import pipeline
from steps.publication import STATE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore:.*Port .* is already in use.*"),
]
BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def _published(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(out.rglob("*")):
        # The state file is this build's stamp (its catalog revision, its files' times); the
        # search index is compared like every other file.
        if path.is_file() and path.name != STATE:
            files[str(path.relative_to(out))] = BUILD_DATE.sub(b"", path.read_bytes())
    return files


def test_runner_dask_gives_same_outputs_as_threads(
    prefect_harness: None, small_show: Path, tmp_path: Path
) -> None:
    outputs = {}
    show = small_show.read_text()
    for kind in ("threads", "dask"):
        small_show.write_text(show + f'\n[runner]\nkind = "{kind}"\nworkers = 2\n')
        where = tmp_path / kind
        summary = pipeline(str(small_show), str(where / "public"), str(where / "data"))
        assert summary["failed"] == []
        assert summary["transcribed"] == 2
        outputs[kind] = _published(tmp_path / kind / "public")
    assert outputs["threads"].keys() == outputs["dask"].keys()
    for name, content in outputs["threads"].items():
        assert outputs["dask"][name] == content, name


def test_runner_one_bad_episode_does_not_stop_the_others(
    prefect_harness: None, small_show: Path, tmp_path: Path
) -> None:
    (small_show.parent / "labbet.mp3").write_bytes(b"not audio at all")
    summary = pipeline(str(small_show), str(tmp_path / "public"), str(tmp_path / "data"))
    assert len(summary["failed"]) == 1
    assert "labbet.mp3" in summary["failed"][0]
    assert summary["transcribed"] == 1
    assert (tmp_path / "public" / "episodes" / "english" / "index.html").is_file()
    rows = _last_summary_table()
    failed = [row for row in rows if row["result"] == "failed"]
    assert len(failed) == 1 and "labbet.mp3" in failed[0]["item"] + failed[0]["reason"]
    # Items by title, with their published page.
    assert {"step": "transcribe", "item": "Innovation in English",
            "page": "http://localhost:8000/episodes/english/", "result": "done",
            "reason": ""} in rows


def _last_summary_table() -> list[dict[str, str]]:
    """The rows of the newest `pipeline-summary` artifact, as an editor sees them in the UI."""
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["pipeline-summary"]))
        )
    newest = max(artifacts, key=lambda artifact: artifact.created)
    return json.loads(newest.data)
