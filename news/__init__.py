"""News items: extracting articles from web pages, feeds and text, the events they announce,
the news feed and the events calendar."""

from innocast.lazy import exports, names

# Names are imported from their modules when first asked for: `news.article` alone (which
# the catalog's records need) does not pull in the extractor, trafilatura and the feeds.
_MODULES = {
    "news.article": ["Article", "Event"],
    "news.calendar": ["CalendarEntry", "build_calendar"],
    "news.dates": ["parse_swedish_date"],
    "news.errors": [
        "ArticleDataError", "CalendarError", "EmptyPageError", "NewsError", "NewsSourceError",
        "NotAFeedError", "NotHTMLError",
    ],
    "news.extract": ["extract_html", "extract_text"],
    "news.feed": ["NewsChannel", "build_news_feed"],
    "news.sources": ["Skipped", "read_articles"],
}

__getattr__ = exports("news", _MODULES)
__all__ = names(_MODULES)
