"""Placeholder until the 'demo' command lands."""

import click


@click.command("demo")
def command() -> None:
    """Not yet available."""
    raise click.ClickException("not yet available")
