"""How a pipeline run's summary is printed for the person who ran it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from catalog.errors import StoreError
from flows.errors import printable


def conclude(summary: dict[str, Any], out_dir: Path) -> None:
    """End a run's command: one error line for an unfit worker, else the summary (exit 1 if
    anything failed)."""
    if summary["fault"]:
        # A worker unfit to do anything failed every item the same way: say it once.
        raise StoreError(f"{summary['fault']}; nothing was published, {out_dir} is as it was")
    print_summary(summary, out_dir)
    if summary["failed"]:
        sys.exit(1)


def print_summary(summary: dict[str, Any], out_dir: Path) -> None:
    """Print what the run did, where the feed and site are, and how to look at them."""
    episodes, news, published = summary["episodes"], summary["news"], summary["published"]
    click.echo(
        f"Episodes: {len(episodes['created'])} new, {len(episodes['updated'])} updated, "
        f"{len(episodes['unchanged'])} unchanged. "
        f"News items: {len(news['created'])} new, {len(news['updated'])} updated, "
        f"{len(news['unchanged'])} unchanged."
    )
    click.echo(
        f"Transcribed {summary['transcribed']} episode(s), prepared {summary['audio_prepared']} "
        f"audio file(s), tagged {summary['tagged']} item(s) (the rest came from the cache)."
    )
    if published is not None:
        click.echo(published_line(published))
    for _feed, reason in episodes.get("skipped", []):
        click.echo(f"Skipped episodes: {reason}")
    for skipped, reason in news["skipped"]:
        click.echo(f"Skipped news: {printable(skipped)}: {printable(reason)}")
    for failure in summary["failed"]:
        click.echo(f"Failed: {printable(failure)}")
    if published is None:
        click.echo(f"Nothing was published; {out_dir} is as it was.")
        return
    port = 8000
    click.echo("")
    click.echo(f"Feed:   {out_dir / 'feed.xml'}  ({published['feed_url']})")
    click.echo(f"Site:   {out_dir / 'index.html'}  ({published['site_url']})")
    click.echo(f"Search: {out_dir / 'search' / 'index.html'}")
    click.echo(f"View it: python3 -m http.server {port} --directory {out_dir}")
    click.echo(f"         then open {published['site_url']}")


def published_line(published: dict[str, Any], into: Path | None = None) -> str:
    """The line that says what a publication (into the folder `into`, if named) did, or that
    it found nothing changed."""
    counts = f"{published['episodes']} episodes and {published['news']} news items"
    if into is not None:
        counts += f" into {into}"
    if published.get("up_to_date"):
        return (f"Published {counts}: nothing changed since the last publication, which is "
                f"up to date ({published['unchanged']} files checked, none written).")
    return (f"Published {counts}: {published['written']} files written, "
            f"{published['unchanged']} unchanged, {published['removed']} removed.")
