"""The `innocast` command line: a thin shell over the flows and the step libraries."""

from __future__ import annotations

import importlib
import sys

import click

from flows.errors import is_user_error, one_line

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


def run_cli(group: click.Group) -> None:
    """Run the click group, printing a user error as one `Error: ...` line with exit code 1."""
    try:
        group.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if not is_user_error(exc):
            raise
        click.echo(f"Error: {one_line(exc)}", err=True)
        sys.exit(1)
