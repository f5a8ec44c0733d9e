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
def command(config_path: Path, out_dir: Path, data_dir: Path) -> None:
    """Register the editors' deployments with Prefect and run them until stopped (Ctrl-C).

    Start a Prefect server first (`prefect server start --host 127.0.0.1`) and point at it
    with PREFECT_API_URL=http://127.0.0.1:4200/api. Editors then trigger runs from the UI
    (http://127.0.0.1:4200) or with `prefect deployment run 'add-episode/add-episode'`.

    Example: innocast serve --config innocast.toml --out public
    """
    config = load_config(config_path)
    from flows.deployments import serve_deployments

    api = os.environ.get("PREFECT_API_URL", "")
    ui = api.removesuffix("/api") if api else "(no PREFECT_API_URL: an ephemeral API)"
    click.echo(f"Serving innocast's deployments; open the Prefect UI at {ui}")
    serve_deployments(config, out_dir, data_dir)
