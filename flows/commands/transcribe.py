"""Placeholder until the 'transcribe' command lands."""

import click


@click.command("transcribe")
def command() -> None:
    """Not yet available."""
    raise click.ClickException("not yet available")
