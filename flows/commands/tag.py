"""`innocast tag`: tag one text file with themes."""

from __future__ import annotations

from pathlib import Path

import click

from flows.tagging import tag_file


@click.command("tag")
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the tags as JSON.")
@click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A taxonomy TOML file to use instead of the default themes.",
)
@click.option(
    "--semantic",
    is_flag=True,
    help="Also find themes by meaning (the semantic layer; off by default, see README).",
)
def command(file: str, as_json: bool, taxonomy_path: Path | None, semantic: bool) -> None:
    """Tag the text in FILE (`-` for standard input) with innovation themes.

    Prints a table of theme, label, score and the strongest evidence, or with --json
    [{"theme": id, "score": float, "evidence": [{"text", "start", "end"}, ...]}, ...]
    where start and end are character offsets into the text. Themes are found by the
    lexicon's words; with --semantic also by meaning, a theme so found having the sentence
    that says it as its first evidence.

    Example: innocast tag news.txt --json
    """
    tag_file(file, as_json, taxonomy_path, semantic, echo=click.echo)
