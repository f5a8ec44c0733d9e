"""The `innocast` command line: a thin shell over the flows and the step libraries."""

from __future__ import annotations

import importlib

import click

from flows.errors import run_cli

# Each module defines `command`, a click command (or group), registered under its own name.
COMMAND_MODULES = [
    "flows.commands.demo",
    "flows.commands.run",
    "flows.commands.publish",
    "flows.commands.items",
    "flows.commands.transcribe",
    "flows.commands.transcript",
    "flows.commands.tag",
    "flows.commands.tags",
    "flows.commands.feed",
    "flows.commands.serve",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="innocast")
def cli() -> None:
    """innocast: ingest, transcribe, tag and publish podcast episodes and news.

    Example: innocast demo --out public
    """


for _name in COMMAND_MODULES:
    cli.add_command(importlib.import_module(_name).command)


def main() -> None:
    """Entry point of the `innocast` command."""
    run_cli(cli)
