"""The taxonomy file: the defaults, custom files, and errors that name the line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from themes import TaxonomyError, default_taxonomy, load_taxonomy, tag_text
from themes.taxonomy import DEFAULT_PATH

# The ids of /work/shared/themes.md: fixed, feeds and labels use them.
DEFAULT_IDS = {
    "digital-transformation",
    "design-methods",
    "skills-learning",
    "collaboration",
    "leadership-culture",
    "citizen-service",
    "sustainability-future",
    "security-trust",
    "accessibility-inclusion",
    "funding-programs",
}

VALID = """\
[[theme]]
id = "fika"
label_sv = "Fika"
label_en = "Coffee break"
description = "Kaffe och bullar."
negative = ["kaffebryggare"]
[theme.terms]
"kanelbulle" = 1.0
"kaffe" = { weight = 0.4, compound = false }
"sju sorters kakor" = 1.0
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_taxonomy_default_has_the_fixed_ids_and_labels() -> None:
    taxonomy = default_taxonomy()
    assert set(taxonomy.ids) == DEFAULT_IDS
    assert taxonomy.get("security-trust").label_sv == "Säkerhet och tillit"
    assert all(theme.terms and theme.label_en and theme.description for theme in taxonomy.themes)


def test_taxonomy_digest_is_sha256_of_the_file() -> None:
    assert default_taxonomy().digest == hashlib.sha256(DEFAULT_PATH.read_bytes()).hexdigest()


def test_taxonomy_digest_changes_with_the_content(tmp_path: Path) -> None:
    first = load_taxonomy(write(tmp_path, VALID)).digest
    second = load_taxonomy(write(tmp_path, VALID.replace("0.4", "0.5"))).digest
    assert first != second


def test_taxonomy_get_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no-such-theme"):
        default_taxonomy().get("no-such-theme")


def test_taxonomy_custom_file_is_used_by_the_tagger(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(write(tmp_path, VALID))
    tags = tag_text("Vi bjöd på kanelbullar och sju sorters kakor.", taxonomy)
    assert [tag.theme for tag in tags] == ["fika"]
    assert {e.text for e in tags[0].evidence} == {"kanelbullar", "sju sorters kakor"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID.replace('id = "fika"', 'id = "fika'),
            "line 2, column 11: invalid TOML (illegal character",
        ),
        (
            VALID.replace('"kanelbulle" = 1.0', '"kanelbulle" = 1.5'),
            "line 8: term 'kanelbulle': weight must be a number in (0, 1]",
        ),
        (
            VALID.replace('"kaffe" = { weight = 0.4, compound = false }', '"kaffe" = "mycket"'),
            "line 9: term 'kaffe': weight must be a number in (0, 1]",
        ),
        (
            VALID.replace("compound = false", 'compound = "nej"'),
            "line 9: term 'kaffe': 'compound' must be true, false, \"first\" or \"last\"",
        ),
        (
            VALID.replace('label_en = "Coffee break"\n', ""),
            "line 1: theme: 'label_en' must be a non-empty string",
        ),
        (
            VALID.replace('label_sv = "Fika"', 'label_sv = ""'),
            "line 3: theme: 'label_sv' must be a non-empty string",
        ),
        (
            VALID.replace('description = "Kaffe och bullar."', 'colour = "brun"'),
            "line 5: theme: unknown key 'colour'",
        ),
        (
            VALID.replace('id = "fika"', 'id = "Fika Paus"'),
            "line 2: theme id 'Fika Paus': use lower-case letters, digits, -",
        ),
        (VALID + VALID.replace('"kanelbulle"', '"semla"'), "line 12: duplicate theme id 'fika'"),
        (
            VALID.replace('negative = ["kaffebryggare"]', "negative = [1, 2]"),
            "line 6: theme 'fika': 'negative' must be a list of strings",
        ),
        (VALID.split("[theme.terms]")[0], "line 1: theme 'fika': [theme.terms] missing or empty"),
        ('title = "x"\n' + VALID, "unknown top-level key 'title' (expected [[theme]])"),
        ("", "no themes (expected one or more [[theme]] tables)"),
    ],
)
def test_taxonomy_invalid_file_names_file_line_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_taxonomy_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "saknas.toml"
    with pytest.raises(TaxonomyError, match=r"saknas\.toml: cannot read taxonomy"):
        load_taxonomy(path)


def test_taxonomy_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Kaffe och", "K\u00e5ffe").encode("latin-1"))
    with pytest.raises(TaxonomyError, match=r"latin1\.toml: line 5: not UTF-8 text"):
        load_taxonomy(path)
