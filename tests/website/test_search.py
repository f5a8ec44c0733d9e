"""Building the Pagefind index over the rendered site."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from website import SearchIndexError, SiteView, build_search_index, render_site


def test_search_index_covers_item_pages_only(built: Path) -> None:
    report = build_search_index(built)
    assert report.pages == 5  # three episodes and two news items, no listings
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    assert "sv" in entry["languages"]
    files = [p for p in (built / "pagefind").rglob("*") if p.is_file()]
    assert report.size == sum(p.stat().st_size for p in files)


def test_search_index_rebuild_without_changes_keeps_fragments_and_word_index(built: Path) -> None:
    build_search_index(built)
    again = build_search_index(built)
    # Pagefind orders its filter files differently from run to run (and so names its metadata
    # file and entry point anew); the fragments and the word index are stable.
    moving = ("filter/", "pagefind.sv_", "pagefind-entry.json")
    assert [p for p in again.written if not p.startswith(moving)] == []
    assert [p for p in again.removed if not p.startswith(moving)] == []
    assert any(p.startswith("fragment/") for p in again.unchanged)
    assert any(p.startswith("index/") for p in again.unchanged)


def test_search_index_update_replaces_files_and_drops_stale_ones(
    site: SiteView, built: Path, tmp_path: Path
) -> None:
    first = build_search_index(built)
    entry = built / "pagefind/pagefind-entry.json"
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
    assert not any((built / "pagefind").rglob("*.pf_fragment"))
