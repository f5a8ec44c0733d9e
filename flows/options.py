"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".innocast",
    show_default=True,
    envvar="INNOCAST_DATA",
    help="Data directory: the catalog, stored audio and transcripts (env INNOCAST_DATA).",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="public",
    show_default=True,
    help="Output directory: the published feed, audio, transcripts and pages.",
)
config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="innocast.toml",
    show_default=True,
    envvar="INNOCAST_CONFIG",
    help="Config file: the show, its episode and news sources (env INNOCAST_CONFIG).",
)
