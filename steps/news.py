"""News items into the catalog, one item per canonical URL or per text."""

from __future__ import annotations

from catalog import Catalog, Upsert
from fetching import DEFAULT_TIMEOUT
from news.article import Article
from news.sources import Skipped, read_articles
from steps.config import NewsSource
from steps.ingest_report import IngestReport
from steps.records import article_data


def ingest_news(
    catalog: Catalog, source: NewsSource, location: str, timeout: float = DEFAULT_TIMEOUT
) -> IngestReport:
    """Read every article of a source into the catalog, each fetch within `timeout` seconds;
    items that fail are skipped and listed."""
    report = IngestReport()
    entries = read_articles(
        location,
        allow_private=source.allow_private,
        max_articles=source.max_articles,
        timeout=timeout,
    )
    for entry in entries:
        if isinstance(entry, Skipped):
            report.skipped.append((entry.source, entry.reason))
        else:
            report.add(store_article(catalog, entry))
    return report


def store_article(catalog: Catalog, article: Article) -> Upsert:
    """Store one article: created, updated, or found unchanged."""
    content_hash = article.content_hash()
    return catalog.upsert_item(
        kind="news",
        source_key=f"url:{article.url}" if article.url else f"text:{content_hash}",
        content_hash=content_hash,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        data=article_data(article),
    )
