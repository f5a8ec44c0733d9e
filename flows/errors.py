"""How the command line turns the libraries' errors into one-line messages."""

from __future__ import annotations

import errno
import re
import sys
import unicodedata

import click

from innocast.errors import InnocastError


def printable(text: str) -> str:
    """Text safe to print as (part of) one line: runs of spaces become one space, and every
    other control or separator character is written as its escape, so a file name holding a
    newline or a terminal escape cannot forge an `Error:` line or rewrite the screen.

    >>> printable("a.mp3\\nError: forged  \\x1b[2J\\u2028ok")
    'a.mp3\\\\nError: forged \\\\x1b[2J\\\\u2028ok'
    """
    shown = []
    for char in text.strip():
        if char == "\t" or unicodedata.category(char) == "Zs":
            shown.append(" ")
        elif char.isprintable():
            shown.append(char)
        else:
            shown.append(char.encode("unicode_escape").decode("ascii"))
    return re.sub(" +", " ", "".join(shown)).strip()


def one_line(exc: BaseException) -> str:
    """An exception's message as one printable line (its type's name if it has none).

    >>> one_line(ValueError("a.mp3:   not audio")), one_line(KeyError())
    ('a.mp3: not audio', 'KeyError')
    >>> one_line(ValueError("x.txt\\nError: forged"))
    'x.txt\\\\nError: forged'
    """
    return printable(str(exc)) or type(exc).__name__


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
        if not isinstance(exc, InnocastError) and not _disk_full(exc):
            raise
        click.echo(f"Error: {one_line(exc)}", err=True)
        sys.exit(1)


def _disk_full(exc: Exception) -> bool:
    """Whether `exc` is a full disk (or quota) met by a write no step wrapped: not a bug, and
    its message names the file, so it is printed as one line too."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
