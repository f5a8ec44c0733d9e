"""The news feed, read back by XPath and by feedparser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
from lxml import etree

from news import Article, NewsChannel, build_news_feed, extract_html

CHANNEL = NewsChannel(
    title="Innocast – nyheter",
    link="https://innocast.example/nyheter/",
    description="Nyheter om innovation i offentlig sektor",
    feed_url="https://innocast.example/news.xml",
)
NS = {"atom": "http://www.w3.org/2005/Atom"}


def article(title: str, published: date | None, url: str | None = None) -> Article:
    return Article(
        title=title,
        body=f"{title}. Brödtext om innovation.",
        source=f"{title}.html",
        url=url,
        published=published,
        summary=f"Sammanfattning av {title}",
    )


PAGES = "https://innocast.example/n"
ITEMS = [
    (article("Äldst", date(2019, 3, 25), "https://partsradet.se/a"), f"{PAGES}/a/", ["Samverkan"]),
    (article("Utan datum", None), f"{PAGES}/b/", []),
    (article("Nyast", date(2021, 9, 10)), f"{PAGES}/c/", ["Digital omställning", "Lärande"]),
]


def test_build_news_feed_lists_items_newest_first() -> None:
    parsed = feedparser.parse(build_news_feed(CHANNEL, ITEMS))
    assert parsed.version == "rss20"
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["Nyast", "Äldst", "Utan datum"]
    assert [e.link for e in parsed.entries] == [
        "https://innocast.example/n/c/",
        "https://innocast.example/n/a/",
        "https://innocast.example/n/b/",
    ]
    assert [t.term for t in parsed.entries[0].tags] == ["Digital omställning", "Lärande"]
    assert parsed.entries[0].summary == "Sammanfattning av Nyast"


def test_build_news_feed_channel_links_and_guids() -> None:
    root = etree.fromstring(build_news_feed(CHANNEL, ITEMS))
    channel = root.find("channel")
    assert channel.findtext("link") == "https://innocast.example/nyheter/"
    assert channel.findtext("language") == "sv"
    self_link = channel.find("atom:link[@rel='self']", NS)
    assert self_link.get("href") == "https://innocast.example/news.xml"
    guids = root.xpath("//item/guid")
    assert [(g.text, g.get("isPermaLink")) for g in guids] == [
        ("https://innocast.example/n/c/", "true"),
        ("https://partsradet.se/a", "false"),
        ("https://innocast.example/n/b/", "true"),
    ]
    assert root.xpath("//item[title='Utan datum']/pubDate") == []
    assert channel.findtext("lastBuildDate") == "Fri, 10 Sep 2021 00:00:00 +0200"


def test_build_news_feed_is_the_same_bytes_every_time() -> None:
    assert build_news_feed(CHANNEL, ITEMS) == build_news_feed(CHANNEL, list(reversed(ITEMS)))
    undated = [ITEMS[1]]
    assert build_news_feed(CHANNEL, undated) == build_news_feed(CHANNEL, undated)
    assert etree.fromstring(build_news_feed(CHANNEL, undated)).xpath("//lastBuildDate") == []


def test_build_news_feed_escapes_hostile_text() -> None:
    hostile = article('<script>alert("x")</script> & \x0b"citat"', date(2022, 1, 1))
    xml = build_news_feed(CHANNEL, [(hostile, "https://innocast.example/n/x/", ["<b>tema</b>"])])
    assert b"<script>" not in xml
    item = etree.fromstring(xml).find("channel/item")
    assert item.findtext("title") == '<script>alert("x")</script> & "citat"'
    assert item.findtext("category") == "<b>tema</b>"


def test_build_news_feed_with_no_items_is_a_valid_channel() -> None:
    parsed = feedparser.parse(build_news_feed(CHANNEL, []))
    assert (parsed.version, parsed.entries, parsed.feed.title) == (
        "rss20",
        [],
        "Innocast – nyheter",
    )


def test_build_news_feed_dates_a_page_that_only_says_when_it_was_changed() -> None:
    page = Path(__file__).parent / "corpus" / "tuning" / "sitevision-03-vinnova.html"
    changed = extract_html(page.read_bytes(), source=page.name)
    assert changed.updated_only
    root = etree.fromstring(build_news_feed(CHANNEL, [(changed, f"{PAGES}/d/", [])]))
    assert root.xpath("//item/pubDate/text()") == ["Tue, 10 Dec 2024 00:00:00 +0100"]
