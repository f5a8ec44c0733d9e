"""The `innocast` command line: a thin shell over the flows and the step libraries."""

from __future__ import annotations

import importlib
import os

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


# Prefect reads these when it is first imported, which the commands do only when they run a
# flow. A local ephemeral API must not give up while Whisper keeps both cores busy, and with no
# network its telemetry only logs errors.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def main() -> None:
    """Entry point of the `innocast` command."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    run_cli(cli)
