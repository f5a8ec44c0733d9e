"""The site's pages rendered from a SiteView and written only where they changed.

Work in proportion to what changed: a manifest (`.website-manifest.json`) records the
fingerprint of what every page is made from, the code that renders it (templates, static
assets, this package's modules, `text.notes`: `code_version`) and the site's own fields (title,
feeds, themes, events, accessibility statement); and for every file this module owns, the
fingerprint of what it shows, the digest of its bytes and its size. What a page shows: an item
page its item's view (its `key` when the publisher set one, else a fingerprint of its content),
a listing the fingerprints of the items it lists. A page whose fingerprints are the recorded
ones, and whose file is still there at the recorded size, is not rendered again; so publishing
with nothing changed renders nothing, and one more episode renders its page and the listings
that show it. Templates see only the site's own fields (`site` has no lists of items), so a
listing cannot depend on an item the fingerprint leaves out. Pages carry no build time for the
same reason.

A page that is rendered is written through `catalog.files.write_if_changed`, and the folder's
file system is synced once at the end rather than each page on its own: a file is replaced by
rename (the publication is staged as a hard-linked copy of the live site, so a file must never
be changed in place) and left alone when its bytes are the same. The pages of items that left
the site are removed, and nothing else in the folder is touched.

On a large site the item pages (nearly all the work) are rendered and written by worker
processes, in runs of items, while this process renders the listings: rendering is pure Python,
so threads would share one core. Item pages use only the site's own fields (title, language,
feeds, themes), so the workers get the site without its lists of items.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from catalog.files import sync_filesystem, write_if_changed
from text.cleaning import MAX_TITLE_CHARS
from text.notes import sanitise_notes
from website import fingerprint
from website.compound import compound_parts
from website.errors import RenderError, SiteError, UnsafeValueError
from website.files import content_digest, remove_files
from website.links import external_href, safe_name, site_href
from website.model import EpisodeView, EventView, NewsView, SiteView
from website.timestamp import format_date, format_duration, format_event_time, format_timestamp
from website.transcript import segment_items

if TYPE_CHECKING:
    from jinja2 import Environment

MANIFEST = ".website-manifest.json"
LATEST = 10
# Rendering uses worker processes from this many items on, each given runs of about
# CHUNK_WORDS words, and at most WORKERS of them.
PARALLEL_ITEMS = 300
CHUNK_WORDS = 100_000
WORKERS = 2
# Bounds on untrusted text, in characters: generous for real content, fatal to nothing.
LIMITS = {"title": MAX_TITLE_CHARS, "segment": 5_000, "body": 200_000, "evidence": 500}
# Links in show notes on the pages also tell search engines not to follow them.
PAGE_LINK_REL = "noopener noreferrer nofollow"
KIND_LABELS = {"episode": "Avsnitt", "news": "Nyhet"}
TRANSCRIPT_LABELS = {
    "vtt": "WebVTT",
    "srt": "SRT",
    "json": "JSON",
    "txt": "Text",
    "words.json": "JSON med ord och tider",
}
STATIC = ("site.css", "player.js", "search.js", "stem.js")

Item = EpisodeView | NewsView


@dataclass(frozen=True)
class RenderReport:
    """Which files (paths relative to the site folder) were written, left unchanged or removed;
    which pages were rendered (written or not); and every file's (digest, size) by path, which the
    search index reads instead of the pages themselves."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    rendered: tuple[str, ...] = ()
    files: Mapping[str, tuple[str, int]] = dataclasses.field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many HTML pages the site has now."""
        return sum(1 for path in (*self.written, *self.unchanged) if path.endswith(".html"))


def clip(text: str | None, kind: str) -> str:
    """`text` cut to the bound for its kind, with an ellipsis when cut.

    >>> clip("a" * 400, "title")[-3:]
    'aa…'
    >>> clip(None, "title")
    ''
    """
    text = text or ""
    limit = LIMITS[kind]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_notes(html: str) -> Markup:
    """Show notes sanitised by the feed's rules (`text.notes`), with links search engines skip."""
    return Markup(sanitise_notes(html, link_rel=PAGE_LINK_REL))  # sanitised just here


def _environment(templates: Path) -> Environment:
    # Imported here: a publish that finds nothing changed reads this module (for the code's
    # version) but renders nothing.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        stamp=format_timestamp,
        duration=format_duration,
        day=format_date,
        clip=clip,
        parts=compound_parts,
    )
    env.globals["when"] = format_event_time
    env.globals["segment_items"] = functools.partial(segment_items, clip=clip)
    return env


def ordered_files(files: Mapping[str, str]) -> list[tuple[str, str]]:
    """Transcript files in the order readers look for them: known formats first, then by name.

    >>> ordered_files({"json": "t.json", "vtt": "t.vtt", "x": "t.x"})
    [('vtt', 't.vtt'), ('json', 't.json'), ('x', 't.x')]
    """
    order = list(TRANSCRIPT_LABELS)
    return sorted(files.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv))


def _root(path: str) -> str:
    """The relative way from the page at `path` up to the site root.

    >>> _root("index.html"), _root("search/index.html"), _root("episodes/a/index.html")
    ('./', '../', '../../')
    """
    depth = path.count("/")
    return "../" * depth if depth else "./"


def _newest_first(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.published or date.min, item.slug), reverse=True)


class _Site:
    """The site's pages as (path, template, context), built from one SiteView."""

    def __init__(self, site: SiteView) -> None:
        self.site = site
        # What templates see as `site`: its own fields only, which the fingerprints cover.
        self.bare = dataclasses.replace(site, episodes=(), news=())
        for field, names in (
            ("episode.slug", [episode.slug for episode in site.episodes]),
            ("news.slug", [item.slug for item in site.news]),
            ("theme.id", [theme.id for theme in site.themes]),
        ):
            seen: set[str] = set()
            for name in names:
                if safe_name(name, field) in seen:
                    raise UnsafeValueError(f"{field}: {name!r} names two items (one page each)")
                seen.add(name)
        self.episodes = _newest_first(site.episodes)
        self.news = _newest_first(site.news)
        self.theme_ids = {theme.id for theme in site.themes}

    def pages(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every page but the items' own: its path, template and context."""
        counts = self._theme_counts()
        yield (
            "index.html",
            "index.html",
            {
                "episodes": self.episodes[:LATEST],
                "news": self.news[:LATEST],
                "counts": counts,
            },
        )
        yield "episodes/index.html", "episodes.html", {"episodes": self.episodes}
        yield "news/index.html", "news_list.html", {"news": self.news}
        yield "themes/index.html", "themes.html", {"counts": counts}
        yield "search/index.html", "search.html", {}
        yield "events/index.html", "events.html", self._events()
        yield "tillganglighet/index.html", "accessibility.html", {
            "statement": self.site.accessibility
        }
        episodes, news = _by_theme(self.episodes), _by_theme(self.news)
        for theme in self.site.themes:
            yield (
                f"themes/{theme.id}/index.html",
                "theme.html",
                {
                    "theme": theme,
                    "episodes": episodes.get(theme.id, []),
                    "news": news.get(theme.id, []),
                },
            )

    @staticmethod
    def item_pages(items: Iterable[Item]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The page of each episode or news item: its path, template and context."""
        for item in items:
            if isinstance(item, EpisodeView):
                yield f"episodes/{item.slug}/index.html", "episode.html", {"episode": item}
            else:
                yield f"news/{item.slug}/index.html", "news.html", {"item": item}

    def _events(self) -> dict[str, Any]:
        """Coming events first, soonest first; past ones after, latest first."""
        today = self.site.today or date.today()

        def last_day(event: EventView) -> date:
            return (event.ends or event.starts).date()

        coming = sorted((e for e in self.site.events if last_day(e) >= today),
                        key=lambda e: (e.starts, e.id))
        past = sorted((e for e in self.site.events if last_day(e) < today),
                      key=lambda e: (e.starts, e.id), reverse=True)
        return {"coming": coming, "past": past}

    def _theme_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(self.theme_ids, 0)
        for item in (*self.episodes, *self.news):
            for ref in item.themes:
                if ref.id in counts:
                    counts[ref.id] += 1
        return counts

    def globals(self, path: str) -> dict[str, Any]:
        """What every template sees: the site, the way to the root and link helpers."""
        root = _root(path)
        site = self.bare

        def href(url: str, field: str) -> str:
            return site_href(url, root, field)

        return {
            "site": site,
            "root": root,
            "href": href,
            "external": external_href,
            "notes": clean_notes,
            "theme_ids": self.theme_ids,
            "transcript_labels": TRANSCRIPT_LABELS,
            "kinds": KIND_LABELS,
            "ordered_files": ordered_files,
            "feed_href": href(site.feed_url, "site.feed_url"),
            "news_feed_href": href(site.news_feed_url, "site.news_feed_url")
            if site.news_feed_url
            else None,
            "events_ics_href": href(site.events_ics_url, "site.events_ics_url")
            if site.events_ics_url
            else None,
        }


def _by_theme(items: Iterable[Item]) -> dict[str, list[Item]]:
    """The items tagged with each theme, in their order; an item once per theme it has."""
    tagged: dict[str, list[Item]] = {}
    for item in items:
        for theme_id in dict.fromkeys(ref.id for ref in item.themes):
            tagged.setdefault(theme_id, []).append(item)
    return tagged


def _hash(*parts: str | bytes) -> str:
    # The parts' lengths first, so that no two lists of parts give the same bytes; one update,
    # since this runs for every page of every publish.
    data = [part.encode() if isinstance(part, str) else part for part in parts]
    lengths = ",".join(str(len(part)) for part in data).encode()
    return hashlib.blake2b(b"".join((lengths, b":", *data)), digest_size=16).hexdigest()


def _pickled(value: object) -> bytes:
    """`value`'s content as bytes that depend on nothing else: pickled without the memo (fast
    mode), so two equal values give the same bytes whichever objects they share; dicts sorted."""
    if isinstance(value, Mapping):
        value = sorted(value.items())
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # the views hold no cycles
    pickler.dump(value)
    return buffer.getvalue()


def view_fingerprint(view: Item) -> str:
    """What an item page is made from, as a fingerprint: the view's `key` when its publisher set
    one (a promise that equal keys mean equal views), else a digest of its whole content."""
    return view.key if view.key is not None else _hash(_pickled(view))


def view_key(view: Item, segments_key: str | None) -> str:
    """A `key` for an episode's view: a digest of all it holds but its transcript segments, and
    the content key of the transcript they were made from (`segments_key`), which stands for
    them; without one, a digest of the whole view."""
    if segments_key is None or not isinstance(view, EpisodeView):
        return _hash(_pickled(dataclasses.replace(view, key=None)))
    return _hash(segments_key, _pickled(dataclasses.replace(view, segments=(), key=None)))


def _context_fingerprint(context: Mapping[str, Any], fingerprints: Mapping[int, str]) -> str:
    """A listing's context as a fingerprint: each item it holds by its fingerprint, the rest
    (counts, events, themes) by content."""
    parts: list[str | bytes] = []
    for name in sorted(context):
        value = context[name]
        if isinstance(value, (list, tuple)) and all(id(v) in fingerprints for v in value):
            parts += [name, ",".join(fingerprints[id(v)] for v in value)]
        else:
            parts += [name, _pickled(value)]
    return _hash(*parts)


@dataclass(frozen=True)
class _Entry:
    """A page to have: its path, template, context and the fingerprint of its inputs."""

    path: str
    template: str
    context: dict[str, Any]
    fingerprint: str


# A manifest entry: input fingerprint, digest of the bytes, size.
Record = tuple[str, str, int]


def _read_manifest(out_dir: Path, site_fp: str) -> dict[str, Record]:
    """The files of the previous rendering by path. The fingerprints of the inputs count only
    when it was made from the same site and code (`site_fp`); an older manifest's files, or a
    manifest of another site or code, have no record of their inputs that applies, so every
    page of theirs is rendered again."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"{out_dir / MANIFEST}: not a site manifest ({exc})") from exc
    if isinstance(listed, list):
        return {str(path): ("", "", -1) for path in listed}
    same_site = manifest.get("site") == site_fp
    try:
        return {str(path): (str(fp) if same_site else "", str(digest), int(size))
                for path, (fp, digest, size) in listed.items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise RenderError(f"{out_dir / MANIFEST}: not a site manifest ({exc})") from exc


def _current(folder: str, previous: Mapping[str, Record], path: str, fingerprint: str) -> bool:
    """Whether the page at `path` in `folder` was made from the same inputs and is still there
    whole (at its recorded size)."""
    record = previous.get(path)
    if record is None or record[0] != fingerprint:
        return False
    try:
        # A string path, not a Path: this runs for every page of every publish.
        return os.stat(f"{folder}/{path}").st_size == record[2]
    except OSError:
        return False


def _render(
    env: Environment, pages: _Site, entries: Iterable[_Entry]
) -> Iterator[tuple[_Entry, bytes]]:
    """Each page of `entries` rendered, with its bytes."""
    for entry in entries:
        try:
            template = env.get_template(entry.template)
            html = template.render(**pages.globals(entry.path), **entry.context)
        except SiteError:
            raise
        except Exception as exc:
            raise RenderError(f"{entry.path}: could not render page ({exc})") from exc
        yield entry, html.encode("utf-8")


# What writing one file reports: its path, whether it was written, and its manifest record.
Done = tuple[str, bool, Record]


def _write(out_dir: Path, outputs: Iterable[tuple[_Entry, bytes]]) -> list[Done]:
    """Write each output with `write_if_changed`, unsynced."""
    return [
        (entry.path, write_if_changed(out_dir / entry.path, data, sync=False),
         (entry.fingerprint, content_digest(data), len(data)))
        for entry, data in outputs
    ]


def _chunks(entries: Sequence[_Entry]) -> Iterator[tuple[_Entry, ...]]:
    """The item pages in runs of about CHUNK_WORDS words of transcript or body, for workers."""
    chunk: list[_Entry] = []
    weight = 0
    for entry in entries:
        chunk.append(entry)
        item = next(iter(entry.context.values()))
        weight += len(item.segments) * 12 if isinstance(item, EpisodeView) else len(item.body) // 6
        if weight >= CHUNK_WORDS:
            yield tuple(chunk)
            chunk, weight = [], 0
    if chunk:
        yield tuple(chunk)


# A worker process's environment and pages, made once by _start_worker.
_worker: tuple[Environment, _Site] | None = None


def _start_worker(site: SiteView, templates: Path) -> None:
    global _worker
    _worker = (_environment(templates), _Site(site))


def _render_chunk(out_dir: Path, entries: tuple[_Entry, ...]) -> list[Done]:
    assert _worker is not None, "the worker was started without _start_worker"
    env, pages = _worker
    return _write(out_dir, _render(env, pages, entries))


def render_site(
    site: SiteView, out_dir: Path, workers: int | None = None, *, sync: bool = True
) -> RenderReport:
    """Render the pages and static assets of `site` into `out_dir` whose inputs changed since
    the last rendering there, write those whose bytes changed, remove the pages of items that
    left, and sync to disk (unless `sync` is False: a caller that syncs the folder itself).

    Item pages are rendered by `workers` processes: by default two when there are many to
    render, and one when there are few (where starting processes would cost more than it
    saves) or in a process that may not start others.
    """
    templates = fingerprint.TEMPLATES
    code = fingerprint.code_version(templates)
    env = _environment(templates)
    pages = _Site(site)
    # What every page is made from besides its own items: recorded once in the manifest, so an
    # item page's fingerprint is its view's alone (its path says which template renders it).
    site_fp = _hash(code, _pickled(pages.bare))
    previous = _read_manifest(out_dir, site_fp)
    items: list[Item] = [*pages.episodes, *pages.news]
    fingerprints = {id(item): view_fingerprint(item) for item in items}
    listings = [
        _Entry(path, template, context,
               _hash(path, template, _context_fingerprint(context, fingerprints)))
        for path, template, context in pages.pages()
    ]
    item_entries = [
        _Entry(path, template, context, fingerprints[id(item)])
        for item, (path, template, context) in zip(items, pages.item_pages(items), strict=True)
    ]
    folder = os.fspath(out_dir)
    todo = [e for e in item_entries if not _current(folder, previous, e.path, e.fingerprint)]
    todo_listings = [e for e in listings if not _current(folder, previous, e.path, e.fingerprint)]
    again = {entry.path for entry in (*todo, *todo_listings)}
    kept: list[Done] = [
        (entry.path, False, previous[entry.path])
        for entry in (*item_entries, *listings)
        if entry.path not in again
    ]
    assets = [
        (_Entry(f"static/{name}", "", {}, code), (fingerprint.STATIC_FOLDER / name).read_bytes())
        for name in STATIC
    ]
    if workers is None:
        # A daemonic process (a Dask worker's, say) may not start processes of its own.
        parallel = len(todo) >= PARALLEL_ITEMS and not multiprocessing.current_process().daemon
        workers = min(WORKERS, os.cpu_count() or 1) if parallel else 1
    if workers > 1 and todo:
        # Item pages see only the site's own fields, not its lists: send workers the site
        # without its items (spawned, not forked: the caller may run threads, e.g. Prefect's).
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(pages.bare, templates),
        ) as pool:
            chunks = [pool.submit(_render_chunk, out_dir, chunk) for chunk in _chunks(todo)]
            done = _write(out_dir, [*assets, *_render(env, pages, todo_listings)])
            for chunk in chunks:
                done += chunk.result()
    else:
        outputs = _render(env, pages, itertools.chain(todo_listings, todo))
        done = _write(out_dir, itertools.chain(assets, outputs))
    written = [path for path, changed, _ in done if changed]
    unchanged = [path for path, changed, _ in (*done, *kept) if not changed]
    records = dict(sorted((path, record) for path, _, record in (*done, *kept)))
    if records != previous:
        # Without `indent`, which would take json's pure-Python encoder (a quarter of a
        # second for 11,000 pages).
        manifest = json.dumps(
            {"version": fingerprint.MANIFEST_VERSION, "site": site_fp, "files": records},
            separators=(",", ":"),
        )
        write_if_changed(out_dir / MANIFEST, manifest.encode("utf-8") + b"\n", sync=False)
    removed = remove_files(out_dir, set(previous) - set(records))
    if sync:
        sync_filesystem(out_dir)
    return RenderReport(
        written=tuple(written),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        rendered=tuple(path for path, _, _ in done if not path.startswith("static/")),
        files={path: (digest, size) for path, (_, digest, size) in records.items()},
    )


__all__ = ["RenderReport", "render_site", "view_fingerprint", "view_key"]
