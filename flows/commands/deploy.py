"""`innocast deploy`: the editors' deployments on a Prefect work pool, for its workers to run."""

from __future__ import annotations

from pathlib import Path

import click

from flows.options import config_option, data_option, out_option
from steps.config import load_config


@click.command("deploy")
@config_option
@out_option
@data_option
@click.option("--pool", required=True, help="The Prefect work pool whose workers run the flows.")
def command(config_path: Path, out_dir: Path, data_dir: Path, pool: str) -> None:
    """Register the editors' deployments on a Prefect work pool and return.

    The production path besides `innocast serve`: create a process work pool once
    (`prefect work-pool create POOL --type process`), start `prefect worker start --pool POOL`
    on the machine that holds the data directory, and editors' runs go to that worker. Needs
    PREFECT_API_URL pointing at a Prefect server.

    Example: innocast deploy --pool innocast --config innocast.toml --out public
    """
    config = load_config(config_path)
    from flows.deployments import deploy_to_pool

    names = deploy_to_pool(config, out_dir, data_dir, pool)
    click.echo(f"Deployed {len(names)} deployments on work pool {pool!r}: {', '.join(names)}")
    click.echo(f"Run them with: prefect worker start --pool {pool}")
