"""Placeholder until the 'tag' command lands."""

import click


@click.command("tag")
def command() -> None:
    """Not yet available."""
    raise click.ClickException("not yet available")
