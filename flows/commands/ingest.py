"""`innocast ingest`: put one episode, news source or podcast feed into the catalog."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from catalog import Catalog, pipeline_lock
from fetching import DEFAULT_FILE_TIMEOUT, DEFAULT_TIMEOUT, names_url
from flows.errors import printable
from flows.options import data_option
from innocast.files import FileReadError, read_utf8
from steps.config import (
    MAX_FEED_ITEMS,
    MAX_NOTES_BYTES,
    EpisodeSource,
    FeedSource,
    FetchSettings,
    NewsSource,
)
from steps.episodes import ingest_source
from steps.news import ingest_news
from steps.podcast_feed import ingest_podcast_feed

allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    help="Allow URLs on private, loopback and link-local networks (refused by default).",
)


F = TypeVar("F", bound=Callable[..., Any])


def timeout_option(default: float, what: str) -> Callable[[F], F]:
    """The --timeout option: the seconds one fetch may take in all."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        help=f"Seconds {what} may take in all (connecting, headers and body).",
    )


@click.group("ingest")
def command() -> None:
    """Add episodes and news to the catalog; `innocast publish` then publishes them.

    Example: innocast ingest news https://example.se/nyheter/feed.xml
    """


@command.command("episode")
@click.argument("audio")
@click.option("--title", required=True, help="The episode's title.")
@click.option("--id", "episode_id", help="A stable id (its guid derives from it).")
@click.option("--notes", default="", help="Show notes (plain text or simple HTML).")
@click.option(
    "--notes-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the show notes from a UTF-8 file.",
)
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
    help="Publication date (YYYY-MM-DD or an ISO date-time).",
)
@click.option("--episode", "number", type=click.IntRange(min=0), help="Episode number.")
@click.option("--season", type=click.IntRange(min=0), help="Season number.")
@click.option("--language", help="The spoken language, if not the show's (e.g. en).")
@allow_private_option
@timeout_option(DEFAULT_FILE_TIMEOUT, "downloading the audio")
@data_option
def episode(
    audio: str,
    title: str,
    episode_id: str | None,
    notes: str,
    notes_file: Path | None,
    published: datetime | None,
    number: int | None,
    season: int | None,
    language: str | None,
    allow_private: bool,
    timeout: float,
    data_dir: Path,
) -> None:
    """Add the episode whose audio is the file or http(s) URL AUDIO.

    Example: innocast ingest episode intervju.wav --title "Samverket" --episode 5
    """
    if notes_file is not None:
        try:
            notes = read_utf8(notes_file, MAX_NOTES_BYTES)
        except FileReadError as exc:
            raise click.BadParameter(
                f"{notes_file}: cannot read it as UTF-8 text ({exc.reason})",
                param_hint="--notes-file",
            ) from exc
    source = EpisodeSource(
        audio=audio,
        title=title,
        id=episode_id,
        notes=notes,
        published=published,
        episode=number,
        season=season,
        language=language,
    )
    with (
        pipeline_lock(data_dir),
        Catalog(data_dir) as catalog,
        tempfile.TemporaryDirectory() as tmp,
    ):
        upsert = ingest_source(
            catalog, source, audio, Path(tmp), allow_private=allow_private, timeout=timeout
        )
    click.echo(f"{upsert.item.slug}: {upsert.change}")


@command.command("news")
@click.argument("source")
@allow_private_option
@timeout_option(DEFAULT_TIMEOUT, "fetching each page or feed")
@data_option
def news(source: str, allow_private: bool, timeout: float, data_dir: Path) -> None:
    """Add the news of SOURCE: a page or RSS/Atom feed URL, an HTML or text file, or a folder.

    Example: innocast ingest news https://example.se/nyheter/feed.xml
    """
    location = source if names_url(source) else str(Path(source))
    with pipeline_lock(data_dir), Catalog(data_dir) as catalog:
        result = ingest_news(catalog, NewsSource(source, allow_private), location, timeout)
    click.echo(
        f"{printable(source)}: {len(result.created)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.skipped)} skipped"
    )
    for skipped, reason in result.skipped:
        click.echo(f"skipped {printable(skipped)}: {printable(reason)}")


@command.command("feed")
@click.argument("url")
@allow_private_option
@timeout_option(DEFAULT_TIMEOUT, "fetching the feed")
@click.option(
    "--audio-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_FILE_TIMEOUT,
    show_default=True,
    help="Seconds downloading each episode's audio may take in all.",
)
@click.option(
    "--max-items",
    type=click.IntRange(min=1),
    default=MAX_FEED_ITEMS,
    show_default=True,
    help="Import at most this many of the feed's items, the first it lists.",
)
@data_option
def feed(
    url: str,
    allow_private: bool,
    timeout: float,
    audio_timeout: float,
    max_items: int,
    data_dir: Path,
) -> None:
    """Import every episode of an existing podcast's RSS feed URL, keeping their guids.

    Example: innocast ingest feed https://example.se/podd/feed.xml
    """
    with (
        pipeline_lock(data_dir),
        Catalog(data_dir) as catalog,
        tempfile.TemporaryDirectory() as tmp,
    ):
        result = ingest_podcast_feed(
            catalog,
            FeedSource(url, allow_private, max_items),
            url,
            Path(tmp),
            FetchSettings(timeout, audio_timeout),
        )
    click.echo(
        f"{printable(url)}: {len(result.created)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.failed)} failed"
    )
    for _url, reason in result.skipped:
        click.echo(printable(reason))
    for audio, reason in result.failed:
        click.echo(f"failed {printable(audio)}: {printable(reason)}")
