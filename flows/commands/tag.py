"""`innocast tag`: tag one text file with themes."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import click

from themes import default_taxonomy, load_taxonomy, read_text_file
from themes.tagger import tag_text

# Evidence shown per theme in the table.
TOP_EVIDENCE = 3


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
    taxonomy = load_taxonomy(taxonomy_path) if taxonomy_path else default_taxonomy()
    text = read_text_file(file)
    if semantic:
        # Imported here: the semantic layer brings numpy and the embedding model, which the
        # lexicon's tagging (the default) does without, and `innocast tag` should start fast.
        from themes.embedding import ModelMissingWarning
        from themes.semantic import SemanticTagger

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ModelMissingWarning)
            tags = SemanticTagger().tag_text(text, taxonomy)
        for warning in caught:
            click.echo(f"Warning: {warning.message}", err=True)
    else:
        tags = tag_text(text, taxonomy)
    if as_json:
        click.echo(json.dumps([tag.to_dict() for tag in tags], ensure_ascii=False, indent=2))
        return
    if not tags:
        click.echo("No themes found.")
        return
    rows = []
    for tag in tags:
        evidence = list(dict.fromkeys(item.text for item in tag.evidence))[:TOP_EVIDENCE]
        rows.append((tag.theme, taxonomy.get(tag.theme).label_sv, f"{tag.score:.2f}", evidence))
    header = ("theme", "label", "score", [])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    click.echo(f"{'theme':<{widths[0]}}  {'label':<{widths[1]}}  {'score':>{widths[2]}}  evidence")
    for theme, label, score, evidence in rows:
        click.echo(
            f"{theme:<{widths[0]}}  {label:<{widths[1]}}  {score:>{widths[2]}}  "
            + ", ".join(json.dumps(text, ensure_ascii=False) for text in evidence)
        )
