"""Publishing: the catalog into a folder of feed, audio, transcripts, pages and search index.

Everything is built in a staging copy of the live folder and swapped in at the end, so readers
and podcast apps never see half a publication; files whose content did not change are not
rewritten, so a publication after one new episode touches only what that episode changes.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin

from catalog import Catalog
from news.events import STOCKHOLM
from steps.config import Config
from steps.publication import publication_key, record_state, unchanged_files
from steps.publish_report import PublishReport
from steps.records import read_episode
from steps.staging import locked_output, staged_locked
from themes.taxonomy import Taxonomy


def publish(
    catalog: Catalog, config: Config, out_dir: Path, taxonomy: Taxonomy, today: date | None = None
) -> PublishReport:
    """Publish every episode with audio and every news item into `out_dir`, atomically;
    `today` (Stockholm's, by default) divides coming events from past ones.

    When the live folder was built from the same inputs and holds every file it did, nothing
    is staged or written: the report says it is `up_to_date`."""
    today = today or datetime.now(STOCKHOLM).date()
    base_url = config.base_url
    report = PublishReport(
        out_dir=out_dir, feed_url=urljoin(base_url, "feed.xml"), site_url=base_url
    )
    revision = catalog.revision()
    episodes = [
        (item, record)
        for item in catalog.items("episode")
        if (record := read_episode(item)).enclosure is not None
    ]
    news = catalog.items("news")
    report.episodes, report.news = len(episodes), len(news)
    key = publication_key(catalog, revision, config, taxonomy, today, [r for _, r in episodes])
    # Looked at under the output's lock: another publisher cannot swap in between.
    with locked_output(out_dir) as live:
        unchanged = unchanged_files(live, key)
        if unchanged is not None:
            report.unchanged, report.up_to_date = unchanged, True
            return report
        with staged_locked(live, shown=out_dir) as stage:
            # Imported here: building brings the feed builder, the site renderer and the
            # search indexer, which a publication with nothing changed does without.
            from steps.build import build_publication

            build_publication(stage, catalog, config, taxonomy, today, episodes, news, report)
            record_state(stage, key)
    return report
