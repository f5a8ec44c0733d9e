"""Rendering and indexing only what changed: the manifest, and the recent search bundle."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.website.conftest import news
from tests.website.test_browser import CHROMIUM, CHROMIUM_ARGS, serve
from website import SiteView, build_search_index, render_site, search


def publish(site: SiteView, out: Path, shard_bytes: int = search.SHARD_BYTES) -> object:
    """Render and index as the publishing step does, the index told the pages' digests; the
    test site's pages fit one shard."""
    rendered = render_site(site, out)
    return build_search_index(out, shard_bytes, pages=rendered.files)


def bundles(out: Path) -> dict[str, dict]:
    listing = json.loads((out / "search-index/bundles.json").read_text(encoding="utf-8"))
    return {bundle["name"]: bundle for bundle in listing["bundles"]}


def test_render_with_nothing_changed_renders_no_page(site: SiteView, built: Path) -> None:
    again = render_site(site, built)
    assert (again.written, again.rendered, again.removed) == ((), (), ())
    assert again.pages == render_site(site, built).pages > 0


def test_render_after_a_page_was_deleted_by_hand_writes_it_again(
    site: SiteView, built: Path
) -> None:
    (built / "episodes/ep-1/index.html").unlink()
    assert render_site(site, built).written == ("episodes/ep-1/index.html",)


def test_render_of_views_without_keys_and_with_keys_gives_the_same_pages(
    site: SiteView, built: Path, tmp_path: Path
) -> None:
    keyed = dataclasses.replace(
        site,
        episodes=tuple(dataclasses.replace(e, key=f"k-{e.slug}") for e in site.episodes),
        news=tuple(dataclasses.replace(n, key=f"k-{n.slug}") for n in site.news),
    )
    out = tmp_path / "keyed"
    render_site(keyed, out)
    html = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert [(out / p).read_bytes() for p in html] == [(built / p).read_bytes() for p in html]
    # A key is a promise: a view whose key is kept is not rendered again, a new key is.
    changed = dataclasses.replace(keyed.episodes[0], title="Ny titel", key="k-ep-1-v2")
    report = render_site(dataclasses.replace(keyed, episodes=(changed, *keyed.episodes[1:])), out)
    assert "episodes/ep-1/index.html" in report.written


def test_search_new_page_of_a_large_shard_goes_to_the_recent_bundle(
    site: SiteView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RECENT_FROM", 2)
    out = tmp_path / "site"
    first = publish(site, out)
    shards = set(first.reindexed)
    grown = dataclasses.replace(site, news=(*site.news, news("nyhet-3", 5)))
    report = publish(grown, out)
    assert report.reindexed == ("recent",) and report.pages == 6
    listed = bundles(out)
    assert set(listed) == shards | {"recent"} and listed["recent"]["pages"] == 1
    assert all(p.startswith("shards/recent/") for p in report.written if p != "bundles.json")
    # Nothing changed: nothing indexed again, the recent bundle stays.
    assert publish(grown, out).reindexed == ()
    # A change to a page of the recent bundle indexes only that bundle again.
    retitled = dataclasses.replace(grown.news[-1], title="Nyhet med ny titel")
    again = publish(dataclasses.replace(grown, news=(*grown.news[:-1], retitled)), out)
    assert again.reindexed == ("recent",)


def test_search_recent_bundle_is_sealed_into_the_shards_when_it_grows(
    site: SiteView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RECENT_FROM", 2)
    monkeypatch.setattr(search, "RECENT_PAGES", 2)
    out = tmp_path / "site"
    publish(site, out)
    items = list(site.news)
    for day in (5, 6):
        items.append(news(f"nyhet-{day - 2}", day))
        publish(dataclasses.replace(site, news=tuple(items)), out)
        assert "recent" in bundles(out)
    items.append(news("nyhet-5", 7))
    report = publish(dataclasses.replace(site, news=tuple(items)), out)
    assert "recent" not in bundles(out) and report.pages == 8
    assert not (out / "search-index/shards/recent").exists()
    assert "recent" not in {b for b in json.loads(
        (out / "search-index" / search.STATE).read_text(encoding="utf-8"))["files"]}


def test_search_page_removed_from_the_recent_bundle_leaves_no_file_of_it(
    site: SiteView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RECENT_FROM", 2)
    out = tmp_path / "site"
    publish(site, out)
    publish(dataclasses.replace(site, news=(*site.news, news("nyhet-3", 5))), out)
    report = publish(site, out)
    assert report.pages == 5 and "recent" not in bundles(out)
    files = {p.relative_to(out / "search-index").as_posix()
             for p in (out / "search-index").rglob("*") if p.is_file()}
    assert files == set(report.unchanged) | set(report.written) | {search.STATE}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def hits(browser: Browser, url: str, query: str) -> list[str]:
    """The links of the hits the search page shows for `query`."""
    page = browser.new_page()
    try:
        page.goto(url + f"search/?q={query}")
        status = page.locator("#search-status")
        expect(status).to_have_text(re.compile(r"^\d+ träff"), timeout=30_000)
        return sorted(a.get_attribute("href") for a in page.locator(
            "#search-results .result h2 a").all())
    finally:
        page.close()


# Words as they are, another form of them ("labbet", "nätverken"), and a part of a compound.
QUERIES = ("samverkan", "nätverk", "nätverken", "labb", "labbet", "prototyper", "säkerhet",
           "hackathon")  # fmt: skip


@pytest.mark.slow
def test_browser_search_finds_a_page_of_the_recent_bundle_as_a_full_index_would(
    site: SiteView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Browser
) -> None:
    monkeypatch.setattr(search, "RECENT_FROM", 2)
    newest = news("nyhet-3", 5, title="Hackathon i Umeå")
    grown = dataclasses.replace(site, news=(*site.news, newest))
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    publish(site, incremental)
    assert publish(grown, incremental).reindexed == ("recent",)
    publish(grown, fresh)
    assert "recent" not in bundles(fresh)
    results = {}
    for folder in (incremental, fresh):
        for url in serve(folder):
            results[folder] = [hits(browser, url, q) for q in QUERIES]
    assert "/news/nyhet-3/" in results[incremental][0]
    assert results[incremental][-1] == ["/news/nyhet-3/"]
    assert results[incremental] == results[fresh]
