"""One bundle of the search index: what a page gives it, and the files it is written as."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.website.conftest import SMALL_SHARDS, XSS
from website import SearchIndexError, SiteView, build_search_index
from website.search_bundle import read_page, shard_file, stem, write_bundle


def test_an_episode_page_gives_its_title_segments_date_and_filters(built: Path) -> None:
    page = read_page(built, "episodes/ep-2/index.html")
    fragment = page.fragment()
    assert fragment["url"] == "episodes/ep-2/"
    assert fragment["title"] == f"Labbet {XSS}"
    assert fragment["kind"] == "episode" and fragment["date"] == "8 oktober 2026"
    assert page.sort_date == "2026-10-08" and page.themes[0] == "design-methods"
    seg_id, stamp, text = fragment["units"][2]
    assert (seg_id, stamp) == ("seg-2", "00:04")
    assert text == (
        "Anna: Labbet arbetar med tjänstedesign och prototyper tillsammans med invånarna."
    )
    # The player, theme evidence and related items are marked to be left out.
    assert "Ladda ner" not in json.dumps(fragment, ensure_ascii=False)
    assert "Teman" not in fragment["excerpt"]


def test_a_page_is_indexed_by_stems_with_compound_parts_and_its_title_weighed(
    built: Path,
) -> None:
    counts, length = read_page(built, "episodes/ep-2/index.html").term_counts()
    assert counts[stem("prototyper")] > 0 and counts[stem("innovationslabb")] > 0
    # "labb" is a part of "innovationslabb" (data-parts), counted beside the whole word.
    assert counts["labb"] > 0
    # Time stamps are shown with a hit but are not words of the page.
    assert "00" not in counts and "04" not in counts
    # The title's words count four times each: "labbet" is in the title once.
    body_only, _ = read_page(built, "episodes/ep-1/index.html").term_counts()
    assert counts[stem("labbet")] == body_only[stem("labbet")] + 4
    assert length == sum(counts.values())


def test_a_bundle_is_its_entry_shards_and_fragments(built: Path, tmp_path: Path) -> None:
    pages = ["episodes/ep-1/index.html", "news/nyhet-1/index.html"]
    out = tmp_path / "bundle"
    out.mkdir()
    assert write_bundle(built, pages, out) == 2
    entry = json.loads((out / "entry.json").read_text(encoding="utf-8"))
    assert entry["dates"] == ["2026-10-01", "2026-09-03"]
    assert entry["filters"]["kind"] == {"episode": [0], "news": [1]}
    fragments = [json.loads((out / "pages" / f"{n}.json").read_text()) for n in entry["pages"]]
    assert [f["url"] for f in fragments] == ["episodes/ep-1/", "news/nyhet-1/"]
    # Both pages speak of "samverkan" (the episode in "Partssamverkan", a compound part).
    assert entry["key_letters"] == 1  # a small bundle
    shard = json.loads((out / shard_file("s")).read_text(encoding="utf-8"))
    gaps, weights = shard[stem("samverkan")][0::2], shard[stem("samverkan")][1::2]
    assert [sum(gaps[: i + 1]) for i in range(len(gaps))] == [0, 1]
    assert all(weight > 0 for weight in weights)
    assert sorted(entry["shards"]) == entry["shards"]
    assert {shard_file(key) for key in entry["shards"]} == {
        p.relative_to(out).as_posix() for p in (out / "terms").iterdir()
    }


def test_two_builds_of_one_site_give_the_same_bytes(site: SiteView, built: Path) -> None:
    build_search_index(built, shard_bytes=8_000)
    first = {p: p.read_bytes() for p in (built / "search-index").rglob("*") if p.is_file()}
    for path in first:
        path.unlink()
    build_search_index(built, shard_bytes=8_000)
    again = {p: p.read_bytes() for p in (built / "search-index").rglob("*") if p.is_file()}
    assert again == first


# One bundle is written in this process, several each in a process of its own.
@pytest.mark.parametrize("shard_bytes", [10**9, SMALL_SHARDS])
def test_an_oversized_page_is_refused_with_its_name(built: Path, shard_bytes: int) -> None:
    page = built / "news/nyhet-1/index.html"
    with page.open("r+b") as handle:
        handle.truncate(60_000_000)
    with pytest.raises(SearchIndexError, match=r"nyhet-1/index.html: 60000000 bytes is too large"):
        build_search_index(built, shard_bytes=shard_bytes)
    assert not (built / "search-index").exists()
    assert not list(built.glob(".search-build-*"))


def test_a_page_without_a_search_body_gives_nothing(built: Path) -> None:
    (built / "news/nyhet-1/index.html").write_text("<p>ingen sökbar text</p>", encoding="utf-8")
    counts, length = read_page(built, "news/nyhet-1/index.html").term_counts()
    assert (dict(counts), length) == ({}, 0)
