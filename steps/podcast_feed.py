"""An existing podcast's feed into the catalog: every episode with its guid and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from catalog import Catalog
from fetching.errors import FetchError
from podcast.errors import PodcastError
from podcast.feed_import import import_podcast_feed
from steps.config import EpisodeSource, FeedSource
from steps.episodes import ingest_source
from steps.errors import StepError


@dataclass
class FeedIngest:
    """What importing one podcast feed did, per episode."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def ingest_podcast_feed(
    catalog: Catalog, feed: FeedSource, location: str, workdir: Path
) -> FeedIngest:
    """Import every episode of a podcast feed; an episode whose audio fails is listed, not fatal.

    Episodes keep the feed's guids, so subscribers of the old feed see no duplicates, and audio
    already downloaded from the same URL is not downloaded again.
    """
    _show, episodes = import_podcast_feed(location, allow_private=feed.allow_private)
    result = FeedIngest()
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
            upsert = ingest_source(
                catalog, source, remote.audio_url, workdir, allow_private=feed.allow_private
            )
        except (FetchError, StepError, PodcastError) as exc:
            result.failed.append((remote.audio_url, str(exc)))
            continue
        getattr(result, upsert.change).append(upsert.item.id)
    return result
