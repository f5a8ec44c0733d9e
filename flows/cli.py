"""The `innocast` command line: a thin shell over the flows and the step libraries."""

from __future__ import annotations

import importlib
import os

import click

from flows.errors import run_cli

# Each module defines `command`, a click command (or group). Commands are imported only when
# they run, so `innocast tag` does not pay for Whisper, Prefect and the site renderer.
COMMANDS = {
    "demo": "flows.commands.demo",
    "edit": "flows.commands.edit",
    "run": "flows.commands.run",
    "ingest": "flows.commands.ingest",
    "publish": "flows.commands.publish",
    "items": "flows.commands.items",
    "transcribe": "flows.commands.transcribe",
    "transcript": "flows.commands.transcript",
    "tag": "flows.commands.tag",
    "tags": "flows.commands.tags",
    "validate-feed": "flows.commands.feed",
    "serve": "flows.commands.serve",
    "deploy": "flows.commands.deploy",
}

# Prefect reads these when it is first imported, which the commands do only when they run a
# flow. A local ephemeral API must not give up while Whisper keeps both cores busy, and with no
# network its telemetry only logs errors.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command of this name, imported now."""
        module = COMMANDS.get(cmd_name)
        return importlib.import_module(module).command if module else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="innocast")
def cli() -> None:
    """innocast: ingest, transcribe, tag and publish podcast episodes and news.

    Example: innocast demo --out public
    """


def main() -> None:
    """Entry point of the `innocast` command."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    run_cli(cli)
