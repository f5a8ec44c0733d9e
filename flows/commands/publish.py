"""`innocast publish`: publish the catalog's items into a folder, atomically."""

from __future__ import annotations

from pathlib import Path

import click

from catalog import Catalog, pipeline_lock
from flows.options import config_option, data_option, out_option
from flows.report import published_line
from steps.config import load_config
from steps.publish import publish
from themes.taxonomy import load_taxonomy


@click.command("publish")
@config_option
@out_option
@data_option
def command(config_path: Path, out_dir: Path, data_dir: Path) -> None:
    """Publish feed, audio, transcripts, pages and search index from the catalog into --out.

    The new publication is built beside the old one and swapped in at once.

    Example: innocast publish --config innocast.toml --out public
    """
    config = load_config(config_path)
    taxonomy = load_taxonomy(config.taxonomy)
    with pipeline_lock(data_dir), Catalog(data_dir) as catalog:
        report = publish(catalog, config, out_dir, taxonomy)
    click.echo(published_line(report.summary(), into=out_dir))
