"""`innocast demo`: the whole pipeline on the bundled demo show."""

from __future__ import annotations

from pathlib import Path

import click

from demo import DEMO_CONFIG
from flows.options import data_option, out_option
from flows.report import conclude


@click.command("demo")
@out_option
@data_option
def command(out_dir: Path, data_dir: Path) -> None:
    """Run the whole pipeline on the bundled demo content into DIR (default ./public).

    Ingests four demo episodes (real speech) and five Swedish news texts, transcribes the audio
    with the bundled Whisper base model, tags every item with themes, and publishes a podcast
    feed and a searchable site. A second run reuses everything unchanged.

    Example: innocast demo --out public
    """
    # Prefect is imported only by the commands that run flows: it takes seconds to import.
    from flows.pipeline import pipeline

    summary = pipeline(str(DEMO_CONFIG), str(out_dir.absolute()), str(data_dir.absolute()))
    conclude(summary, out_dir)
