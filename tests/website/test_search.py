"""Building the search index over the rendered site."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from tests.website.conftest import SMALL_SHARDS, news
from website import SearchIndexError, SiteView, build_search_index, render_site


def test_search_index_covers_item_pages_only(built: Path) -> None:
    report = build_search_index(built)
    assert report.pages == 5  # three episodes and two news items, no listings
    entry = json.loads((built / "search-index/entry.json").read_text())
    urls = sorted(
        json.loads((built / "search-index/pages" / f"{name}.json").read_text())["url"]
        for name in entry["pages"]
    )
    assert urls == [f"episodes/ep-{n}/" for n in (1, 2, 3)] + ["news/nyhet-1/", "news/nyhet-2/"]
    files = [p for p in (built / "search-index").rglob("*") if p.is_file()]
    assert report.size == sum(p.stat().st_size for p in files)


def test_search_index_rebuild_without_changes_writes_nothing(built: Path) -> None:
    first = build_search_index(built)
    again = build_search_index(built)
    assert (again.written, again.removed, again.reindexed) == ((), (), ())
    assert sorted(again.unchanged) == sorted(first.written)
    assert again.pages == 5


def test_search_index_in_shards_lists_them_for_the_browser(built: Path) -> None:
    report = build_search_index(built, shard_bytes=SMALL_SHARDS)
    listing = json.loads((built / "search-index/bundles.json").read_text())["bundles"]
    assert report.shards == len(listing) > 1
    assert listing[0]["folder"] == ""
    assert sum(b["pages"] for b in listing) == report.pages == 5
    for bundle in listing:
        entry = json.loads((built / "search-index" / bundle["folder"] / "entry.json").read_text())
        assert len(entry["pages"]) == len(entry["dates"]) == bundle["pages"]


def bundle_of(relative: str, folders: list[str]) -> str:
    """The folder of the bundle an index file belongs to: the longest folder it is under."""
    return max((f for f in folders if relative.startswith(f)), key=len)


def test_search_index_new_page_reindexes_only_its_shard(site: SiteView, built: Path) -> None:
    build_search_index(built, shard_bytes=SMALL_SHARDS)
    index = built / "search-index"
    before = {
        p.relative_to(index).as_posix(): p.stat().st_ino
        for p in index.rglob("*.json")
        if p.name not in ("bundles.json", ".index-state.json")
    }
    render_site(dataclasses.replace(site, news=(*site.news, news("nyhet-3", 5))), built)
    report = build_search_index(built, shard_bytes=SMALL_SHARDS)
    assert report.pages == 6
    # The new page's shard is indexed again (or for the first time), no other one.
    assert len(report.reindexed) == 1
    listing = json.loads((index / "bundles.json").read_text())["bundles"]
    folders = [b["folder"] for b in listing]
    fresh = next(b["folder"] for b in listing if b["name"] == report.reindexed[0])
    assert {bundle_of(p, folders) for p in report.written if p != "bundles.json"} == {fresh}
    kept = {p: inode for p, inode in before.items() if bundle_of(p, folders) != fresh}
    assert kept and all((index / p).stat().st_ino == inode for p, inode in kept.items())


def test_search_index_removes_a_build_folder_left_by_an_interrupted_run(built: Path) -> None:
    (built / ".search-build-x1y2/0-of-1").mkdir(parents=True)
    build_search_index(built)
    assert not list(built.glob(".search-build-*"))


def test_search_index_update_replaces_files_and_drops_stale_ones(
    site: SiteView, built: Path, tmp_path: Path
) -> None:
    first = build_search_index(built)
    entry = built / "search-index/entry.json"
    live = tmp_path / "live-entry.json"
    os.link(entry, live)
    before = live.read_bytes()
    render_site(dataclasses.replace(site, news=site.news[:1]), built)
    second = build_search_index(built)
    assert second.pages == 4
    assert second.removed and set(second.removed) <= set(first.written)
    assert 0 < len(second.written) < len(first.written)
    # The staged copy's files are replaced, so a hard link to the old one keeps its content.
    assert live.read_bytes() == before


def test_search_index_names_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"nothing: no such site folder to index"):
        build_search_index(tmp_path / "nothing")


def test_search_index_of_a_site_without_items_is_removed(site: SiteView, built: Path) -> None:
    build_search_index(built)
    render_site(dataclasses.replace(site, episodes=(), news=()), built)
    report = build_search_index(built)
    assert report.pages == 0 and report.written == () and report.removed
    assert not any((built / "search-index").rglob("pages/*.json"))


def test_search_index_of_a_site_given_by_a_relative_path(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(built.parent)
    report = build_search_index(Path(built.name), shard_bytes=SMALL_SHARDS)
    assert report.pages == 5 and report.shards > 1


def test_search_index_reindexes_every_shard_when_the_list_is_unreadable(built: Path) -> None:
    first = build_search_index(built, shard_bytes=SMALL_SHARDS)
    (built / "search-index/bundles.json").write_text("{not json", encoding="utf-8")
    again = build_search_index(built, shard_bytes=SMALL_SHARDS)
    assert sorted(again.reindexed) == sorted(first.reindexed) and again.pages == 5
    assert "bundles.json" in again.written
    assert json.loads((built / "search-index/bundles.json").read_text())["bundles"]
