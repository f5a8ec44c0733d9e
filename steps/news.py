"""News items into the catalog, one item per canonical URL or per text."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog import Catalog
from news.article import Article
from news.sources import Skipped, read_articles
from steps.config import NewsSource


@dataclass
class NewsIngest:
    """What ingesting one news source did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def ingest_news(catalog: Catalog, source: NewsSource, location: str) -> NewsIngest:
    """Read every article of a source into the catalog; items that fail are skipped and listed."""
    result = NewsIngest()
    entries = read_articles(
        location, allow_private=source.allow_private, max_articles=source.max_articles
    )
    for entry in entries:
        if isinstance(entry, Skipped):
            result.skipped.append((entry.source, entry.reason))
            continue
        change = store_article(catalog, entry)
        setattr(result, change, getattr(result, change) + 1)
    return result


def store_article(catalog: Catalog, article: Article) -> str:
    """Store one article; return 'created', 'updated' or 'unchanged'."""
    content_hash = article.content_hash()
    return catalog.upsert_item(
        kind="news",
        source_key=f"url:{article.url}" if article.url else f"text:{content_hash}",
        content_hash=content_hash,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        data={"article": article.to_dict()},
    ).change
