"""Benchmark: what spreading the demo over workers costs the flow, and the data it moves.

For each episode of the demo show, the three per-item steps are run as a distributed run runs
them: the flow plans a job (putting the audio into the store), a worker does it through its own
handle on the store, and the flow files the result (fetching what the worker wrote). Measured
twice in the same run: with the default store, the data folder itself (the baseline: nothing to
copy), and with an S3-compatible server (moto) on 127.0.0.1. Reports, per episode, the bytes
each side moves and the flow's own time per item beside the worker's time per item.

Usage: .venv/bin/python benchmarks/several_machines.py
Writes benchmarks/results/several_machines.md.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results" / "several_machines.md"


def counted(store: Any, moved: Counter, side: str) -> Any:
    """Count the bytes a store handle sends and receives, by side and direction."""
    get_file, put_file, put_bytes, read_bytes = (store.get_file, store.put_file, store.put_bytes,
                                                 store.read_bytes)

    def get(key: str, target: Path) -> Path:
        path = get_file(key, target)
        moved[f"store -> {side}"] += path.stat().st_size
        return path

    def put(source: Path, suffix: str) -> str:
        if not store.has(_key(source, suffix)):
            moved[f"{side} -> store"] += source.stat().st_size
        return put_file(source, suffix)

    def put_data(data: bytes, suffix: str) -> str:
        moved[f"{side} -> store"] += len(data)
        return put_bytes(data, suffix)

    def read(key: str) -> bytes:
        data = read_bytes(key)
        moved[f"store -> {side}"] += len(data)
        return data

    store.get_file, store.put_file, store.put_bytes, store.read_bytes = get, put, put_data, read
    return store


def _key(source: Path, suffix: str) -> str:
    from catalog.blobs import blob_key
    from catalog.files import sha256_file

    return blob_key(sha256_file(source), suffix)


def timed(clock: Counter, name: str, action: Callable[[], Any]) -> Any:
    """Run `action`, adding its wall time to `clock[name]`."""
    start = time.perf_counter()
    try:
        return action()
    finally:
        clock[name] += time.perf_counter() - start


def measure(url: str | None, options: dict[str, str], folder: Path) -> dict[str, Any]:
    """The demo's per-item steps through a store at `url` (None: the data folder)."""
    from catalog import Catalog
    from catalog.blobs import StoreRef, worker_store
    from demo import DEMO_CONFIG
    from flows.work import catalog_jobs
    from steps.config import StoreSettings, load_config
    from steps.episodes import run_enclosure
    from steps.ingest import ingest_configured_episodes
    from steps.tagging import run_tagging
    from steps.transcription import run_transcription
    from transcripts.model import resolve_model

    data = folder / "data"
    config = load_config(DEMO_CONFIG)
    with Catalog(data) as catalog:
        ingest_configured_episodes(catalog, config)
    moved: Counter = Counter()
    flow_time: Counter = Counter()
    worker_time: Counter = Counter()
    settings = StoreSettings(url=url or "", endpoint_url=options.get("endpoint_url", ""))
    config_path = folder / "innocast.toml"
    config_path.write_text(DEMO_CONFIG.read_text() + _store_table(settings))
    for name in ("episodes", "cover.jpg", "news"):
        target = folder / name
        if not target.exists():
            target.symlink_to(DEMO_CONFIG.parent / name)
    model = resolve_model(config.transcription.model).id
    with catalog_jobs(str(config_path), str(data)) as work:
        counted(work.store, moved, "flow")
        worker = counted(worker_store(StoreRef(work.ref.url, work.ref.identity,
                                               work.ref.options)), moved, "worker")
        episodes = work.ids("episode")
        steps = (
            ("prepare-audio", work.enclosure, lambda job: run_enclosure(worker, job),
             work.store_enclosure),
            ("transcribe", lambda item: work.transcription(item, model),
             lambda job: run_transcription(worker, job), work.store_transcription),
            ("tag", work.tagging, lambda job: run_tagging(job, work.taxonomy),
             work.store_tagging),
        )
        for step, make_job, run, store in steps:
            for item in episodes:
                job = timed(flow_time, step, lambda: make_job(item))  # noqa: B023 (run at once)
                result = timed(worker_time, step, lambda: run(job))  # noqa: B023
                timed(flow_time, step, lambda: store(job, result))  # noqa: B023
    return {"moved": moved, "flow": flow_time, "worker": worker_time, "episodes": len(episodes)}


def _store_table(settings: Any) -> str:
    if not settings.url:
        return ""
    return f'\n[store]\nurl = "{settings.url}"\nendpoint_url = "{settings.endpoint_url}"\n'


def main() -> None:
    """Measure both stores and write the results file."""
    from tests.objectstore import CREDENTIALS, s3_server

    os.environ.update(CREDENTIALS)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "local").mkdir()
        local = measure(None, {}, root / "local")
        with s3_server(root / "moto.log") as endpoint:
            (root / "s3").mkdir()
            remote = measure("s3://innocast/benchmark", {"endpoint_url": endpoint}, root / "s3")
    report = render(local, remote)
    print(report)
    RESULTS.write_text(report)


def render(local: dict[str, Any], remote: dict[str, Any]) -> str:
    """The results as Markdown."""
    n = remote["episodes"]
    steps = ("prepare-audio", "transcribe", "tag")
    lines = [
        "# Several machines: data moved and the flow's own time per item",
        "",
        f"`benchmarks/several_machines.py`: the {n} demo episodes (about 3.5 minutes of audio), "
        "each through the three per-item steps as a distributed run does them: the flow plans "
        "a job, a worker does it through its own handle on the store, the flow files the "
        "result. Baseline: the default store (the data folder itself); against it, an "
        "S3-compatible server (moto) on 127.0.0.1. Measured "
        f"{datetime.now(UTC):%Y-%m-%d} on {platform.machine()} "
        f"({os.cpu_count()} cores, shared), CPython {platform.python_version()}.",
        "",
        "| bytes per episode | data folder (baseline) | S3 store |",
        "| --- | ---: | ---: |",
    ]
    for direction in ("flow -> store", "store -> worker", "worker -> store", "store -> flow"):
        lines.append(f"| {direction} | {local['moved'][direction] / n / 1e3:,.0f} kB "
                     f"| {remote['moved'][direction] / n / 1e3:,.0f} kB |")
    lines += [
        "",
        "| seconds per episode | flow, data folder | flow, S3 | worker, S3 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for step in steps:
        lines.append(f"| {step} | {local['flow'][step] / n:.3f} | {remote['flow'][step] / n:.3f} "
                     f"| {remote['worker'][step] / n:.2f} |")
    flow_total = sum(remote["flow"][s] for s in steps) / n
    worker_total = sum(remote["worker"][s] for s in steps) / n
    lines += [
        f"| all three | {sum(local['flow'][s] for s in steps) / n:.3f} | {flow_total:.3f} "
        f"| {worker_total:.2f} |",
        "",
        f"- The flow's own time per episode with the S3 store: **{flow_total:.2f} s**, "
        f"{flow_total / max(sum(local['flow'][s] for s in steps) / n, 1e-9):.1f}x the data "
        "folder's; the worker's: "
        f"**{worker_total:.1f} s** ({worker_total / max(flow_total, 1e-9):.0f}x the flow's).",
        f"- So one flow keeps up to about {worker_total / max(flow_total, 1e-9):.0f} CPU "
        "workers busy before its own serial share becomes the limit (on paper).",
        "- With the data folder as the store nothing is copied between flow and workers: "
        "workers read the audio where the catalog keeps it and write the MP3 and the "
        "transcript beside it.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
