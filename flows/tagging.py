"""What `innocast tag` does once its arguments are parsed: tag one file and print the tags.

Plain Python, no click: the entry point runs plain invocations of `innocast tag` without the
click layer (flows/entry.py) and the click command calls the same function, each passing the
function that prints a line (`click.echo` from the click command).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

from themes import default_taxonomy, load_taxonomy, read_text_file
from themes.tagger import tag_text

# Evidence shown per theme in the table.
TOP_EVIDENCE = 3


def tag_file(
    file: str,
    as_json: bool,
    taxonomy_path: Path | None,
    semantic: bool,
    echo: Callable[..., None],
) -> None:
    """Tag the text in `file` (`-` for standard input); print a table or JSON with `echo`."""
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
            echo(f"Warning: {warning.message}", err=True)
    else:
        tags = tag_text(text, taxonomy)
    if as_json:
        echo(json.dumps([tag.to_dict() for tag in tags], ensure_ascii=False, indent=2))
        return
    if not tags:
        echo("No themes found.")
        return
    rows = []
    for tag in tags:
        evidence = list(dict.fromkeys(item.text for item in tag.evidence))[:TOP_EVIDENCE]
        rows.append((tag.theme, taxonomy.get(tag.theme).label_sv, f"{tag.score:.2f}", evidence))
    header = ("theme", "label", "score", [])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    echo(f"{'theme':<{widths[0]}}  {'label':<{widths[1]}}  {'score':>{widths[2]}}  evidence")
    for theme, label, score, evidence in rows:
        echo(
            f"{theme:<{widths[0]}}  {label:<{widths[1]}}  {score:>{widths[2]}}  "
            + ", ".join(json.dumps(text, ensure_ascii=False) for text in evidence)
        )

