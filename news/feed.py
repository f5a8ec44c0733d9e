"""The news feed (news.xml): RSS 2.0 of published news items, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from feedgen.feed import FeedGenerator
from lxml import etree

from news.article import Article
from news.events import STOCKHOLM
from text.cleaning import bounded, clean_line, clean_paragraph, plain_as_html

MAX_DESCRIPTION_CHARS = 600


@dataclass(frozen=True, kw_only=True)
class NewsChannel:
    """What the news feed says about itself."""

    title: str
    link: str
    description: str
    feed_url: str
    language: str = "sv"


def build_news_feed(channel: NewsChannel, items: Sequence[tuple[Article, str, list[str]]]) -> bytes:
    """RSS 2.0 bytes for (article, its page URL, its theme labels), newest first.

    The output depends only on the input (no "now"), so publishing twice writes the same bytes.
    """
    feed = FeedGenerator()
    # The self link first: feedgen would otherwise make the channel's <link> the feed's URL.
    feed.link(href=channel.feed_url, rel="self")
    feed.link(href=channel.link, rel="alternate")
    feed.title(clean_line(channel.title))
    # Readers render a description as HTML: plain text must not become markup there.
    feed.description(plain_as_html(clean_line(channel.description) or clean_line(channel.title)))
    feed.language(clean_line(channel.language) or "sv")
    feed.generator("innocast")
    ordered = sorted(items, key=_order)
    dated = [article.published for article, _, _ in ordered if article.published]
    if dated:
        feed.lastBuildDate(_moment(max(dated)))
    for article, page_url, labels in ordered:
        entry = feed.add_entry(order="append")
        entry.title(clean_line(article.title))
        entry.link(href=page_url)
        guid = article.url or page_url
        entry.guid(guid, permalink=guid == page_url)
        description = article.summary or bounded(article.body, MAX_DESCRIPTION_CHARS)
        entry.description(
            plain_as_html(clean_paragraph(description) or clean_line(article.title))
        )
        if article.published:
            entry.pubDate(_moment(article.published))
        for label in labels:
            if clean_line(label):
                entry.category(term=clean_line(label))
    xml = feed.rss_str(pretty=True)
    return xml if dated else _without_build_date(xml)


def _order(item: tuple[Article, str, list[str]]) -> tuple[int, str, str]:
    article, page_url, _ = item
    newest_first = -(article.published or date.min).toordinal()
    return newest_first, article.title, page_url


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=STOCKHOLM)


def _without_build_date(xml: bytes) -> bytes:
    """Drop the lastBuildDate that feedgen sets to the current time when nothing is dated."""
    root = etree.fromstring(xml)
    for element in root.iter("lastBuildDate"):
        element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
