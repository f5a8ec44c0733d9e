"""An existing podcast's feed into the catalog: every episode with its guid and metadata."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog
from innocast.errors import InnocastError
from podcast.feed_import import import_podcast_feed
from steps.config import EpisodeSource, FeedSource, FetchSettings
from steps.episodes import ingest_source
from steps.ingest_report import TRANSIENT_ERRORS, IngestReport


def ingest_podcast_feed(
    catalog: Catalog,
    feed: FeedSource,
    location: str,
    workdir: Path,
    limits: FetchSettings | None = None,
) -> IngestReport:
    """Import the episodes of a podcast feed, the first `feed.max_items` it lists (the report
    says how many more were left out); an episode whose audio fails is listed, not fatal.

    Episodes keep the feed's guids, so subscribers of the old feed see no duplicates, and audio
    already downloaded from the same URL is not downloaded again unless it changed.
    """
    limits = limits or FetchSettings()
    _show, episodes = import_podcast_feed(
        location, allow_private=feed.allow_private, timeout=limits.timeout
    )
    report = IngestReport()
    if len(episodes) > feed.max_items:
        report.skipped.append((
            feed.url,
            f"{feed.url}: imported the first {feed.max_items} of its {len(episodes)} episodes "
            "(the limit; raise max_items to import more)",
        ))
        episodes = episodes[: feed.max_items]
    for remote in episodes:
        source = EpisodeSource(
            audio=remote.audio_url,
            title=remote.title,
            notes=remote.notes_html,
            published=remote.published,
            episode=remote.episode,
            season=remote.season,
            guid=remote.guid,
        )
        try:
            report.add(ingest_source(
                catalog, source, remote.audio_url, workdir, allow_private=feed.allow_private,
                timeout=limits.audio_timeout,
            ))
        except TRANSIENT_ERRORS:
            raise
        except InnocastError as exc:
            report.failed.append((remote.audio_url, str(exc)))
    return report
