"""Ingesting what a config lists, with one report for episodes and news and one retry rule.

One source that cannot be read is listed in the report and does not keep the others out; a
transient network failure (a 5xx answer, a reset connection, a timeout) is raised instead, so
that the caller retries the whole ingest later (ingest is idempotent: what was stored stays).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from catalog import Catalog
from innocast.errors import InnocastError
from steps.config import Config
from steps.episodes import ingest_source
from steps.ingest_report import TRANSIENT_ERRORS, IngestReport
from steps.news import ingest_news
from steps.podcast_feed import ingest_podcast_feed


def ingest_configured_episodes(catalog: Catalog, config: Config) -> IngestReport:
    """Store every episode the config lists and every episode of its podcast feeds."""
    report = IngestReport()
    with tempfile.TemporaryDirectory() as tmp:
        for source in config.episodes:
            try:
                report.add(ingest_source(
                    catalog, source, config.resolve(source.audio), Path(tmp),
                    timeout=config.fetch.audio_timeout, allow_private=source.allow_private,
                ))
            except TRANSIENT_ERRORS:
                raise
            except InnocastError as exc:
                report.failed.append((source.audio, str(exc)))
        for feed in config.podcast_feeds:
            try:
                report.merge(
                    ingest_podcast_feed(
                        catalog, feed, config.resolve(feed.url), Path(tmp), config.fetch
                    )
                )
            except TRANSIENT_ERRORS:
                raise
            except InnocastError as exc:
                report.failed.append((feed.url, str(exc)))
    return report


def ingest_configured_news(catalog: Catalog, config: Config) -> IngestReport:
    """Store every article of every news source the config lists."""
    report = IngestReport()
    for source in config.news:
        try:
            report.merge(ingest_news(
                catalog, source, config.resolve(source.source), config.fetch.timeout
            ))
        except TRANSIENT_ERRORS:
            raise
        except InnocastError as exc:
            report.skipped.append((source.source, str(exc)))
    return report
