"""The site's search index: Pagefind over the item pages in shards, rebuilt where they changed.

Pagefind indexes the episode and news pages (the ones marked `data-pagefind-body`), in Swedish,
with the filters `kind` (episode or news) and `theme` (theme ids) the pages declare. One Pagefind
process over a large site needs memory in proportion to its words (3.4 to 4 GB for 1,000
half-hour transcripts and 10,000 news items) and cannot update an index, so the pages are split into
shards that are indexed as separate bundles, two processes at a time, and merged in the browser
with Pagefind's `mergeIndex`:

- A page's shard is a hash of its path modulo the shard count, the smallest power of two that
  keeps a shard's HTML under `shard_bytes`: adding a page changes one shard, and only a doubling
  of the site moves pages between shards.
- `pagefind/bundles.json` lists the shards, each with a digest of its pages' paths and bytes and
  of the Pagefind version. A shard whose digest is unchanged is not indexed again; the others are
  indexed into a temporary folder by the `pagefind` binary (`pagefind[bin]`), configured by a
  `pagefind.json` file because a list of pages can outgrow a command line.
- The first shard is the primary bundle in `pagefind/` (where `static/search.js` imports
  Pagefind from), the others are in `pagefind/shards/<i>-of-<n>/`.

Pagefind writes a shard into a temporary folder inside the site; each of its files whose bytes
differ from the published one is renamed over it (what `catalog.files.write_if_changed` does,
without writing the bytes a second time: 20 times faster for the 11,000 files of a full index),
and files with the same bytes are left alone; the file system is synced once at the end. Replacing
by rename matters: the site may be a hard-linked staging copy of the live one, and Pagefind
itself would overwrite files in place. Pagefind names fragments and index chunks by content, so
a rebuilt shard keeps the files of its unchanged pages. Files under `pagefind/` that no shard
has now are removed, and so are Pagefind's bundled UI scripts, which the site does not use; so
is a temporary folder that an interrupted build left in the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pagefind_bin import get_executable

from catalog.files import sync_filesystem, write_if_changed
from website.errors import SearchIndexError
from website.links import NAME

OUTPUT = "pagefind"
BUNDLES = "bundles.json"
SCRATCH = ".pagefind-build-"
SHARDS = "shards"
ENTRY = "pagefind-entry.json"
LANGUAGE = "sv"
# Only the item pages: listings and the search page would only repeat what they link to.
ITEM_FOLDERS = ("episodes", "news")
PAGE = "index.html"
# HTML per shard: Pagefind needs about 25 bytes of memory per byte of these pages, so two
# processes at a time stay near 1 GB together.
SHARD_BYTES = 24_000_000
INDEXERS = 2
WRITERS = 8
UNUSED = re.compile(r"pagefind-(?:\w+-)?(?:ui|highlight)\.(?:js|css)")


@dataclass(frozen=True)
class SearchReport:
    """Pages indexed, the index files written, kept and removed, its size, shards re-indexed."""

    pages: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    size: int
    reindexed: tuple[str, ...] = ()
    shards: int = 0


@dataclass(frozen=True)
class _Shard:
    name: str
    folder: str  # relative to pagefind/, "" for the primary bundle
    pages: tuple[str, ...]
    digest: str


def shard_count(total_bytes: int, shard_bytes: int) -> int:
    """The smallest power of two of shards that keeps each near or under `shard_bytes`.

    >>> shard_count(0, 100), shard_count(100, 100), shard_count(101, 100), shard_count(500, 100)
    (1, 1, 2, 8)
    """
    count = 1
    while total_bytes > count * shard_bytes:
        count *= 2
    return count


def shard_of(page: str, count: int) -> int:
    """The shard of a page's site path: stable while the shard count stays the same.

    >>> shard_of("episodes/avsnitt-1/index.html", 1), shard_of("episodes/avsnitt-1/index.html", 8)
    (0, 5)
    >>> shard_of("news/nyhet-1/index.html", 8)
    6
    """
    return zlib.crc32(page.encode("utf-8")) % count


def _item_pages(site: Path) -> list[str]:
    # Folders not named like a slug are not pages render_site wrote (and could not be globbed).
    return sorted(
        f"{folder}/{path.parent.name}/{PAGE}"
        for folder in ITEM_FOLDERS
        for path in (site / folder).glob(f"*/{PAGE}")
        if NAME.fullmatch(path.parent.name)
    )


def _digest(site: Path, pages: Iterable[str]) -> str:
    # Another Pagefind or other options make another index from the same pages.
    how = f"pagefind {version('pagefind_bin')} {LANGUAGE} {UNUSED.pattern}"
    digest = hashlib.blake2b(how.encode(), digest_size=16)
    for page in pages:
        data = (site / page).read_bytes()
        digest.update(f"\0{page}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _plan(site: Path, shard_bytes: int) -> list[_Shard]:
    pages = _item_pages(site)
    count = shard_count(sum((site / page).stat().st_size for page in pages), shard_bytes)
    groups: dict[int, list[str]] = {}
    for page in pages:
        groups.setdefault(shard_of(page, count), []).append(page)
    names = [f"{number}-of-{count}" for number in sorted(groups)]
    folders = [f"{SHARDS}/{name}/" if position else "" for position, name in enumerate(names)]
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        digests = list(pool.map(lambda n: _digest(site, groups[n]), sorted(groups)))
    return [
        _Shard(name, folder, tuple(groups[number]), digest)
        for name, folder, number, digest in zip(
            names, folders, sorted(groups), digests, strict=True
        )
    ]


def _index(site: Path, shard: _Shard, output: Path, scratch: Path) -> int:
    config = {
        "site": str(site),
        "output_path": str(output),
        "glob": "{" + ",".join(shard.pages) + "}",
        "force_language": LANGUAGE,
        "silent": True,
    }
    workdir = scratch / f"config-{shard.name}"
    workdir.mkdir()
    (workdir / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    try:
        done = subprocess.run(
            [str(get_executable())], cwd=workdir, capture_output=True, text=True, check=False
        )
    except (FileNotFoundError, OSError) as exc:
        raise SearchIndexError(f"{site}: could not run Pagefind ({exc})") from exc
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()[-1]
        raise SearchIndexError(f"{site}: Pagefind failed with exit code {done.returncode} ({last})")
    return _page_count(output / ENTRY, site)


def _page_count(entry: Path, site: Path) -> int:
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        return sum(int(language["page_count"]) for language in languages.values())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchIndexError(f"{site}: Pagefind wrote no readable index ({exc})") from exc


def _bundle_files(bundle: Path) -> list[str]:
    """The files of one bundle (relative to it), without nested shards and Pagefind's UI."""
    return sorted(
        path.relative_to(bundle).as_posix()
        for path in bundle.rglob("*")
        if path.is_file()
        and not UNUSED.fullmatch(path.name)
        and path.relative_to(bundle).parts[0] not in (SHARDS, BUNDLES)
    )


def _place(built: Path, target: Path, pool: ThreadPoolExecutor) -> tuple[list[str], list[str]]:
    """Move the files of a new bundle over the old one's where their bytes differ."""
    files = _bundle_files(built)

    def place(relative: str) -> bool:
        new, old = built / relative, target / relative
        try:
            if old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
                return False
        except FileNotFoundError:
            pass
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
        return True

    written, unchanged = [], []
    for relative, changed in zip(files, pool.map(place, files), strict=True):
        (written if changed else unchanged).append(relative)
    return written, unchanged


def _previous(target: Path) -> dict[str, tuple[str, str, int]]:
    """The shards listed in `target` by name: (folder, digest, pages); none if unreadable."""
    try:
        listed = json.loads((target / BUNDLES).read_text(encoding="utf-8"))["bundles"]
        return {
            entry["name"]: (entry["folder"], entry["digest"], entry["pages"])
            for entry in listed
            if isinstance(entry["pages"], int)
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _remove_stale(target: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
            removed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(removed)


def build_search_index(
    out_dir: Path, shard_bytes: int = SHARD_BYTES, *, sync: bool = True
) -> SearchReport:
    """Index the rendered site in `out_dir` with Pagefind into `out_dir/pagefind/`, synced to
    disk unless `sync` is False (a caller that syncs the folder itself)."""
    if not out_dir.is_dir():
        raise SearchIndexError(f"{out_dir}: no such site folder to index")
    site = out_dir.resolve()
    target = out_dir / OUTPUT
    for leftover in out_dir.glob(SCRATCH + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shards = _plan(site, shard_bytes)
    previous = _previous(target)
    kept = [
        shard
        for shard in shards
        if previous.get(shard.name, ())[:2] == (shard.folder, shard.digest)
        and (target / shard.folder / ENTRY).is_file()
    ]
    stale = [shard for shard in shards if shard not in kept]
    counts = {shard.name: previous[shard.name][2] for shard in kept}
    written: list[str] = []
    unchanged = [
        shard.folder + relative
        for shard in kept
        for relative in _bundle_files(target / shard.folder)
    ]
    with (
        # Inside the site, on its file system, so new index files can be moved into place.
        tempfile.TemporaryDirectory(prefix=SCRATCH, dir=site) as scratch,
        ThreadPoolExecutor(max_workers=WRITERS) as writers,
        ThreadPoolExecutor(max_workers=min(INDEXERS, os.cpu_count() or 1)) as indexers,
    ):
        # The largest shards first, so the last one to finish is a small one.
        order = sorted(stale, key=lambda shard: -len(shard.pages))
        builds = {
            shard.name: indexers.submit(
                _index, site, shard, Path(scratch) / shard.name, Path(scratch)
            )
            for shard in order
        }
        for shard in order:
            counts[shard.name] = builds[shard.name].result()
            new, same = _place(Path(scratch) / shard.name, target / shard.folder, writers)
            written += [shard.folder + relative for relative in new]
            unchanged += [shard.folder + relative for relative in same]
    if shards:
        listing = {
            "bundles": [
                {"name": shard.name, "folder": shard.folder, "pages": counts[shard.name],
                 "digest": shard.digest}
                for shard in shards
            ]
        }  # fmt: skip
        data = json.dumps(listing, indent=1).encode("utf-8")
        changed = write_if_changed(target / BUNDLES, data, sync=False)
        (written if changed else unchanged).append(BUNDLES)
    removed = _remove_stale(target, {*written, *unchanged}) if target.is_dir() else []
    if sync:
        sync_filesystem(out_dir)
    size = sum((target / relative).stat().st_size for relative in (*written, *unchanged))
    return SearchReport(
        pages=sum(counts.values()),
        written=tuple(sorted(written)),
        unchanged=tuple(sorted(unchanged)),
        removed=tuple(removed),
        size=size,
        reindexed=tuple(shard.name for shard in stale),
        shards=len(shards),
    )


__all__ = ["SearchReport", "build_search_index"]
