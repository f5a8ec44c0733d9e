"""Placeholder until the 'feed' command lands."""

import click


@click.command("validate-feed")
def command() -> None:
    """Not yet available."""
    raise click.ClickException("not yet available")
