"""`innocast serve`: the editors' deployments, served until stopped."""

from __future__ import annotations

import os
from pathlib import Path

import click

from flows.options import config_option, data_option, out_option
from steps.config import load_config


@click.command("serve")
@config_option
@out_option
@data_option
@click.option("--edit", is_flag=True,
              help="Also serve the editors' web app (`innocast edit`) on 127.0.0.1.")
@click.option("--edit-port", default=8765, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the editors' web app with --edit.")
def command(config_path: Path, out_dir: Path, data_dir: Path, edit: bool, edit_port: int) -> None:
    """Register the editors' deployments with Prefect and run them until stopped (Ctrl-C).

    Start a Prefect server first (`prefect server start --host 127.0.0.1`) and point at it
    with PREFECT_API_URL=http://127.0.0.1:4200/api. Editors then trigger runs from the UI
    (http://127.0.0.1:4200) or with `prefect deployment run 'add-episode/add-episode'`.

    With --edit the editors' web app runs beside them on 127.0.0.1 (no login: loopback).

    Example: innocast serve --config innocast.toml --out public --edit
    """
    config = load_config(config_path)
    from flows.deployments import serve_deployments

    api = os.environ.get("PREFECT_API_URL", "")
    ui = api.removesuffix("/api") if api else "(no PREFECT_API_URL: an ephemeral API)"
    click.echo(f"Serving innocast's deployments; open the Prefect UI at {ui}")
    if edit:
        from flows.editing import editor_in_background

        editor_in_background(config_path, out_dir, data_dir, edit_port)
    serve_deployments(config, out_dir, data_dir)
