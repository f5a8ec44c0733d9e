"""`innocast validate-feed`: check a podcast feed the way Apple and Podcasting 2.0 apps will."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flows.errors import printable
from podcast import validate_source


@click.command("validate-feed")
@click.argument("path_or_url")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The published site folder: every feed URL under the base URL must be a file in it.",
)
@click.option(
    "--base-url",
    help="The URL the site folder is served at (default: the folder of the feed's self link).",
)
def command(path_or_url: str, site_dir: Path | None, base_url: str | None) -> None:
    """Validate the podcast feed PATH_OR_URL (a feed.xml file or an http(s) URL).

    Checks Apple's required and recommended tags, the Podcasting 2.0 tags (podcast:guid,
    podcast:locked, transcripts, chapters, persons) and, with --site, that every URL pointing
    into the site resolves to a file there (and enclosure lengths match the files). Prints one
    problem per line and exits 1 if any is an error; otherwise prints
    "PATH_OR_URL: valid (N episodes)".

    Example: innocast validate-feed public/feed.xml --site public
    """
    result = validate_source(path_or_url, site_dir=site_dir, base_url=base_url)
    for problem in result.problems:
        click.echo(printable(str(problem)))
    if not result.ok:
        sys.exit(1)
    click.echo(f"{result.source}: valid ({result.episodes} episodes)")
