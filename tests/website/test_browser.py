"""The built site in headless Chromium: search, the player and the transcript, accessibility."""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import SpeechFactory
from tests.website.conftest import SMALL_SHARDS, episode, make_site, news
from website import SiteView, build_search_index, render_site, search_bundle

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
AUDIO_SECONDS = 30
MANY_NEWS = 23


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder with byte ranges (the audio element seeks with them), no logging."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def send_head(self):  # type: ignore[no-untyped-def]
        spec = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not spec.startswith("bytes=") or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = spec[len("bytes=") :].partition("-")
        start = int(first or 0)
        end = min(int(last) if last else size - 1, size - 1)
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return handle


def publish(site: SiteView, out: Path, audio: Path) -> None:
    """Do what the publishing step does around the pages: audio, transcripts, feed, cover."""
    for ep in site.episodes:
        (out / ep.audio_url).parent.mkdir(parents=True, exist_ok=True)
        (out / ep.audio_url).write_bytes(audio.read_bytes())
        for url in ep.transcript_files.values():
            (out / url).parent.mkdir(parents=True, exist_ok=True)
            (out / url).write_text("WEBVTT\n", encoding="utf-8")
    (out / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (out / "news.xml").write_text("<rss/>", encoding="utf-8")
    Image.new("RGB", (160, 160), (10, 79, 138)).save(out / "cover.jpg")
    render_site(site, out)
    # Several shards, so every search test also covers merging them in the browser.
    assert build_search_index(out, shard_bytes=SMALL_SHARDS).shards > 1


def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 for as long as the generator is suspended."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(speech: SpeechFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small site with real audio and its search index, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser")
    mp3 = root / "speech.mp3"
    wav = speech("Welcome to the podcast about innovation in the public sector.")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-af", f"apad=whole_dur={AUDIO_SECONDS}",
         "-codec:a", "libmp3lame", "-b:a", "48k", str(mp3)],
        check=True,
    )  # fmt: skip
    site = make_site(
        (episode("ep-1", 1), episode("ep-2", 8), episode("ep-3", 15)),
        (news("nyhet-1", 3), news("nyhet-2", 4)),
    )
    out = root / "site"
    publish(site, out, mp3)
    yield from serve(out)


@pytest.fixture(scope="module")
def many_news_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of MANY_NEWS news items, all about collaboration, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("many") / "site"
    out.mkdir()
    site = make_site((), tuple(news(f"nyhet-{n}", n) for n in range(1, MANY_NEWS + 1)))
    publish(site, out, Path("/dev/null"))
    yield from serve(out)


@pytest.fixture(scope="module")
def base_path_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small site published in a subfolder, podd/, of what is served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("based")
    site = make_site((episode("ep-1", 1), episode("ep-2", 8)), (news("nyhet-1", 3),))
    (root / "podd").mkdir()
    publish(site, root / "podd", Path("/dev/null"))
    for url in serve(root):
        yield url + "podd/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def current_time(page: Page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def wait_for_time(page: Page, low: float, high: float) -> None:
    page.wait_for_function(
        f"() => {{ const t = document.getElementById('player').currentTime; "
        f"return t >= {low} && t < {high}; }}",
        timeout=10_000,
    )


def test_browser_search_opens_the_episode_at_the_matching_segment(page: Page, server: str) -> None:
    page.goto(server + "search/?q=prototyper")
    hit = page.locator("#search-results .hits a").first
    expect(hit).to_contain_text("prototyper")
    expect(hit.locator(".stamp")).to_have_text("00:04")
    assert hit.get_attribute("href").endswith("/#seg-2")
    hit.click()
    page.wait_for_url("**/episodes/*/#seg-2")
    segment = page.locator("#seg-2")
    expect(segment).to_have_class("current")
    expect(segment).to_be_focused()
    wait_for_time(page, 3.9, 4.5)


def test_browser_search_shows_only_the_last_of_quick_queries(page: Page, server: str) -> None:
    # Each group of shards starts loading its first hits as soon as it has ranked them; a query
    # submitted while another is still loading shows its own hits only, once.
    page.goto(server + "search/")
    box = page.locator("#search-q")
    box.fill("kompetensutveckling")
    box.press("Enter")
    box.fill("prototyper")
    box.press("Enter")
    hits = page.locator("#search-results .hits a")
    expect(hits.first).to_contain_text("prototyper")
    expect(page.locator("#search-status")).not_to_have_text("Söker …")
    texts = hits.all_inner_texts()
    assert texts and all("prototyper" in text.lower() for text in texts)
    hrefs = page.locator("#search-results .result h2 a").all()
    assert len(hrefs) == len({link.get_attribute("href") for link in hrefs})


def test_browser_search_link_prefills_the_query(page: Page, server: str) -> None:
    page.goto(server + "search/?q=kompetensutveckling")
    expect(page.locator("#search-q")).to_have_value("kompetensutveckling")
    expect(page.locator("#search-status")).to_have_text("3 träffar.")


def test_browser_search_finds_parts_of_compound_words(page: Page, server: str) -> None:
    pairs = (("utveckling", "kompetensutveckling"), ("innovation", "innovationslabb"))
    for query, segment in pairs:
        page.goto(server + f"search/?q={query}")
        texts = page.locator("#search-results .hits a")
        expect(texts.first).to_be_visible()
        assert any(segment in text for text in texts.all_inner_texts()), query


def test_browser_search_filters_by_kind_and_theme(page: Page, server: str) -> None:
    page.goto(server + "search/?q=samverkan")
    expect(page.locator("#search-status")).to_have_text("5 träffar.")
    page.get_by_role("checkbox", name="Nyhet").check()
    expect(page.locator("#search-status")).to_have_text("2 träffar.")
    assert "kind=news" in page.url
    metas = page.locator("#search-results .result .meta").all_inner_texts()
    assert metas and all(meta.startswith("Nyhet") for meta in metas)
    page.goto(server + "search/?q=samverkan&theme=design-methods")
    expect(page.locator("#search-status")).to_have_text("3 träffar.")
    # A theme page links to the search with only the theme chosen: everything in the theme.
    page.goto(server + "search/?theme=collaboration")
    expect(page.locator("#search-status")).to_have_text("2 träffar.")


@pytest.fixture(scope="module")
def one_bundle_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The pages of `server`'s site (without audio) indexed as a single bundle, its shards
    keyed by two letters as a large bundle's are (the small ones of `server` by one)."""
    out = tmp_path_factory.mktemp("whole") / "site"
    render_site(
        make_site(
            (episode("ep-1", 1), episode("ep-2", 8), episode("ep-3", 15)),
            (news("nyhet-1", 3), news("nyhet-2", 4)),
        ),
        out,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_bundle, "SMALL_BUNDLE", 0)
        assert build_search_index(out).shards == 1
    assert json.loads((out / "search-index/entry.json").read_text())["key_letters"] == 2
    yield from serve(out)


def test_browser_search_ranks_the_same_in_one_bundle_as_in_many(
    page: Page, server: str, one_bundle_server: str
) -> None:
    # Each bundle is ranked on its own and the hits merged: how the site is split into bundles
    # must change neither which pages are found nor their order.
    for query in ("samverkan", "innovation", "prototyper labbet", "kompetens", "chefer"):
        orders = []
        for url in (server, one_bundle_server):
            page.goto(url + f"search/?q={query}")
            expect(page.locator("#search-status")).to_have_text(re.compile(r"träff"))
            links = page.locator("#search-results .result h2 a").all()
            orders.append([link.get_attribute("href") for link in links])
        assert orders[0] and orders[0] == orders[1], query


def test_browser_search_shows_more_hits_on_request(page: Page, many_news_server: str) -> None:
    page.goto(many_news_server + "search/?q=samverkan")
    status, results = page.locator("#search-status"), page.locator("#search-results .result")
    more = page.get_by_role("button", name="Visa fler träffar")
    expect(status).to_have_text(f"Visar 10 av {MANY_NEWS} träffar.")
    expect(results).to_have_count(10)
    more.click()
    expect(results).to_have_count(20)
    expect(status).to_have_text(f"Visar 20 av {MANY_NEWS} träffar.")
    # The reader goes on from the first new hit.
    expect(results.nth(10).locator("h2 a")).to_be_focused()
    more.click()
    expect(results).to_have_count(MANY_NEWS)
    expect(status).to_have_text(f"{MANY_NEWS} träffar.")
    expect(more).to_be_hidden()
    hrefs = [link.get_attribute("href") for link in results.locator("h2 a").all()]
    assert sorted(hrefs) == sorted(f"/news/nyhet-{n}/" for n in range(1, MANY_NEWS + 1))
    # A new search starts from its first page again.
    page.get_by_role("checkbox", name="Nyhet").check()
    expect(results).to_have_count(10)
    expect(more).to_be_visible()


def test_browser_search_works_under_a_base_path(page: Page, base_path_server: str) -> None:
    page.goto(base_path_server + "search/?q=prototyper")
    hit = page.locator("#search-results .hits a").first
    expect(hit).to_contain_text("prototyper")
    assert hit.get_attribute("href").startswith("/podd/episodes/ep-")
    hit.click()
    page.wait_for_url("**/podd/episodes/*/#seg-2")
    expect(page.locator("#seg-2")).to_have_class("current")


def test_browser_search_loads_the_index_while_the_reader_types(page: Page, server: str) -> None:
    page.goto(server + "search/")
    expect(page.locator("#search-status")).to_have_text("")
    with page.expect_request("**/search-index/**/terms/*.json", timeout=10_000):
        page.locator("#search-q").press_sequentially("prototyper")
    # Only loaded: nothing is searched until the reader submits.
    expect(page.locator("#search-results .result")).to_have_count(0)
    page.locator("#search-q").press("Enter")
    expect(page.locator("#search-results .hits a").first).to_contain_text("prototyper")


def test_browser_search_without_an_index_says_so(page: Page, tmp_path: Path) -> None:
    out = tmp_path / "site"
    render_site(make_site((episode("ep-1", 1),), ()), out)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for url in serve(out):
        page.goto(url + "search/")
        page.wait_for_load_state("networkidle")
        page.locator("#search-q").fill("labb")
        page.locator("#search-q").press("Enter")
        expect(page.locator("#search-status")).to_have_text("Det finns ännu inget att söka i.")
    assert errors == []


def test_browser_search_shows_hostile_text_as_text(page: Page, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "search/?q=alert")
    hits = page.locator("#search-results .hits a")
    expect(hits.first).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#search-results script").count() == 0
    page.goto(server + "episodes/ep-2/")
    expect(page.locator("#seg-4")).to_contain_text("<script>alert(1)</script>")
    assert dialogs == []


def test_browser_search_of_a_very_long_query_asks_only_for_its_first_words(
    page: Page, one_bundle_server: str
) -> None:
    # A link's ?q= can hold any number of words; only the first ten are looked up. Each word
    # here starts like a shard of the index, so each would need a shard of its own.
    page.goto(one_bundle_server + "search-index/entry.json")
    keys = json.loads(page.locator("body").inner_text())["shards"]
    words = [f"{key}qx" for key in keys if len(key) == 2]
    assert len(words) > 20
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(one_bundle_server + "search/?q=" + "+".join(words * 100))
    expect(page.locator("#search-status")).to_have_text("Inga träffar.")
    assert 0 < len([url for url in asked if "/terms/" in url]) <= 10


def test_browser_clicking_a_segment_seeks_the_audio(page: Page, server: str) -> None:
    page.goto(server + "episodes/ep-1/")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.locator("#seg-6 .stamp").click()
    wait_for_time(page, 11.9, 14)
    assert page.url.endswith("#t=12")
    expect(page.locator("#seg-6")).to_have_class("current")
    page.locator("#seg-9").click(position={"x": 200, "y": 5})
    wait_for_time(page, 17.9, 20)


def test_browser_transcript_works_by_keyboard(page: Page, server: str) -> None:
    page.goto(server + "episodes/ep-1/")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.locator("#seg-5 .stamp").focus()
    page.keyboard.press("Enter")
    wait_for_time(page, 9.9, 12)


@pytest.mark.parametrize(
    ("hash_", "start", "segment"),
    [("#t=8", 8, "seg-4"), ("#t=00:14", 14, "seg-7"), ("#t=0:00:20.5,0:00:22", 20.5, "seg-10")],
)
def test_browser_deep_link_starts_at_its_moment(
    page: Page, server: str, hash_: str, start: float, segment: str
) -> None:
    page.goto(server + "episodes/ep-2/" + hash_)
    wait_for_time(page, start - 0.1, start + 0.5)
    expect(page.locator(f"#{segment}")).to_have_class("current")


def test_browser_playing_highlights_the_current_segment(page: Page, server: str) -> None:
    page.goto(server + "episodes/ep-3/")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.evaluate("document.getElementById('player').currentTime = 16.5")
    expect(page.locator("#seg-8")).to_have_class("current")
    expect(page.locator(".segments li.current")).to_have_count(1)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "episodes/",
        "episodes/ep-1/",
        "news/",
        "news/nyhet-1/",
        "themes/",
        "themes/design-methods/",
        "events/",
        "tillganglighet/",
        "search/?q=labb",
    ],
)
def test_browser_pages_have_no_serious_accessibility_violations(
    page: Page, server: str, path: str
) -> None:
    page.goto(server + path)
    if path.startswith("search/"):
        expect(page.locator("#search-results .result").first).to_be_visible()
    results = Axe().run(page)
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)
