"""How the command line tells the libraries' errors from bugs and makes them one-line messages."""

from __future__ import annotations

import errno
import re
import unicodedata

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


def is_user_error(exc: BaseException) -> bool:
    """Whether `exc` is printed as one `Error: ...` line (exit code 1) rather than a traceback."""
    return isinstance(exc, InnocastError) or _disk_full(exc)


def _disk_full(exc: BaseException) -> bool:
    """Whether `exc` is a full disk (or quota) met by a write no step wrapped: not a bug, and
    its message names the file, so it is printed as one line too."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
