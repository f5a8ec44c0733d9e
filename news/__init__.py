"""News items: extracting articles from web pages, feeds and text, the events they announce,
the news feed and the events calendar."""

import importlib
from typing import Any

# Names are imported from their modules when first asked for: `news.article` alone (which
# the catalog's records need) does not pull in the extractor, trafilatura and the feeds.
_MODULES = {
    "Article": "news.article", "Event": "news.article",
    "CalendarEntry": "news.calendar", "build_calendar": "news.calendar",
    "parse_swedish_date": "news.dates",
    "ArticleDataError": "news.errors", "CalendarError": "news.errors",
    "EmptyPageError": "news.errors", "NewsError": "news.errors",
    "NewsSourceError": "news.errors", "NotAFeedError": "news.errors",
    "NotHTMLError": "news.errors",
    "extract_html": "news.extract", "extract_text": "news.extract",
    "NewsChannel": "news.feed", "build_news_feed": "news.feed",
    "Skipped": "news.sources", "read_articles": "news.sources",
}


def __getattr__(name: str) -> Any:
    """A public name of the package, imported from its module on first use."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'news' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


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
