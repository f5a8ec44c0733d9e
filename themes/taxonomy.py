"""The taxonomy: the themes, their labels, and the weighted words and phrases that signal them.

The default file (`themes/taxonomy.toml`) ships the themes of the project's theme list with
fixed ids; editors may point the configuration at their own file in the same format (its
header documents the format).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from innocast.files import FileReadError, FileTooLargeError, read_bounded
from themes.errors import TaxonomyError
from themes.swedish import TOKEN_RE, normalise

DEFAULT_PATH = Path(__file__).with_name("taxonomy.toml")
# A taxonomy is a small hand-written file; anything larger is a mistake.
MAX_BYTES = 2_000_000
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_THEME_KEYS = {"id", "label_sv", "label_en", "description", "terms", "negative"}
_TERM_KEYS = {"weight", "compound"}
# `compound` in the file: true (any part), false (whole words only), "first" or "last" part.
_COMPOUND_MODES = {True: "any", False: "none", "first": "first", "last": "last"}


@dataclass(frozen=True)
class Term:
    """A word or phrase that signals a theme, with its weight in (0, 1]."""

    text: str
    words: tuple[str, ...]
    weight: float
    # Where a single word may also match inside a compound word: "any" part, only as the
    # "first" or the "last" part, or "none" (whole words only).
    compound: str = "any"


@dataclass(frozen=True)
class Theme:
    """One theme: stable id, labels, description, signal terms and negative terms."""

    id: str
    label_sv: str
    label_en: str
    description: str
    terms: tuple[Term, ...]
    # Words or phrases that, in the same sentence, cancel this theme's evidence there.
    negative: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The themes of one taxonomy file and the sha256 digest of that file's bytes."""

    themes: tuple[Theme, ...]
    digest: str

    def get(self, theme_id: str) -> Theme:
        """Return the theme with this id; KeyError names an unknown id."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"unknown theme id: {theme_id!r}")

    def __contains__(self, theme_id: object) -> bool:
        return any(theme.id == theme_id for theme in self.themes)

    @property
    def ids(self) -> tuple[str, ...]:
        """The theme ids in file order."""
        return tuple(theme.id for theme in self.themes)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and validate a taxonomy TOML file (None: the default shipped with the package)."""
    path = DEFAULT_PATH if path is None else Path(path)
    try:
        data = read_bounded(path, MAX_BYTES)
    except FileTooLargeError as exc:
        raise TaxonomyError(f"{path}: taxonomy larger than {MAX_BYTES} bytes") from exc
    except FileReadError as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy ({exc.reason})") from exc
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TaxonomyError(f"{path}: line {line}: not UTF-8 text") from exc
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: {_toml_problem(str(exc))}") from exc
    themes = _parse_document(document, _Locator(path, source))
    return Taxonomy(themes=themes, digest=hashlib.sha256(data).hexdigest())


@cache
def default_taxonomy() -> Taxonomy:
    """Return the default taxonomy, loaded once per process."""
    return load_taxonomy(None)


def _toml_problem(message: str) -> str:
    """Turn tomllib's message into 'line N, column M: invalid TOML (problem)'.

    >>> _toml_problem("Invalid value (at line 2, column 5)")
    'line 2, column 5: invalid TOML (invalid value)'
    """
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if not found:
        return f"invalid TOML ({message})"
    problem = message[: found.start()]
    problem = problem[:1].lower() + problem[1:]
    return f"line {found[1]}, column {found[2]}: invalid TOML ({problem})"


class _Locator:
    """Finds the line of a theme or one of its keys, for schema errors (tomllib has no lines)."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()
        self.headers = [
            number
            for number, line in enumerate(self.lines, 1)
            if re.match(r"^\s*\[\[\s*theme\s*\]\]", line)
        ]

    def error(self, index: int | None, key: str | None, problem: str) -> TaxonomyError:
        """Build the error for theme number `index` (0-based) and one of its keys."""
        line = self._line(index, key)
        where = f"line {line}: " if line else ""
        return TaxonomyError(f"{self.path}: {where}{problem}")

    def _line(self, index: int | None, key: str | None) -> int | None:
        if index is None or index >= len(self.headers):
            return None
        start = self.headers[index]
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines) + 1
        if key is not None:
            quoted = re.escape(key)
            pattern = re.compile(rf"""^\s*(?:"{quoted}"|'{quoted}'|{quoted})\s*=""")
            for number in range(start, end):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start


def _parse_document(document: dict[str, Any], where: _Locator) -> tuple[Theme, ...]:
    unknown = sorted(set(document) - {"theme"})
    if unknown:
        raise where.error(None, None, f"unknown top-level key {unknown[0]!r} (expected [[theme]])")
    entries = document.get("theme")
    if not isinstance(entries, list) or not entries:
        raise where.error(None, None, "no themes (expected one or more [[theme]] tables)")
    themes: list[Theme] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        theme = _parse_theme(entry, index, where)
        if theme.id in seen:
            raise where.error(index, "id", f"duplicate theme id {theme.id!r}")
        seen.add(theme.id)
        themes.append(theme)
    return tuple(themes)


def _parse_theme(entry: dict[str, Any], index: int, where: _Locator) -> Theme:
    unknown = sorted(set(entry) - _THEME_KEYS)
    if unknown:
        raise where.error(index, unknown[0], f"theme: unknown key {unknown[0]!r}")
    for key in ("id", "label_sv", "label_en", "description"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise where.error(index, key, f"theme: {key!r} must be a non-empty string")
    theme_id = entry["id"]
    if not _ID_RE.match(theme_id):
        raise where.error(index, "id", f"theme id {theme_id!r}: use lower-case letters, digits, -")
    terms = entry.get("terms")
    if not isinstance(terms, dict) or not terms:
        raise where.error(index, "terms", f"theme {theme_id!r}: [theme.terms] missing or empty")
    parsed = tuple(
        _parse_term(text, value, index, theme_id, where) for text, value in terms.items()
    )
    negative = entry.get("negative", [])
    if not isinstance(negative, list) or not all(isinstance(n, str) for n in negative):
        problem = f"theme {theme_id!r}: 'negative' must be a list of strings"
        raise where.error(index, "negative", problem)
    return Theme(
        id=theme_id,
        label_sv=entry["label_sv"].strip(),
        label_en=entry["label_en"].strip(),
        description=entry["description"].strip(),
        terms=parsed,
        negative=tuple(
            _term(text, 1.0, "any", index, "negative", theme_id, where) for text in negative
        ),
    )


def _parse_term(text: str, value: Any, index: int, theme_id: str, where: _Locator) -> Term:
    compound = "any"
    if isinstance(value, dict):
        unknown = sorted(set(value) - _TERM_KEYS)
        if unknown:
            raise where.error(index, text, f"term {text!r}: unknown key {unknown[0]!r}")
        mode = value.get("compound", True)
        if not isinstance(mode, bool | str) or mode not in _COMPOUND_MODES:
            problem = f'term {text!r}: \'compound\' must be true, false, "first" or "last"'
            raise where.error(index, text, problem)
        compound = _COMPOUND_MODES[mode]
        value = value.get("weight")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise where.error(index, text, f"term {text!r}: weight must be a number in (0, 1]")
    return _term(text, float(value), compound, index, text, theme_id, where)


def _term(
    text: str, weight: float, compound: str, index: int, key: str, theme_id: str, where: _Locator
) -> Term:
    words = tuple(
        normalise(match.group("word")) for match in TOKEN_RE.finditer(text) if match.group("word")
    )
    if not words or len(words) != len(text.split()):
        problem = f"theme {theme_id!r}: term {text!r} is not words separated by spaces"
        raise where.error(index, key, problem)
    return Term(text=text, words=words, weight=weight, compound=compound)
