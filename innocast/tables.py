"""Reading one table of a config file into typed values, one error naming file and field.

Every table innocast reads (the config's [show], [[episodes]], [publish], [transcription] and
the rest) goes through `Table`, so that each problem reads the same way:
`innocast.toml: episodes[2].published: must be a TOML date or date-time`.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, get_args, get_type_hints

# The longest one-line field (a name, an address, a title) unless a reader says otherwise.
MAX_FIELD_CHARS = 255


class Table:
    """The fields of one table; `error` is the exception its problems raise."""

    def __init__(self, data: Any, source: str, path: str, error: type[Exception]) -> None:
        if not isinstance(data, Mapping):
            raise error(f"{source}: [{path}] must be a table")
        self.data, self.source, self.path, self.error = data, source, path, error
        self.seen: set[str] = set()

    def fail(self, name: str, problem: str) -> Exception:
        """The error for a problem with one field."""
        return self.error(f"{self.source}: {self.path}.{name}: {problem}")

    def get(self, name: str) -> Any:
        """A field's raw value (None if absent), marked as known."""
        self.seen.add(name)
        return self.data.get(name)

    def string(self, name: str, *, required: bool = False) -> str:
        """A string as written (empty if absent); a required one must not be blank."""
        value = self.get(name)
        if value is None:
            if required:
                raise self.fail(name, "missing (required)")
            return ""
        if not isinstance(value, str):
            raise self.fail(name, f"must be text, not {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(name, "must not be empty")
        return value

    def text(self, name: str, *, required: bool = True, limit: int = MAX_FIELD_CHARS) -> Any:
        """Non-empty printable text, stripped and bounded; None if absent and optional."""
        value = self.get(name)
        if value is None:
            if required:
                raise self.fail(name, "missing (required)")
            return None
        if not isinstance(value, str):
            raise self.fail(name, f"must be text, not {type(value).__name__}")
        value = value.strip()
        if not value:
            raise self.fail(name, "must not be empty")
        if len(value) > limit:
            raise self.fail(name, f"too long ({len(value)} characters, at most {limit})")
        if any(not ch.isprintable() and ch not in "\n\t" for ch in value):
            raise self.fail(name, "contains control characters")
        return value

    def pattern(
        self, name: str, regex: re.Pattern[str], *, what: str, default: str | None = None
    ) -> str:
        """Text that matches `regex` (`what` names it in the error)."""
        value = self.text(name, required=default is None)
        if value is None:
            return str(default)
        if not regex.match(value):
            raise self.fail(name, f"must be {what}, not {value!r}")
        return value

    def choice(self, name: str, choices: tuple[str, ...], *, default: str) -> str:
        """One of `choices`, `default` if absent."""
        value = self.text(name, required=False) or default
        if value not in choices:
            raise self.fail(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def boolean(self, name: str, *, default: bool) -> bool:
        """true or false, `default` if absent."""
        value = self.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, not {value!r}")
        return value

    def whole_number(self, name: str) -> int | None:
        """A whole number of 0 or more, None if absent."""
        value = self.get(name)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(name, "must be a whole number of 0 or more")
        return value

    def list(self, name: str) -> list[Any]:
        """A list (an array, or an array of tables), empty if absent."""
        value = self.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(name, f"must be a list, not {type(value).__name__}")
        return value

    def settings(self, kind: type) -> Any:
        """The whole table as a settings dataclass, each field checked against its annotation
        (`bool | None`: true, false, or absent for the dataclass's default)."""
        hints = get_type_hints(kind)
        for item in fields(kind):
            value = self.get(item.name)
            allowed = _types(hints[item.name])
            # TOML's true is a Python int too; only a bool field takes it.
            if value is not None and (
                not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)
            ):
                raise self.fail(item.name, f"must be a {' or '.join(t.__name__ for t in allowed)}")
        self.reject_unknown()
        return kind(**self.data)

    def reject_unknown(self) -> None:
        """Refuse a field no reader asked for (a typo, most likely)."""
        unknown = sorted(str(key) for key in self.data if key not in self.seen)
        if unknown and not self.path:
            raise self.error(f"{self.source}: unknown field {unknown[0]!r} (a typo?)")
        if unknown:
            raise self.fail(unknown[0], "unknown field (a typo?)")


def _types(hint: Any) -> tuple[type, ...]:
    """The types a field's annotation allows besides None."""
    members = get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    return tuple(t for t in members if t is not type(None))
