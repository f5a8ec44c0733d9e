"""Reading articles from pages, feeds, files and folders, over a real local HTTP server."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fetching import FetchHTTPError, FetchTimeout, UnsafeURLError
from news import (
    Article,
    EmptyPageError,
    NewsSourceError,
    NotAFeedError,
    NotHTMLError,
    Skipped,
    read_articles,
)
from tests.fetching.local_server import LocalServer
from tests.news.conftest import FIXTURES


def golden(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def test_read_articles_from_a_page_url(site: LocalServer) -> None:
    url = site.url("/digad-digital-innovation-offentlig-sektor.html")
    (article,) = read_articles(url, allow_private=True)
    expected = golden("digad-digital-innovation-offentlig-sektor.html")
    assert isinstance(article, Article)
    assert (article.title, str(article.published), article.body) == (
        expected["title"],
        expected["published"],
        expected["body"],
    )
    # The canonical URL is on another host than the one it was fetched from: not trusted.
    assert (article.source, article.url) == (url, url)


def test_read_articles_follows_rss_entries_to_their_pages(site: LocalServer) -> None:
    articles = list(read_articles(site.url("/news-rss.xml"), allow_private=True))
    names = [
        "norrbotten-larprojekt-innovation",
        "digad-digital-innovation-offentlig-sektor",
        "partsradet-innovativa-aktiviteter",
    ]
    assert [a.source for a in articles] == [site.url(f"/{n}.html") for n in names]
    for article, name in zip(articles, names, strict=True):
        expected = golden(f"{name}.html")
        assert (article.title, str(article.published)) == (expected["title"], expected["published"])
        assert article.body == expected["body"]


def test_read_articles_follows_atom_entries_and_dates_undated_pages(site: LocalServer) -> None:
    podcast, document = read_articles(site.url("/news-atom.xml"), allow_private=True)
    assert podcast.title == golden("arbetsgivarpodden-coworking.html")["title"]
    assert (podcast.published, podcast.updated) == (date(2019, 12, 3), date(2019, 12, 4))
    # The page has no date of its own; the feed entry's date stands in.
    assert golden("partsradet-uppdrag-innovation-och-utveckling.html")["published"] is None
    assert document.published == date(2016, 1, 15)


def test_read_articles_skips_a_broken_entry_and_goes_on(site: LocalServer) -> None:
    feed = (FIXTURES / "news-rss.xml").read_text(encoding="utf-8")
    feed = feed.replace("http://fixtures.invalid", site.base).replace(
        "/digad-digital-innovation-offentlig-sektor.html", "/gone.html"
    )
    url = site.add("/broken.xml", feed.encode(), content_type="application/rss+xml")
    first, skipped, last = read_articles(url, allow_private=True)
    assert first.title == "Lärprojekt innovation"
    assert skipped == Skipped(
        site.url("/gone.html"), f"{site.url('/gone.html')}: the server answered 404 Not Found"
    )
    assert last.title == "Innovativa aktiviteter"


def test_read_articles_from_a_local_feed_file(site: LocalServer, tmp_path: Path) -> None:
    feed = (
        (FIXTURES / "news-atom.xml")
        .read_bytes()
        .replace(b"http://fixtures.invalid", site.base.encode())
    )
    path = tmp_path / "nyheter.atom"
    path.write_bytes(feed)
    titles = [a.title for a in read_articles(str(path), allow_private=True)]
    assert titles == [
        "Arbetsgivarpodden: Coworking – gör det oss mer innovativa?",
        "Innovation och utveckling ur ett partsperspektiv",
    ]


def test_read_articles_refuses_loopback_without_opt_in(site: LocalServer) -> None:
    with pytest.raises(UnsafeURLError, match="non-public address 127.0.0.1"):
        list(read_articles(site.url("/news-rss.xml")))
    assert site.requests == []


def test_read_articles_skips_feed_entries_on_private_addresses(
    site: LocalServer, tmp_path: Path
) -> None:
    feed = (
        (FIXTURES / "news-rss.xml")
        .read_bytes()
        .replace(b"http://fixtures.invalid", site.base.encode())
    )
    path = tmp_path / "feed.xml"
    path.write_bytes(feed)
    entries = list(read_articles(str(path)))
    assert len(entries) == 3
    assert all(isinstance(e, Skipped) and "non-public address" in e.reason for e in entries)
    assert site.requests == []


@pytest.mark.parametrize(
    ("body", "content_type", "error", "message"),
    [
        (
            b"%PDF-1.7 ...",
            "application/pdf",
            NotHTMLError,
            "not an HTML page (it is application/pdf)",
        ),
        (b"  \n ", "text/html", EmptyPageError, "the page is empty"),
        (
            b"<rss><channel><title>x",
            "application/rss+xml",
            NotAFeedError,
            "not an RSS or Atom feed",
        ),
        (b'{"items": []}', "application/rss+xml", NotAFeedError, "not an RSS or Atom feed"),
    ],
)
def test_read_articles_refuses_a_bad_single_source(
    server: LocalServer, body: bytes, content_type: str, error: type, message: str
) -> None:
    url = server.add("/bad", body, content_type=content_type)
    with pytest.raises(error) as caught:
        list(read_articles(url, allow_private=True))
    assert str(caught.value) == f"{url}: {message}"


def test_read_articles_refuses_a_feed_with_entity_declarations(server: LocalServer) -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><title>&b;</title></channel></rss>"""
    url = server.add("/bomb.xml", bomb, content_type="application/rss+xml")
    with pytest.raises(NotAFeedError, match="declares XML entities"):
        list(read_articles(url, allow_private=True))


def test_read_articles_reports_404_and_timeout(server: LocalServer) -> None:
    with pytest.raises(FetchHTTPError, match="404 Not Found"):
        list(read_articles(server.url("/missing.html"), allow_private=True))
    slow = server.add("/slow.html", b"<p>sent too late</p>", delay=1.5)
    with pytest.raises(FetchTimeout, match="timed out"):
        list(read_articles(slow, allow_private=True, timeout=0.3))


def test_read_articles_from_a_folder_skips_bad_files(tmp_path: Path) -> None:
    for name in ("norrbotten-larprojekt-innovation.txt", "malformed.html"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "tom.html").write_bytes(b"")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    results = list(read_articles(str(tmp_path)))
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Skipped"]
    assert [r.title for r in results[:2]] == ["Ny e-tjänst för bygglov", "Lärprojekt innovation"]
    assert results[2] == Skipped(
        str(tmp_path / "tom.html"), f"{tmp_path / 'tom.html'}: the file is empty"
    )


def test_read_articles_refuses_missing_and_unknown_paths(tmp_path: Path) -> None:
    with pytest.raises(NewsSourceError, match=r"nowhere\.html: no such file or folder$"):
        list(read_articles(str(tmp_path / "nowhere.html")))
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    with pytest.raises(NewsSourceError, match=r"bild\.png: not an HTML, text or feed file"):
        list(read_articles(str(tmp_path / "bild.png")))
    with pytest.raises(NewsSourceError, match="no HTML, text or feed files in the folder"):
        list(read_articles(str(tmp_path)))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/news.html"])
def test_read_articles_refuses_other_schemes(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="only http and https"):
        list(read_articles(url))


LISTING = Path(__file__).parent / "listing" / "nyheter.html"
CORPUS = Path(__file__).parent / "corpus" / "tuning"
LISTED = {
    "/nyheter/2022/ai-stod-i-bygglov": "sitevision-01-umea-kommun.html",
    "/nyheter/2024/aldreomsorg": "sitevision-03-vinnova.html",
    "/nyheter/2023/skolskjutsar": "sitevision-05-lulea-kommun.html",
}


@pytest.fixture
def newsroom(server: LocalServer) -> LocalServer:
    """A municipal news section with no feed: a listing page and the articles it links to."""
    listing = LISTING.read_bytes().replace(b"http://fixtures.invalid", server.base.encode())
    server.add("/nyheter/", listing)
    for path, name in LISTED.items():
        server.add(path, (CORPUS / name).read_bytes())
    return server


def test_read_articles_follows_a_listing_page_to_its_articles(newsroom: LocalServer) -> None:
    entries = list(read_articles(newsroom.url("/nyheter/"), allow_private=True))
    assert [getattr(e, "title", None) for e in entries] == [
        "Umeå testar AI-stöd i bygglovshandläggningen",
        "Nya medel för innovation i kommunal äldreomsorg",
        None,
        "Skolskjutsar planeras med ny öppen data",
    ]
    gone = newsroom.url("/nyheter/2024/nedlagd-sida")
    assert entries[2] == Skipped(gone, f"{gone}: the server answered 404 Not Found")
    # Each linked page is fetched once, as a page; menus, pagination and footer are not followed.
    assert [path for path, _ in newsroom.requests] == [
        "/nyheter/",
        *[
            "/nyheter/2022/ai-stod-i-bygglov",
            "/nyheter/2024/aldreomsorg",
            "/nyheter/2024/nedlagd-sida",
            "/nyheter/2023/skolskjutsar",
        ],
    ]


def test_read_articles_follows_at_most_max_articles_of_a_listing(newsroom: LocalServer) -> None:
    entries = list(read_articles(newsroom.url("/nyheter/"), allow_private=True, max_articles=2))
    assert [e.title for e in entries] == [
        "Umeå testar AI-stöd i bygglovshandläggningen",
        "Nya medel för innovation i kommunal äldreomsorg",
    ]
    assert len(newsroom.requests) == 3


def test_read_articles_follows_a_local_listing_file(newsroom: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "nyheter.html"
    path.write_bytes(
        LISTING.read_bytes().replace(b"http://fixtures.invalid", newsroom.base.encode())
    )
    titles = [getattr(e, "title", None) for e in read_articles(str(path), allow_private=True)]
    assert titles[:2] == [
        "Umeå testar AI-stöd i bygglovshandläggningen",
        "Nya medel för innovation i kommunal äldreomsorg",
    ]
    assert len(titles) == 4


def test_read_articles_reads_an_article_with_more_news_links_as_one_page(
    newsroom: LocalServer,
) -> None:
    page = CORPUS / "wordpress-classic-01-tillvaxtverket.html"
    url = newsroom.add("/nyheter/2023/stod-till-foretag.html", page.read_bytes())
    (article,) = read_articles(url, allow_private=True)
    assert article.title == "Stöd till företag som utvecklar lösningar för offentlig sektor"


def test_read_articles_keeps_a_listing_on_loopback_refused_without_opt_in(
    newsroom: LocalServer, tmp_path: Path
) -> None:
    path = tmp_path / "nyheter.html"
    path.write_bytes(
        LISTING.read_bytes().replace(b"http://fixtures.invalid", newsroom.base.encode())
    )
    entries = list(read_articles(str(path)))
    assert len(entries) == 4
    assert all(isinstance(e, Skipped) and "non-public address" in e.reason for e in entries)
    assert newsroom.requests == []
