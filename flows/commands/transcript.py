"""`innocast transcript`: an editor's corrections to an episode's transcript."""

from __future__ import annotations

from pathlib import Path

import click

from catalog import Catalog
from flows.errors import printable
from flows.options import data_option
from steps.transcription import set_corrected_transcript


@click.group("transcript")
def command() -> None:
    """Replace or restore an episode's transcript.

    Example: innocast transcript set samverket-coworking corrected.vtt
    """


@command.command("set")
@click.argument("episode")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@data_option
def set_transcript(episode: str, file: Path, data_dir: Path) -> None:
    """Use a corrected VTT or SRT FILE as EPISODE's transcript (id or slug) everywhere.

    No later transcription overwrites it; `innocast transcript clear` undoes it.

    Example: innocast transcript set samverket-coworking corrected.vtt
    """
    with Catalog(data_dir) as catalog:
        item = set_corrected_transcript(catalog, episode, file)
    click.echo(f"{item.slug}: transcript replaced by {printable(file.name)}; publish to show it.")


@command.command("clear")
@click.argument("episode")
@data_option
def clear_transcript(episode: str, data_dir: Path) -> None:
    """Drop EPISODE's corrected transcript and go back to the model's.

    Example: innocast transcript clear samverket-coworking
    """
    with Catalog(data_dir) as catalog:
        item = catalog.get_item(episode)
        had = catalog.clear_override(item.id)
    click.echo(f"{item.slug}: " + ("correction removed." if had else "had no correction."))
