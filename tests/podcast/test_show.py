"""Show metadata from the config file: validated with one clear error per bad field."""

from __future__ import annotations

from typing import Any

import pytest

from podcast import APPLE_CATEGORIES, Person, ShowConfigError, podcast_guid, show_from_mapping
from tests.podcast.conftest import SHOW_TABLE


def test_show_from_mapping_reads_every_field() -> None:
    table = dict(SHOW_TABLE, explicit=True, type="serial", copyright="© 2024 Vinnova",
                 locked=False, guid="917393E3-1B1E-5CEF-ACE4-EDAA54E1F810")
    show = show_from_mapping(table, source="innocast.toml")
    assert show.title == "Innovation i offentlig sektor"
    assert show.language == "sv"
    assert show.categories == (("Government", None), ("Technology", None), ("News", "Tech News"))
    assert show.persons == (Person("Anna Andersson", "host"),)
    assert (show.explicit, show.type, show.locked) == (True, "serial", False)
    assert show.guid == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_show_from_mapping_defaults() -> None:
    table = {k: v for k, v in SHOW_TABLE.items() if k not in ("language", "persons")}
    show = show_from_mapping(table, source="innocast.toml")
    assert (show.language, show.explicit, show.type, show.locked, show.guid) == (
        "sv", False, "episodic", True, None
    )
    assert show.persons == ()


BAD_SHOWS: list[tuple[dict[str, Any], str]] = [
    ({"title": None}, "show.title: missing (required)"),
    ({"title": "  "}, "show.title: must not be empty"),
    ({"title": 12}, "show.title: must be text, not int"),
    ({"title": "x" * 300}, "show.title: too long (300 characters, at most 255)"),
    ({"description": "x" * 4001}, "show.description: too long (4001 characters, at most 4000)"),
    ({"link": "javascript:alert(1)"},
     "show.link: must be an http(s) URL, not 'javascript:alert(1)'"),
    ({"owner_email": "anna"}, "show.owner_email: must be an email address, not 'anna'"),
    ({"language": "Swedish"}, "show.language: must be a language code, not 'Swedish'"),
    ({"image": "/etc/cover.jpg"}, "show.image: must be a path relative to the config file, "
                                  "not '/etc/cover.jpg'"),
    ({"image": "../cover.jpg"}, "show.image: must be a path relative to the config file, "
                                "not '../cover.jpg'"),
    ({"image": "cover.gif"}, "show.image: must be a .jpg or .png file, not 'cover.gif'"),
    ({"categories": []}, "show.categories: missing (at least one Apple Podcasts category is "
                         "required)"),
    ({"categories": ["Innovation"]}, "show.categories[0]: 'Innovation' is not an Apple Podcasts "
                                     "category"),
    ({"categories": [["News", "Innovation"]]}, "show.categories[0]: 'Innovation' is not a "
                                               "subcategory of 'News'"),
    ({"categories": [7]}, "show.categories[0]: must be a category name"),
    ({"explicit": "no"}, "show.explicit: must be true or false, not 'no'"),
    ({"type": "weekly"}, "show.type: must be one of episodic, serial, not 'weekly'"),
    ({"guid": "not-a-guid"}, "show.guid: must be a UUIDv5 (podcast:guid), not 'not-a-guid'"),
    ({"titel": "typo"}, "show.titel: unknown field (a typo?)"),
    ({"persons": [{"role": "host"}]}, "show.persons[0].name: missing (required)"),
    ({"persons": ["Anna"]}, "show.persons[0]: must be a table with name, role, href, img"),
    ({"persons": [{"name": "A", "img": "file:///etc/passwd"}]},
     "show.persons[0].img: must be an http(s) URL"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_SHOWS, ids=[e for _, e in BAD_SHOWS])
def test_show_from_mapping_names_the_bad_field(change: dict[str, Any], expected: str) -> None:
    table = {k: v for k, v in {**SHOW_TABLE, **change}.items() if v is not None}
    with pytest.raises(ShowConfigError) as caught:
        show_from_mapping(table, source="innocast.toml")
    assert str(caught.value).startswith(f"innocast.toml: {expected}")
    assert "\n" not in str(caught.value)


def test_show_from_mapping_needs_a_table() -> None:
    with pytest.raises(ShowConfigError, match=r"^innocast.toml: \[show\] must be a table$"):
        show_from_mapping(["title"], source="innocast.toml")  # type: ignore[arg-type]


def test_apple_categories_include_those_a_public_sector_show_uses() -> None:
    assert "Government" in APPLE_CATEGORIES
    assert "Tech News" in APPLE_CATEGORIES["News"]
    assert "Non-Profit" in APPLE_CATEGORIES["Business"]


def test_podcast_guid_ignores_scheme_and_trailing_slashes_only() -> None:
    guid = podcast_guid("https://podd.example.se/feed.xml")
    assert guid == podcast_guid("http://podd.example.se/feed.xml/")
    assert guid != podcast_guid("https://podd.example.se/other.xml")
    assert guid[14] == "5"  # a version-5 UUID
