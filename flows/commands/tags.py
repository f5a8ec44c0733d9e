"""`innocast tags`: an editor confirms or rejects an item's themes."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from catalog import Catalog
from flows.options import config_option, data_option
from steps.config import load_config
from themes.taxonomy import Taxonomy, default_taxonomy, load_taxonomy


@click.group("tags")
def command() -> None:
    """Confirm or reject the themes of an episode or news item.

    Example: innocast tags set samverket-coworking +collaboration -security-trust
    """


@command.command("set", context_settings={"ignore_unknown_options": True})
@click.argument("item")
@click.argument("changes", nargs=-1, required=True)
@data_option
@config_option
def set_tags(item: str, changes: tuple[str, ...], data_dir: Path, config_path: Path) -> None:
    """Confirm (+THEME), reject (-THEME) or forget (=THEME) themes of ITEM (id or slug).

    An editor's word wins over the tagger and survives re-tagging.

    Example: innocast tags set samverket-coworking +collaboration -security-trust
    """
    known = set(_taxonomy(config_path).ids)
    decisions: dict[str, bool | None] = {}
    for change in changes:
        sign, theme = change[:1], change[1:]
        if sign not in "+-=" or not sign or theme not in known:
            raise click.BadParameter(
                f"{change!r}: write +THEME, -THEME or =THEME with a theme id "
                f"({', '.join(sorted(known))})",
                param_hint="CHANGES",
            )
        decisions[theme] = {"+": True, "-": False, "=": None}[sign]
    with Catalog(data_dir) as catalog:
        target = catalog.get_item(item)
        catalog.decide(target.id, decisions)
        final = catalog.decisions(target.id)
    confirmed = sorted(t for t, ok in final.items() if ok)
    rejected = sorted(t for t, ok in final.items() if not ok)
    click.echo(
        f"{target.slug}: confirmed {', '.join(confirmed) or '-'}; "
        f"rejected {', '.join(rejected) or '-'}"
    )


def _taxonomy(config_path: Path) -> Taxonomy:
    """The themes the config tags with; the default ones when no config was named and there is
    none in this folder (an editor working on the data directory alone)."""
    named = click.get_current_context().get_parameter_source("config_path")
    if named is ParameterSource.DEFAULT and not config_path.exists():
        return default_taxonomy()
    return load_taxonomy(load_config(config_path).taxonomy)
