"""News items: extracting articles from web pages, feeds and text, the events they announce,
the news feed and the events calendar."""

from news.article import Article, Event
from news.calendar import CalendarEntry, build_calendar
from news.dates import parse_swedish_date
from news.errors import (
    ArticleDataError,
    CalendarError,
    EmptyPageError,
    NewsError,
    NewsSourceError,
    NotAFeedError,
    NotHTMLError,
)
from news.extract import extract_html, extract_text
from news.feed import NewsChannel, build_news_feed
from news.sources import Skipped, read_articles

__all__ = [
    "Article",
    "ArticleDataError",
    "CalendarEntry",
    "CalendarError",
    "EmptyPageError",
    "Event",
    "NewsChannel",
    "NewsError",
    "NewsSourceError",
    "NotAFeedError",
    "NotHTMLError",
    "Skipped",
    "build_calendar",
    "build_news_feed",
    "extract_html",
    "extract_text",
    "parse_swedish_date",
    "read_articles",
]
