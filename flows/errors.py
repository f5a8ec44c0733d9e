"""How the command line turns the libraries' errors into one-line messages."""

from __future__ import annotations

import sys

import click

from innocast.errors import InnocastError


def one_line(exc: BaseException) -> str:
    """An exception's message as one line (its type's name if it has none).

    >>> one_line(ValueError("a.mp3:\\n  not audio")), one_line(KeyError())
    ('a.mp3: not audio', 'KeyError')
    """
    return " ".join(str(exc).split()) or type(exc).__name__


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
        if not isinstance(exc, InnocastError):
            raise
        click.echo(f"Error: {one_line(exc)}", err=True)
        sys.exit(1)
