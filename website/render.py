"""The site's pages rendered from a SiteView and written only where they changed.

Every page is rendered whole and written through `catalog.files.write_if_changed`, and the
folder's file system is synced once at the end rather than each page on its own: a file is
replaced by rename (the publication is staged as a hard-linked copy of the live site, so a file
must never be changed in place) and left alone when its bytes are the same, which is what makes
publishing after one new episode rewrite only that page and the listings it appears in. Pages
carry no build time for the same reason. A manifest records the files this module owns, so the
pages of items that left the site are removed and nothing else in the folder is touched.

On a large site the item pages (nearly all the work) are rendered and written by worker
processes, in runs of items, while this process renders the listings: rendering is pure Python,
so threads would share one core. Item pages use only the site's own fields (title, language,
feeds, themes), so the workers get the site without its lists of items.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from catalog.files import sync_filesystem, write_if_changed
from text.cleaning import MAX_TITLE_CHARS
from text.notes import sanitise_notes
from website.compound import compound_parts
from website.errors import RenderError, SiteError, UnsafeValueError
from website.links import external_href, safe_name, site_href
from website.model import EpisodeView, EventView, NewsView, SiteView, ThemeRef
from website.timestamp import format_date, format_duration, format_event_time, format_timestamp

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
STATIC = ("site.css", "player.js", "search.js")

Item = EpisodeView | NewsView


@dataclass(frozen=True)
class RenderReport:
    """Which files (paths relative to the site folder) were written, left unchanged or removed."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

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


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("website", "templates"),
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
        yield (
            "index.html",
            "index.html",
            {
                "episodes": self.episodes[:LATEST],
                "news": self.news[:LATEST],
                "counts": self._theme_counts(),
            },
        )
        yield "episodes/index.html", "episodes.html", {"episodes": self.episodes}
        yield "news/index.html", "news_list.html", {"news": self.news}
        yield "themes/index.html", "themes.html", {"counts": self._theme_counts()}
        yield "search/index.html", "search.html", {}
        yield "events/index.html", "events.html", self._events()
        yield "tillganglighet/index.html", "accessibility.html", {
            "statement": self.site.accessibility
        }
        for theme in self.site.themes:
            yield (
                f"themes/{theme.id}/index.html",
                "theme.html",
                {
                    "theme": theme,
                    "episodes": [e for e in self.episodes if _tagged(e.themes, theme.id)],
                    "news": [n for n in self.news if _tagged(n.themes, theme.id)],
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
        site = self.site

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


def _tagged(refs: tuple[ThemeRef, ...], theme_id: str) -> bool:
    return any(ref.id == theme_id for ref in refs)


def _read_manifest(out_dir: Path) -> set[str]:
    try:
        return set(json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"])
    except FileNotFoundError:
        return set()
    except (ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"{out_dir / MANIFEST}: not a site manifest ({exc})") from exc


def _remove(out_dir: Path, stale: Iterable[str]) -> list[str]:
    removed = []
    for relative in sorted(stale):
        path = out_dir / relative
        path.unlink(missing_ok=True)
        removed.append(relative)
        # The page folder of an item that left the site goes too, if nothing else is in it
        # (and if it is still there: a folder that was a link is not carried into a staging copy).
        parent = path.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


def _render(
    env: Environment, pages: _Site, entries: Iterable[tuple[str, str, dict[str, Any]]]
) -> Iterator[tuple[str, bytes]]:
    """Each page of `entries` rendered, as (path relative to the site folder, bytes)."""
    for path, template, context in entries:
        try:
            html = env.get_template(template).render(**pages.globals(path), **context)
        except SiteError:
            raise
        except Exception as exc:
            raise RenderError(f"{path}: could not render page ({exc})") from exc
        yield path, html.encode("utf-8")


def _write(out_dir: Path, outputs: Iterable[tuple[str, bytes]]) -> list[tuple[str, bool]]:
    """Write each output with `write_if_changed`, unsynced: (path, whether it was written)."""
    return [
        (path, write_if_changed(out_dir / path, data, sync=False)) for path, data in outputs
    ]


def _chunks(items: Sequence[Item]) -> Iterator[tuple[Item, ...]]:
    """The items in runs of about CHUNK_WORDS words of transcript or body, for the workers."""
    chunk: list[Item] = []
    weight = 0
    for item in items:
        chunk.append(item)
        weight += len(item.segments) * 12 if isinstance(item, EpisodeView) else len(item.body) // 6
        if weight >= CHUNK_WORDS:
            yield tuple(chunk)
            chunk, weight = [], 0
    if chunk:
        yield tuple(chunk)


# A worker process's environment and pages, made once by _start_worker.
_worker: tuple[Environment, _Site] | None = None


def _start_worker(site: SiteView) -> None:
    global _worker
    _worker = (_environment(), _Site(site))


def _render_chunk(out_dir: Path, items: tuple[Item, ...]) -> list[tuple[str, bool]]:
    assert _worker is not None, "the worker was started without _start_worker"
    env, pages = _worker
    return _write(out_dir, _render(env, pages, pages.item_pages(items)))


def render_site(
    site: SiteView, out_dir: Path, workers: int | None = None, *, sync: bool = True
) -> RenderReport:
    """Render every page and static asset of `site` into `out_dir`, writing only what changed,
    and sync them to disk (unless `sync` is False: a caller that syncs the folder itself).

    Item pages are rendered by `workers` processes: by default two on a large site, and one on
    a small one (where starting processes would cost more than it saves) or in a process that
    may not start others.
    """
    previous = _read_manifest(out_dir)
    env = _environment()
    pages = _Site(site)
    items: list[Item] = [*pages.episodes, *pages.news]
    if workers is None:
        # A daemonic process (a Dask worker's, say) may not start processes of its own.
        parallel = len(items) >= PARALLEL_ITEMS and not multiprocessing.current_process().daemon
        workers = min(WORKERS, os.cpu_count() or 1) if parallel else 1
    static = resources.files("website").joinpath("static")
    assets = [(f"static/{name}", static.joinpath(name).read_bytes()) for name in STATIC]
    if workers > 1:
        # Item pages see only the site's own fields, not its lists: send workers the site
        # without its items (spawned, not forked: the caller may run threads, e.g. Prefect's).
        bare = dataclasses.replace(site, episodes=(), news=())
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(bare,),
        ) as pool:
            chunks = [pool.submit(_render_chunk, out_dir, chunk) for chunk in _chunks(items)]
            done = _write(out_dir, [*assets, *_render(env, pages, pages.pages())])
            for chunk in chunks:
                done += chunk.result()
    else:
        outputs = _render(env, pages, itertools.chain(pages.pages(), pages.item_pages(items)))
        done = _write(out_dir, itertools.chain(assets, outputs))
    written = [path for path, changed in done if changed]
    unchanged = [path for path, changed in done if not changed]
    owned = sorted(path for path, _ in done)
    manifest = json.dumps({"files": owned}, indent=0).encode("utf-8") + b"\n"
    write_if_changed(out_dir / MANIFEST, manifest, sync=False)
    removed = _remove(out_dir, previous - set(owned))
    if sync:
        sync_filesystem(out_dir)
    return RenderReport(tuple(written), tuple(unchanged), tuple(removed))


__all__ = ["RenderReport", "render_site"]
