"""Building a publication in a staging folder: feed, audio links, transcripts, pages, search.

`steps.publish` decides whether anything changed; only then is this module imported, with the
feed builder, the site renderer and the search indexer it needs, so a run with nothing to
publish does not load them.
"""


import dataclasses
import json
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from catalog import Catalog, Item, write_if_changed
from innocast.files import FileReadError, read_bounded
from news.article import Article
from news.calendar import CalendarEntry, build_calendar
from news.feed import NewsChannel, build_news_feed
from podcast.artwork import MAX_COVER_BYTES
from podcast.chapters import Chapter, chapters_json
from podcast.feed import FeedEpisode, TranscriptLink, build_feed
from podcast.namespace_values import Soundbite, Trailer
from podcast.show import is_web_url, podcast_guid
from steps.config import Config
from steps.errors import InputError
from steps.found_chapters import found_chapters
from steps.publish_report import PublishReport
from steps.records import Episode, read_article
from steps.review import evidence_places
from steps.tagging import shown_tags
from steps.transcription import current_transcript, machine_transcript
from text.notes import notes_to_html
from themes.related import Relatable, related_items
from themes.taxonomy import Taxonomy
from themes.topics import soundbites
from transcripts.formats import FORMATS, MEDIA_TYPES, to_text
from transcripts.segments import Transcript
from transcripts.sync import is_synced
from website.model import (
    AccessibilityView,
    ChapterView,
    EpisodeView,
    EventView,
    EvidenceView,
    NewsView,
    RelatedView,
    SegmentView,
    SiteView,
    SoundbiteView,
    ThemeRef,
    ThemeView,
)
from website.render import render_site, view_key
from website.search import build_search_index

MANIFEST = ".innocast-files.json"

# The transcript formats the feed links (podcast:transcript); every format is published.
FEED_TRANSCRIPTS = ("vtt", "srt", "json")


def build_publication(
    stage: Path,
    catalog: Catalog,
    config: Config,
    taxonomy: Taxonomy,
    today: date,
    episodes: list[tuple[Item, Episode]],
    news: list[Item],
    report: PublishReport,
) -> None:
    """Write the whole publication into the staging folder `stage`, recording it in `report`."""
    base_url = config.base_url
    files = _Files(stage, report)
    cover_url = _cover(files, config)
    episode_views = [
        _episode(catalog, config, files, taxonomy, item, record) for item, record in episodes
    ]
    chapter_urls = _chapters(files, episode_views)
    feed = _feed(catalog, config, episodes, episode_views, chapter_urls, cover_url)
    files.write("feed.xml", feed)
    files.write("news.xml", _news_feed(config, news))
    news_views = [_news_view(catalog, taxonomy, item) for item in news]
    events = _events(files, config, news, news_views)
    news_views = [dataclasses.replace(view, events=tuple(
        event for event in events if event.news_slug == view.slug)) for view in news_views]
    episode_views, news_views = _related(episode_views, news_views)
    # Keys stand for each view's content, so pages made from the same inputs are not
    # rendered again: a transcript by its content keys, not its segments (which of the two
    # was shown, the synced one or the heard one, is in the view: `manuscript_synced`).
    episode_views = [
        dataclasses.replace(view, key=view_key(
            view, f"{record.synced_key}|{record.transcript_key}" if view.segments else None))
        for view, (_, record) in zip(episode_views, episodes, strict=True)
    ]
    news_views = [dataclasses.replace(view, key=view_key(view, None)) for view in news_views]
    site = SiteView(
        title=config.show.title,
        description=config.show.description,
        base_path=urlsplit(base_url).path or "/",
        episodes=tuple(episode_views),
        news=tuple(news_views),
        themes=tuple(
            ThemeView(id=t.id, label=t.label_sv, label_en=t.label_en, description=t.description)
            for t in taxonomy.themes
        ),
        feed_url="feed.xml",
        news_feed_url="news.xml",
        cover_url=cover_url,
        language=config.show.language,
        events=tuple(events),
        events_ics_url="events.ics",
        today=today,
        accessibility=_accessibility(config),
    )
    rendered = render_site(site, stage, sync=False)
    report.written += [str(p) for p in rendered.written]
    report.unchanged += len(rendered.unchanged)
    build_search_index(stage, sync=False, pages=rendered.files)
    files.finish()


def _same_file(a: Path, b: Path) -> bool:
    first, second = a.stat(), b.stat()
    return os.path.samestat(first, second) or (
        first.st_size == second.st_size and first.st_mtime_ns == second.st_mtime_ns
    )


class _Files:
    """The files the publisher owns in the staging folder, and the removal of stale ones."""

    def __init__(self, stage: Path, report: PublishReport) -> None:
        self.stage = stage
        self.report = report
        self.kept: set[str] = set()
        try:
            self.previous = set(json.loads((stage / MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            self.previous = set()

    def write(self, name: str, data: bytes) -> str:
        """Write a site-relative file if its content changed; return its site-relative URL."""
        target = self._target(name)
        if write_if_changed(target, data, sync=False):
            self.report.written.append(name)
        else:
            self.report.unchanged += 1
        self.kept.add(name)
        return name

    def link(self, name: str, source: Path) -> str:
        """Place a stored file (e.g. an episode's MP3) in the site, by hard link where possible,
        else by a copy that keeps the stored file's time (stored files never change in place,
        so a copy of the same size and time is the same file)."""
        target = self._target(name)
        if target.exists() and _same_file(target, source):
            self.report.unchanged += 1
        else:
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.unlink(missing_ok=True)
            try:
                os.link(source, tmp)
            except OSError:
                # Another file system: hard links cannot cross it.
                shutil.copy2(source, tmp)
            tmp.replace(target)
            self.report.written.append(name)
        self.kept.add(name)
        return name

    def finish(self) -> None:
        """Remove files an earlier publication wrote that this one did not; record the rest."""
        for name in sorted(self.previous - self.kept):
            self._target(name).unlink(missing_ok=True)
            self.report.removed.append(name)
        write_if_changed(
            self.stage / MANIFEST, json.dumps(sorted(self.kept)).encode(), sync=False
        )

    def _target(self, name: str) -> Path:
        relative = PurePosixPath(name)
        # Names come from slugs and fixed suffixes; refuse anything that could leave the folder.
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"unsafe site path: {name!r}")
        target = self.stage.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def _cover(files: _Files, config: Config) -> str:
    return files.write(f"cover{config.show_image.suffix.lower()}", config.show_image_bytes())


def _episode(
    catalog: Catalog,
    config: Config,
    files: _Files,
    taxonomy: Taxonomy,
    item: Item,
    record: Episode,
) -> EpisodeView:
    enclosure = record.enclosure
    assert enclosure is not None  # only episodes with an enclosure are published
    mp3 = catalog.blob_path(enclosure.sha, ".mp3")
    if not mp3.is_file():
        # `innocast run` remakes a missing MP3 from the stored audio before it publishes.
        raise InputError(f"{item.slug}: its feed MP3 {mp3} is missing from the catalog's files; "
                         "run `innocast run` to make it again")
    audio_url = files.link(f"audio/{item.slug}.mp3", mp3)
    transcript = current_transcript(catalog, item)
    transcript_files: dict[str, str] = {}
    if transcript is not None:
        for suffix, writer in FORMATS.items():
            name = f"transcripts/{item.slug}.{suffix}"
            transcript_files[suffix] = files.write(name, writer(transcript).encode("utf-8"))
    synced = transcript is not None and is_synced(transcript)
    machine_url = None
    machine = machine_transcript(catalog, item) if synced else None
    if machine is not None:
        # What the recogniser heard stays published beside the manuscript, for comparison.
        machine_url = files.write(
            f"transcripts/{item.slug}.machine.txt", to_text(machine).encode("utf-8")
        )
    finds_chapters = not record.chapters
    image_url = record.image
    if image_url is not None and not is_web_url(image_url):
        # Read like the show's cover: bounded, a regular file only.
        image = Path(image_url)
        try:
            data = read_bounded(image, MAX_COVER_BYTES)
        except FileReadError as exc:
            raise InputError(f"{item.slug}: cannot read its image {image} ({exc.reason})") from exc
        image_url = files.write(f"images/{item.slug}{image.suffix.lower()}", data)
    return EpisodeView(
        slug=item.slug,
        title=item.title,
        published=_date(item.published) or date.today(),
        number=record.episode,
        season=record.season,
        notes_html=notes_to_html(record.notes),
        audio_url=audio_url,
        audio_type=enclosure.mime,
        duration=enclosure.duration,
        segments=_segments(transcript),
        transcript_files=transcript_files,
        themes=_themes(catalog, taxonomy, item),
        language=record.language or config.show.language,
        manuscript_synced=synced,
        machine_transcript_url=machine_url,
        chapters=_episode_chapters(catalog, record, transcript, taxonomy),
        chapters_found=finds_chapters,
        soundbites=_soundbites(record, transcript, taxonomy, enclosure.duration),
        image_url=image_url,
    )


def _episode_chapters(
    catalog: Catalog, record: Episode, transcript: Transcript | None, taxonomy: Taxonomy
) -> tuple[ChapterView, ...]:
    """The configured chapters; without any, chapters found where the transcript's topic
    shifts (once per transcript, `steps.found_chapters`), titled by their themes."""
    if record.chapters:
        return tuple(ChapterView(c.start, c.title, c.url) for c in record.chapters)
    if transcript is None:
        return ()
    return tuple(ChapterView(start, title)
                 for start, title in found_chapters(catalog, transcript, taxonomy))


def _soundbites(
    record: Episode, transcript: Transcript | None, taxonomy: Taxonomy, duration: float
) -> tuple[SoundbiteView, ...]:
    """The configured soundbites; without any, the stretches densest in theme evidence
    (within the audio: an editor's transcript may run past it)."""
    if record.soundbites:
        return tuple(SoundbiteView(b.start, b.duration, b.title) for b in record.soundbites)
    if transcript is None:
        return ()
    return tuple(SoundbiteView(*bite) for bite in soundbites(transcript.segments, taxonomy)
                 if bite[0] < duration)


def _segments(transcript: Transcript | None) -> tuple[SegmentView, ...]:
    if transcript is None:
        return ()
    return tuple(
        SegmentView(index=n, start=s.start, end=s.end, text=s.text, speaker=s.speaker)
        for n, s in enumerate(transcript.segments)
    )


def _themes(catalog: Catalog, taxonomy: Taxonomy, item: Item) -> tuple[ThemeRef, ...]:
    return tuple(
        ThemeRef(
            id=decision.theme,
            label=taxonomy.get(decision.theme).label_sv,
            # A theme an editor confirmed that the tagger missed has no score to show.
            score=decision.score,
            confirmed=decision.confirmed,
            evidence=tuple(
                EvidenceView(text=e.text, time=e.time, segment=e.segment, count=e.count,
                             paragraph=e.paragraph)
                for e in evidence_places(item, decision.evidence)
            ),
        )
        for decision in shown_tags(catalog, item, taxonomy)
    )


def _chapters(files: _Files, views: Iterable[EpisodeView]) -> dict[str, str]:
    """Write each episode's JSON chapters, where it has any; their URLs by slug."""
    return {
        view.slug: files.write(
            f"chapters/{view.slug}.json",
            chapters_json(
                [Chapter(c.start, c.title, c.url) for c in view.chapters]
            ).encode("utf-8"),
        )
        for view in views
        if view.chapters
    }


def _feed(
    catalog: Catalog,
    config: Config,
    episodes: Iterable[tuple[Item, Episode]],
    views: Iterable[EpisodeView],
    chapter_urls: dict[str, str],
    cover_url: str,
) -> bytes:
    base = config.base_url
    feed_url = urljoin(base, "feed.xml")
    guid = config.show.guid or catalog.meta_once("podcast_guid", podcast_guid(feed_url))
    entries = []
    for (item, record), view in zip(episodes, views, strict=True):
        enclosure = record.enclosure
        assert enclosure is not None  # only episodes with an enclosure are published
        transcripts = tuple(
            TranscriptLink(
                url=urljoin(base, view.transcript_files[suffix]),
                type=MEDIA_TYPES[suffix],
                language=view.language,
                rel="captions" if suffix == "vtt" else None,
            )
            for suffix in FEED_TRANSCRIPTS
            if suffix in view.transcript_files
        )
        entries.append(
            FeedEpisode(
                guid=record.guid,
                title=item.title,
                notes_html=view.notes_html,
                published=datetime.fromisoformat(item.published or ""),
                enclosure_url=urljoin(base, view.audio_url),
                enclosure_bytes=enclosure.bytes,
                enclosure_type=enclosure.mime,
                duration=enclosure.duration,
                link=urljoin(base, f"episodes/{item.slug}/"),
                episode=record.episode,
                season=record.season,
                episode_type=record.episode_type,
                transcripts=transcripts,
                chapters_url=urljoin(base, chapter_urls[item.slug])
                if item.slug in chapter_urls
                else None,
                persons=record.persons,
                soundbites=tuple(
                    Soundbite(bite.start, bite.duration, bite.title) for bite in view.soundbites
                ),
                explicit=record.explicit,
                image=urljoin(base, view.image_url) if view.image_url else None,
            )
        )
    return build_feed(
        config.show, entries, feed_url=feed_url, image_url=urljoin(base, cover_url), guid=guid,
        trailers=_trailers(config, episodes),
    )


def _trailers(config: Config, episodes: Iterable[tuple[Item, Episode]]) -> tuple[Trailer, ...]:
    """The show's podcast:trailer: the configured episode's MP3, once it is published."""
    trailer = config.show.trailer
    if trailer is None:
        return ()
    for item, record in episodes:
        if item.slug == trailer.episode and record.enclosure is not None:
            return (Trailer(
                url=urljoin(config.base_url, f"audio/{item.slug}.mp3"),
                title=trailer.title,
                pubdate=format_datetime(datetime.fromisoformat(item.published or "")),
                length=record.enclosure.bytes,
                type=record.enclosure.mime,
                season=record.season,
            ),)
    return ()


def _news_feed(config: Config, items: list[Item]) -> bytes:
    base = config.base_url
    channel = NewsChannel(
        title=f"{config.show.title}: nyheter",
        link=base,
        description=config.show.description,
        language=config.show.language,
        feed_url=urljoin(base, "news.xml"),
    )
    entries = [
        (read_article(item), urljoin(base, f"news/{item.slug}/"), [])
        for item in items
    ]
    return build_news_feed(channel, entries)


def _news_view(catalog: Catalog, taxonomy: Taxonomy, item: Item) -> NewsView:
    article = read_article(item)
    return NewsView(
        slug=item.slug,
        title=item.title,
        published=article.published,
        body=article.body,
        source_url=article.url,
        author=article.author,
        themes=_themes(catalog, taxonomy, item),
    )


def _events(
    files: _Files, config: Config, items: list[Item], views: list[NewsView]
) -> list[EventView]:
    """Every event the news announce: `events.ics` with them all, a calendar file each (for
    "Lägg till i kalender"), and their views."""
    base = config.base_url
    host = urlsplit(base).hostname or "innocast"
    entries: list[CalendarEntry] = []
    found: list[EventView] = []
    for item, view in zip(items, views, strict=True):
        article = read_article(item)
        page = urljoin(base, f"news/{item.slug}/")
        for event in article.events:
            if event.starts is None:
                continue
            event_id = f"{item.slug}-{event.starts:%Y%m%d}"
            if any(other.id == event_id for other in found):
                event_id += f"-{event.starts:%H%M}"
            if any(other.id == event_id for other in found):
                continue  # the same event twice on one page
            title = f"{event.name[:1].upper()}{event.name[1:]}: {view.title}" if event.name \
                else view.title
            entry = CalendarEntry(
                # Stable across publications: the page and the day, never the build.
                uid=f"{event_id}@{host}",
                title=title,
                url=page,
                event=event,
                stamp=_stamp(article, event.starts),
                description=f"{article.summary}\n\n{page}" if article.summary else page,
            )
            ics = files.write(f"events/{event_id}.ics", build_calendar(title, [entry]))
            entries.append(entry)
            found.append(EventView(
                id=event_id, title=title, starts=event.starts, ends=event.ends,
                all_day=event.all_day, place=event.place, news_slug=item.slug,
                news_title=view.title, ics_url=ics,
            ))
    files.write("events.ics", build_calendar(f"{config.show.title}: evenemang", entries))
    return found


def _stamp(article: Article, starts: datetime) -> datetime:
    """An event's DTSTAMP: the day its page was published (UTC), else its own start."""
    if article.published is not None:
        return datetime.combine(article.published, time(0), tzinfo=UTC)
    return starts.astimezone(UTC)


def _related(
    episodes: list[EpisodeView], news: list[NewsView]
) -> tuple[list[EpisodeView], list[NewsView]]:
    """Each view with up to five related episodes and news items."""
    items: list[EpisodeView | NewsView] = [*episodes, *news]
    keys = [("episode" if isinstance(v, EpisodeView) else "news", v.slug) for v in items]
    relatable = []
    for (kind, slug), view in zip(keys, items, strict=True):
        if isinstance(view, EpisodeView):
            text = " ".join([view.title, *(seg.text for seg in view.segments)])
        else:
            text = f"{view.title} {view.body}"
        relatable.append(Relatable(f"{kind}/{slug}", frozenset(t.id for t in view.themes), text))
    related = related_items(relatable)
    by_key = {f"{kind}/{slug}": view for (kind, slug), view in zip(keys, items, strict=True)}

    def with_related(kind: str, view: EpisodeView | NewsView) -> EpisodeView | NewsView:
        return dataclasses.replace(view, related=tuple(
            RelatedView(key.split("/", 1)[0], by_key[key].slug, by_key[key].title)
            for key in related[f"{kind}/{view.slug}"]
        ))

    return ([with_related("episode", e) for e in episodes],  # type: ignore[misc]
            [with_related("news", n) for n in news])  # type: ignore[misc]


def _accessibility(config: Config) -> AccessibilityView:
    """The accessibility statement's facts; the show's owner when the config names no one."""
    statement = config.accessibility
    if statement is None:
        return AccessibilityView(config.show.owner_name, config.show.owner_email)
    return AccessibilityView(
        publisher=statement.publisher,
        contact_email=statement.contact_email,
        contact_url=statement.contact_url,
        gaps=statement.gaps,
        assessed=statement.assessed,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
