"""Who may edit: editors' names with Argon2 password hashes, from a file or the environment.

A users file has one `name:hash` per line (`#` starts a comment); the environment variable
INNOCAST_EDITORS holds the same entries separated by white space. `innocast edit
--hash-password` makes a hash. Loopback binds need no login: only this machine reaches them.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from editor.errors import LoginSetupError

USERS_ENV = "INNOCAST_EDITORS"
# The addresses only this machine can reach; any other bind requires a login.
LOOPBACK = ("127.0.0.1", "::1", "localhost")

_hasher = PasswordHasher()
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = _hasher.hash("innocast")


def needs_login(host: str) -> bool:
    """Whether an app bound to `host` requires a login (any address but this machine's own).

    >>> needs_login("127.0.0.1"), needs_login("0.0.0.0"), needs_login("127.0.0.2")
    (False, True, True)
    """
    return host not in LOOPBACK


def is_ip(host: str) -> bool:
    """Whether `host` is an IP address rather than a name.

    >>> is_ip("10.0.0.5"), is_ip("redaktion.local")
    (True, False)
    """
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def hash_password(password: str) -> str:
    """An Argon2id hash of the password, for a users file or INNOCAST_EDITORS."""
    if not password:
        raise LoginSetupError("password: empty")
    return _hasher.hash(password)


def parse_users(text: str, source: str) -> dict[str, str]:
    """The `name:hash` entries of a users file's text (or the environment's), by name."""
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for entry in line.split("#", 1)[0].split():
            name, sep, hashed = entry.partition(":")
            if not sep or not name or not hashed.startswith("$argon2"):
                raise LoginSetupError(
                    f"{source}: line {number}: write name:hash with an Argon2 hash "
                    "(make one with `innocast edit --hash-password`)"
                )
            users[name] = hashed
    return users


def load_users(path: Path | None) -> dict[str, str]:
    """The editors from the users file if given, else from INNOCAST_EDITORS."""
    if path is None:
        return parse_users(os.environ.get(USERS_ENV, "").replace(" ", "\n"), USERS_ENV)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoginSetupError(f"{path}: cannot read the users file ({exc})") from exc
    return parse_users(text, str(path))


def check_password(users: dict[str, str], name: str, password: str) -> bool:
    """Whether `password` is the editor `name`'s, in about the same time either way."""
    try:
        return _hasher.verify(users.get(name, _DUMMY), password) and name in users
    except (VerificationError, InvalidHashError):
        return False
