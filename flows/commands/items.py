"""`innocast items`: what the catalog holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from catalog import Catalog
from flows.options import data_option


@click.command("items")
@click.option("--kind", type=click.Choice(["episode", "news"]), help="Only this kind of item.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@data_option
def command(kind: str | None, as_json: bool, data_dir: Path) -> None:
    """List the catalog's episodes and news items, newest first.

    Example: innocast items --kind episode
    """
    with Catalog(data_dir) as catalog:
        for item in catalog.items(kind):  # type: ignore[arg-type]
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "id": item.id,
                            "kind": item.kind,
                            "slug": item.slug,
                            "title": item.title,
                            "published": item.published,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                click.echo(
                    f"{item.kind:8} {(item.published or '')[:10]:10} {item.slug}  {item.title}"
                )
