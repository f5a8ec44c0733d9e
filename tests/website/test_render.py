"""Rendering the site: structure, escaping, links, and rewriting only what changed."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.website.conftest import XSS, episode, event, make_site, news
from text.cleaning import MAX_TITLE_CHARS
from website import RelatedView, SiteError, SiteView, UnsafeValueError, render_site

LEAD_FILES = ("feed.xml", "news.xml", "cover.jpg", "events.ics")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def add_lead_files(site: SiteView, out: Path) -> None:
    """The files the publishing step writes beside the pages, so every link can resolve."""
    names = [*LEAD_FILES]
    for ep in site.episodes:
        names += [ep.audio_url, *ep.transcript_files.values()]
    names += [event.ics_url for event in site.events]
    for name in names:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"x")


def test_render_writes_every_page_type(built: Path) -> None:
    expected = [
        "index.html",
        "episodes/index.html",
        "episodes/ep-1/index.html",
        "news/index.html",
        "news/nyhet-2/index.html",
        "themes/index.html",
        "themes/collaboration/index.html",
        "search/index.html",
        "events/index.html",
        "tillganglighet/index.html",
        "static/player.js",
        "static/search.js",
        "static/site.css",
    ]
    assert [name for name in expected if not (built / name).is_file()] == []


def test_render_pages_are_swedish_with_skip_link_and_one_h1(built: Path) -> None:
    for page in pages(built):
        doc = soup(page)
        assert doc.html["lang"] == "sv", page
        skip = doc.find("a", class_="skip-link")
        assert skip["href"] == "#main" and doc.find(id="main") is not None, page
        assert len(doc.find_all("h1")) == 1, page


def test_render_escapes_hostile_text_everywhere(built: Path) -> None:
    for page in pages(built):
        doc = soup(page)
        for script in doc.find_all("script"):
            assert script.get("src", "").endswith(("static/player.js", "static/search.js")), page
            assert not script.string, page
        for tag in doc.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), (page, tag.name)
            for name in ("href", "src"):
                assert not tag.get(name, "").lower().startswith("javascript:"), (page, tag)
    episode_page = soup(built / "episodes/ep-2/index.html")
    assert episode_page.h1.get_text() == f"Labbet {XSS}"
    assert XSS in episode_page.find(id="seg-4").get_text()


def test_render_sanitises_show_notes(built: Path) -> None:
    notes = soup(built / "episodes/ep-1/index.html").find("section", class_="notes")
    assert notes.find("img") is None
    links = {a.get_text(): a.get("href") for a in notes.find_all("a")}
    assert links == {"klicka": None, "mer": "https://example.org/mer"}
    assert "nofollow" in notes.find("a", string="mer")["rel"]


def test_render_transcript_segments_are_anchors_linked_to_their_moment(built: Path) -> None:
    doc = soup(built / "episodes/ep-1/index.html")
    items = doc.select("ol.segments > li")
    assert [li["id"] for li in items] == [f"seg-{i}" for i in range(12)]
    third = items[3]
    assert third["data-start"] == "6.00"
    assert third.find("a", class_="stamp")["href"] == "#t=6.00"
    assert third.find("a", class_="stamp").get_text() == "00:06"
    audio = doc.find("audio", id="player")
    assert audio.has_attr("controls") and audio["src"] == "../../audio/ep-1.mp3"


def test_render_transcript_carries_compound_parts_for_search(built: Path) -> None:
    segment = soup(built / "episodes/ep-1/index.html").find(id="seg-1")
    assert segment["data-parts"].split() == ["innovation", "labb"]


def test_render_episode_shows_downloads_and_theme_evidence(built: Path) -> None:
    doc = soup(built / "episodes/ep-1/index.html")
    downloads = [a["href"] for a in doc.select(".downloads a")]
    assert downloads == [f"../../transcripts/ep-1.{f}" for f in ("vtt", "srt", "json")]
    themes = doc.find("section", class_="themes")
    assert themes.find("a", string="Design och innovationsmetoder")["href"] == (
        "../../themes/design-methods/"
    )
    assert themes.select_one(".evidence a")["href"] == "#t=2.00"
    # A theme the site does not list is shown but not linked.
    assert "Okänt tema" in themes.get_text() and themes.find("a", string="Okänt tema") is None


def test_render_pages_declare_search_filters(built: Path) -> None:
    def filters(path: str) -> list[str]:
        tags = soup(built / path).select("[data-search-filter]")
        return [tag["data-search-filter"] for tag in tags]

    assert filters("episodes/ep-1/index.html") == [
        "kind:episode",
        "theme:design-methods",
        "theme:unknown-theme",
    ]
    assert filters("news/nyhet-1/index.html") == ["kind:news", "theme:collaboration"]
    assert soup(built / "index.html").find(attrs={"data-search-body": True}) is None


def test_render_news_links_only_safe_sources(built: Path) -> None:
    odd = soup(built / "news/nyhet-1/index.html")
    even = soup(built / "news/nyhet-2/index.html")
    assert odd.find("p", class_="source") is None
    assert even.select_one("p.source a")["href"] == "https://example.org/nyhet"
    paragraphs = odd.select(".body p")
    assert [p["id"] for p in paragraphs] == ["p-0", "p-1", "p-2"]
    assert XSS in paragraphs[1].get_text()
    event = odd.select_one("section.events li.event")
    assert "Stockholm" in event.get_text()
    assert "12 december 2026 kl. 09.00" in event.get_text()
    assert event.select_one("a.add-to-calendar")["href"] == "../../events/nyhet-1-20261212.ics"


def test_render_theme_page_lists_its_items_newest_first(built: Path) -> None:
    doc = soup(built / "themes/design-methods/index.html")
    links = [a["href"] for a in doc.select("#theme-episodes ~ ul a[href^='../../episodes/']")]
    assert links == ["../../episodes/ep-3/", "../../episodes/ep-2/", "../../episodes/ep-1/"]
    empty = soup(built / "themes/security-trust/index.html")
    assert "Inga avsnitt med det här temat ännu." in empty.get_text()


def test_render_every_local_link_resolves(site: SiteView, built: Path) -> None:
    add_lead_files(site, built)
    broken = []
    for page in pages(built):
        for tag in soup(page).find_all(["a", "link", "script", "img", "audio"]):
            url = tag.get("href") or tag.get("src")
            if not url or urlsplit(url).scheme or url.startswith("#"):
                continue
            target = (page.parent / urlsplit(url).path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((page.relative_to(built).as_posix(), url))
    assert broken == []


def test_render_again_rewrites_only_the_changed_page_and_listings(
    site: SiteView, built: Path
) -> None:
    assert render_site(site, built).written == ()
    changed = dataclasses.replace(site.episodes[1], title="Labbet, nu med nytt namn")
    site2 = dataclasses.replace(site, episodes=(site.episodes[0], changed, site.episodes[2]))
    report = render_site(site2, built)
    assert sorted(report.written) == [
        "episodes/ep-2/index.html",
        "episodes/index.html",
        "index.html",
        "themes/design-methods/index.html",
    ]
    assert report.removed == ()


def test_render_new_episode_adds_its_page_and_listings(site: SiteView, built: Path) -> None:
    site2 = dataclasses.replace(site, episodes=(*site.episodes, episode("ep-4", 20)))
    report = render_site(site2, built)
    assert sorted(report.written) == [
        "episodes/ep-4/index.html",
        "episodes/index.html",
        "index.html",
        "themes/design-methods/index.html",
        "themes/index.html",
    ]


def test_render_replaces_files_instead_of_changing_them_in_place(
    site: SiteView, built: Path, tmp_path: Path
) -> None:
    live = tmp_path / "live-index.html"
    os.link(built / "index.html", live)
    before = live.read_bytes()
    render_site(dataclasses.replace(site, title="Nytt namn"), built)
    assert live.read_bytes() == before
    assert b"Nytt namn" in (built / "index.html").read_bytes()


def test_render_removes_pages_of_items_that_left_and_nothing_else(
    site: SiteView, built: Path
) -> None:
    add_lead_files(site, built)
    report = render_site(dataclasses.replace(site, news=site.news[:1]), built)
    assert report.removed == ("news/nyhet-2/index.html",)
    assert not (built / "news/nyhet-2").exists()
    assert all((built / name).exists() for name in LEAD_FILES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "../../etc"}, "episode.slug: '../../etc' is not a safe name"),
        ({"audio_url": "javascript:alert(1)"}, "episode.audio_url: 'javascript:alert(1)' is not"),
        ({"audio_url": "../secret.mp3"}, "episode.audio_url: '../secret.mp3' is not"),
    ],
)
def test_render_rejects_unsafe_values_naming_the_field(
    change: dict[str, str], message: str, tmp_path: Path
) -> None:
    bad = dataclasses.replace(episode("ep-1", 1), **change)
    with pytest.raises(UnsafeValueError) as caught:
        render_site(make_site((bad,), (news("nyhet-1", 3),)), tmp_path)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, SiteError)


def test_render_rejects_two_items_with_one_slug(tmp_path: Path) -> None:
    twins = (episode("ep-1", 1), episode("ep-1", 2))
    with pytest.raises(UnsafeValueError, match=r"^episode.slug: 'ep-1' names two items"):
        render_site(make_site(twins, ()), tmp_path)


def test_render_bounds_untrusted_text(tmp_path: Path) -> None:
    long = dataclasses.replace(episode("ep-1", 1), title="Å" * 10_000)
    render_site(make_site((long,), ()), tmp_path)
    title = soup(tmp_path / "episodes/ep-1/index.html").h1.get_text()
    assert len(title) == MAX_TITLE_CHARS and title.endswith("…")


def test_render_in_worker_processes_writes_the_same_files(
    site: SiteView, built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parallel"
    report = render_site(site, out, workers=2)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()
    }
    assert report.pages == len(pages(built))
    assert render_site(site, out, workers=2).written == ()


def test_render_episode_shows_chapters_soundbites_and_the_manuscript_note(tmp_path: Path) -> None:
    from website.model import ChapterView, SoundbiteView

    synced = dataclasses.replace(
        episode("manus", 1),
        manuscript_synced=True,
        machine_transcript_url="transcripts/manus.machine.txt",
        chapters=(ChapterView(0.0, "Tjänstedesign"), ChapterView(75.5, f"Labbet {XSS}")),
        chapters_found=True,
        soundbites=(SoundbiteView(12.0, 30.0, "Prototyper"),),
    )
    plain = episode("maskin", 2)
    out = tmp_path / "site"
    render_site(make_site((synced, plain), ()), out)
    page = soup(out / "episodes" / "manus" / "index.html")
    note = page.select_one(".transcript p.synced")
    assert "Manus synkat mot ljudet" in note.get_text()
    assert note.a["href"] == "../../transcripts/manus.machine.txt"
    chapters = page.select(".chapters li")
    assert [li.a["href"] for li in chapters] == ["#t=0.00", "#t=75.50"]
    assert chapters[1].get_text(" ", strip=True).startswith("01:15 Labbet")
    assert "hittade i transkriptionen" in page.select_one(".chapters").get_text()
    bite = page.select_one(".soundbites li")
    assert bite.a["href"] == "#t=12.00" and "Prototyper (30 s)" in bite.get_text()
    other = soup(out / "episodes" / "maskin" / "index.html")
    assert other.select_one("p.synced") is None and other.select_one(".chapters") is None


def test_render_events_page_lists_coming_events_first_and_archives_past_ones(
    tmp_path: Path,
) -> None:
    items = (
        dataclasses.replace(news("n-1", 3), events=(
            event("n-1-20261212", "n-1", datetime(2026, 12, 12, 9), place="Stockholm"),
            event("n-1-20261020", "n-1", datetime(2026, 10, 20), all_day=True,
                  ends=datetime(2026, 10, 21)),
        )),
        dataclasses.replace(news("n-2", 4), events=(
            event("n-2-20250402", "n-2", datetime(2025, 4, 2), all_day=True),
            event("n-2-20260910", "n-2", datetime(2026, 9, 10, 9),
                  ends=datetime(2026, 9, 10, 11, 30), place="Teams"),
        )),
    )
    out = tmp_path / "site"
    render_site(make_site((), items), out)
    doc = soup(out / "events/index.html")
    coming = [li["id"] for li in doc.select("#coming-heading ~ ul li.event")]
    past = [li["id"] for li in doc.select("#past-heading ~ ul li.event")]
    assert coming == ["event-n-1-20261020", "event-n-1-20261212"]
    assert past == ["event-n-2-20260910", "event-n-2-20250402"]
    first = doc.select_one("#event-n-1-20261020")
    assert "20–21 oktober 2026" in first.get_text()
    assert first.select_one("a.add-to-calendar")["href"] == "../events/n-1-20261020.ics"
    assert first.select_one("a[href='../news/n-1/']") is not None
    assert "<script>" not in (out / "events/index.html").read_text(encoding="utf-8")


def test_render_every_footer_links_the_accessibility_statement(built: Path) -> None:
    for page in pages(built):
        footer = soup(page).find("footer")
        links = [a["href"] for a in footer.find_all("a")]
        assert any(href.endswith("tillganglighet/") for href in links), page
    statement = soup(built / "tillganglighet/index.html")
    text = statement.get_text()
    assert "Kommunen <script>alert(1)</script> står bakom" in text
    assert statement.select_one("a[href='mailto:webb@example.se']") is not None
    assert [li.get_text() for li in statement.select("ul.gaps li")] == [
        "Äldre avsnitt saknar transkription <script>alert(1)</script>"
    ]
    assert "delvis förenlig" in text and "30 september 2026" in text
    assert "digg.se" in statement.select_one("a[href*='digg']")["href"]


def test_render_item_pages_list_their_related_items(tmp_path: Path) -> None:
    related = (RelatedView("news", "nyhet-1", "Nyhet om samverkan"),
               RelatedView("episode", "ep-2", "Labbet"))
    out = tmp_path / "site"
    render_site(make_site((dataclasses.replace(episode("ep-1", 1), related=related),
                           episode("ep-2", 2)), (news("nyhet-1", 3),)), out)
    section = soup(out / "episodes/ep-1/index.html").select_one("section.related")
    assert [(a["href"], a.get_text()) for a in section.find_all("a")] == [
        ("../../news/nyhet-1/", "Nyhet om samverkan"), ("../../episodes/ep-2/", "Labbet"),
    ]
    assert "Nyhet:" in section.get_text() and "Avsnitt:" in section.get_text()
    assert soup(out / "episodes/ep-2/index.html").select_one("section.related") is None
