"""`innocast run`: the full incremental pipeline from a config file."""

from __future__ import annotations

from pathlib import Path

import click

from catalog import pipeline_lock
from flows.options import config_option, data_option, out_option
from flows.report import conclude
from steps.config import load_config
from steps.store import flow_store


@click.command("run")
@config_option
@out_option
@data_option
@click.option(
    "--wait",
    type=float,
    default=0.0,
    show_default=True,
    help="Seconds to wait for another run on the same data directory to finish.",
)
def command(config_path: Path, out_dir: Path, data_dir: Path, wait: float) -> None:
    """Run the pipeline once: ingest, transcribe, tag and publish what changed.

    Example: innocast run --config innocast.toml --out public
    """
    config = load_config(config_path)  # a bad config fails here, before Prefect starts
    # So does a busy data directory: refused inside the flow, Prefect would also log the
    # refusal as a failed run with a traceback. The flow takes the lock again for its work.
    with pipeline_lock(data_dir, wait=wait):
        pass
    flow_store(config.store, data_dir)  # and a store the flow cannot reach
    # Prefect is imported only by the commands that run flows: it takes seconds to import.
    from flows.pipeline import pipeline
    from flows.runners import check_runner

    check_runner(config.runner)  # a runner the run cannot use fails here, in one line
    summary = pipeline(
        str(config_path.absolute()),
        str(out_dir.absolute()),
        str(data_dir.absolute()),
        wait_for_lock=wait,
    )
    conclude(summary, out_dir)
