"""The site's search index: the item pages in bundles of static files, rebuilt where they changed.

The episode and news pages (their part marked `data-search-body`) are indexed in Swedish, with
the filters `kind` (episode or news) and `theme` (theme ids) the pages declare; each bundle is a
small inverted index of its own (`search_bundle.py`), and `static/search.js` searches all of
them and ranks their hits together. Bundles keep the work of a publish in proportion to the
change:

- A page's shard is a hash of its path modulo the shard count, the smallest power of two that
  keeps a shard's HTML under `shard_bytes`: only a doubling of the site moves pages between
  shards.
- The pages are known by the digests `render_site` reports (or, without them, by reading them),
  and `search-index/.index-state.json` records each page's bundle and each bundle's files. A
  bundle whose pages and digests are unchanged is not indexed again, and nothing of it is read.
  A changed or removed page has its bundle indexed again. A new page whose shard is large
  (RECENT_FROM pages) goes to the small `recent` bundle instead, which alone is indexed again,
  so one more episode costs a bundle of a few pages rather than a shard of 1,400; once the
  recent bundle holds more than RECENT_PAGES pages or 1/RECENT_SHARE of a shard it is sealed:
  its pages are indexed with their shards, and it is gone.
- `search-index/bundles.json` lists the bundles, each with a digest of its pages' paths and
  digests and of the index's format and stemmer (`index_version`). The first shard is in
  `search-index/`, the others in `search-index/shards/<i>-of-<n>/` and
  `search-index/shards/recent/`.

Bundles are written into a temporary folder inside the site, two at a time, each by a process of
its own when there are several (`python -m website.search_bundle`); each of their files
whose bytes differ from the published one is renamed over it (what
`catalog.files.write_if_changed` does, without writing the bytes a second time: 20 times faster
for the 11,000 files of a full index), and files with the same bytes are left alone; the file
system is synced once at the end. Replacing by rename matters: the site may be a hard-linked
staging copy of the live one. Page fragments are named by their bytes, so a rebuilt bundle keeps
the files of its unchanged pages. Files of a rebuilt or dropped bundle that it no longer has are
removed (all files under `search-index/` that no bundle has, when there is no state to go by);
so is a temporary folder that an interrupted build left in the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from catalog.files import sync_filesystem, write_if_changed
from website.errors import SearchIndexError
from website.files import content_digest, remove_files
from website.links import NAME
from website.search_bundle import ENTRY, FORMAT, write_bundle
from website.swedish_stem import STEMMER

OUTPUT = "search-index"
BUNDLES = "bundles.json"
SCRATCH = ".search-build-"
SHARDS = "shards"
# What the last build recorded (pages, bundles, files) beside the index; browsers never read it.
STATE = ".index-state.json"
# New pages of a large shard go to this bundle instead of having their shard indexed again.
RECENT = "recent"
# A shard of at least this many pages is large; the recent bundle is sealed (its pages indexed
# with their shards) once it holds more than RECENT_PAGES pages or 1/RECENT_SHARE of a shard.
RECENT_FROM = 200
RECENT_PAGES = 128
RECENT_SHARE = 8
# Only the item pages: listings and the search page would only repeat what they link to.
ITEM_FOLDERS = ("episodes", "news")
PAGE = "index.html"
# HTML per shard: a page changed or removed has its shard indexed again, so a shard is what
# such a change costs.
SHARD_BYTES = 24_000_000
INDEXERS = 2
WRITERS = 8


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
    folder: str  # relative to search-index/, "" for the first bundle
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


def _item_pages(site: Path) -> dict[str, tuple[str, int]]:
    """Every item page in the folder with the digest of its bytes and its size, read from disk."""
    # Folders not named like a slug are not pages render_site wrote (and could not be globbed).
    names = sorted(
        f"{folder}/{path.parent.name}/{PAGE}"
        for folder in ITEM_FOLDERS
        for path in (site / folder).glob(f"*/{PAGE}")
        if NAME.fullmatch(path.parent.name)
    )

    def read(name: str) -> tuple[str, int]:
        data = (site / name).read_bytes()
        return content_digest(data), len(data)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return dict(zip(names, pool.map(read, names), strict=True))


def index_version() -> str:
    """What makes the index besides its pages: another format or stemmer makes another index
    from the same pages."""
    return f"innocast {FORMAT} {STEMMER}"


def _digest(how: str, pages: Iterable[str], known: Mapping[str, tuple[str, int]]) -> str:
    digest = hashlib.blake2b(how.encode(), digest_size=16)
    for page in pages:
        page_digest, size = known[page]
        digest.update(f"\0{page}\0{size}\0{page_digest}".encode())
    return digest.hexdigest()


@dataclass
class _State:
    """What the last build recorded beside the index (never read by the browser): each page's
    bundle, and each bundle's files with their sizes."""

    how: str = ""
    count: int = 0
    pages: dict[str, str] = field(default_factory=dict)  # page: bundle
    files: dict[str, dict[str, int]] = field(default_factory=dict)  # bundle: {file: size}


def _read_state(target: Path) -> _State | None:
    try:
        raw = json.loads((target / STATE).read_text(encoding="utf-8"))
        return _State(
            how=str(raw["how"]),
            count=int(raw["count"]),
            pages={str(page): str(bundle) for page, bundle in raw["pages"].items()},
            files={
                str(bundle): {str(name): int(size) for name, size in sizes.items()}
                for bundle, sizes in raw["files"].items()
            },
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _assign(
    pages: Mapping[str, tuple[str, int]], count: int, state: _State | None, shard_bytes: int
) -> dict[str, str]:
    """Each page's bundle: its shard by hash, except that a new page whose shard is large goes
    to the recent bundle, indexed on its own, until that one grows past its bounds."""
    def home(page: str) -> str:
        return f"{shard_of(page, count)}-of-{count}"

    if state is None:
        return {page: home(page) for page in pages}
    # Only new pages and those of the recent bundle need their home shard: with nothing
    # changed, none (this runs on every publish).
    assigned = {page: state.pages.get(page, "") for page in pages}
    sizes: dict[str, int] = {}
    for bundle in assigned.values():
        if bundle and bundle != RECENT:
            sizes[bundle] = sizes.get(bundle, 0) + 1
    for page, bundle in assigned.items():
        if not bundle:
            large = sizes.get(home(page), 0) >= RECENT_FROM
            assigned[page] = RECENT if large else home(page)
    recent = [page for page, bundle in assigned.items() if bundle == RECENT]
    if recent and (
        len(recent) > RECENT_PAGES
        or sum(pages[page][1] for page in recent) > shard_bytes // RECENT_SHARE
        or not sizes
    ):
        # Sealed: its pages are indexed with the others of their shards.
        assigned.update((page, home(page)) for page in recent)
    return assigned


def _plan(
    pages: Mapping[str, tuple[str, int]], shard_bytes: int, state: _State | None, how: str
) -> tuple[list[_Shard], int, bool]:
    """The bundles to have, the shard count, and whether the previous state still applies."""
    count = shard_count(sum(size for _, size in pages.values()), shard_bytes)
    if state is not None and (state.how != how or state.count != count):
        state = None
    groups: dict[str, list[str]] = {}
    for page, bundle in sorted(_assign(pages, count, state, shard_bytes).items()):
        groups.setdefault(bundle, []).append(page)
    shards = sorted((name for name in groups if name != RECENT), key=lambda n: int(n.split("-")[0]))
    names = [*shards, *([RECENT] if RECENT in groups else [])]
    folders = [f"{SHARDS}/{name}/" if position else "" for position, name in enumerate(names)]
    return [
        _Shard(name, folder, tuple(groups[name]), _digest(how, groups[name], pages))
        for name, folder in zip(names, folders, strict=True)
    ], count, state is not None


def _index(site: Path, shard: _Shard, output: Path, alone: bool) -> int:
    """Write one bundle: in this process when it is the only one, otherwise in a process of its
    own, so that bundles are indexed on several cores (and not in one, behind the GIL)."""
    output.mkdir(parents=True)
    if alone:
        return write_bundle(site, list(shard.pages), output)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "website.search_bundle", str(site), str(output)],
            input="\n".join(shard.pages), capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError as exc:
        raise SearchIndexError(f"{site}: could not start the indexer ({exc})") from exc
    if done.returncode != 0:
        last = (done.stderr.strip() or "no message").splitlines()[-1]
        raise SearchIndexError(last if done.returncode == 1 else f"{site}: indexer failed ({last})")
    return int(done.stdout)


def _bundle_files(bundle: Path) -> list[str]:
    """The files of one bundle (relative to it), without nested shards."""
    return sorted(
        path.relative_to(bundle).as_posix()
        for path in bundle.rglob("*")
        if path.is_file()
        and path.relative_to(bundle).parts[0] not in (SHARDS, BUNDLES, STATE)
    )


def _place(
    built: Path, target: Path, pool: ThreadPoolExecutor
) -> tuple[list[str], list[str], dict[str, int]]:
    """Move the files of a new bundle over the old one's where their bytes differ: the files
    written, those left alone, and every file's size."""
    files = _bundle_files(built)

    def place(relative: str) -> tuple[bool, int]:
        new, old = built / relative, target / relative
        size = new.stat().st_size
        try:
            if old.stat().st_size == size and old.read_bytes() == new.read_bytes():
                return False, size
        except FileNotFoundError:
            pass
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
        return True, size

    written, unchanged, sizes = [], [], {}
    for relative, (changed, size) in zip(files, pool.map(place, files), strict=True):
        (written if changed else unchanged).append(relative)
        sizes[relative] = size
    return written, unchanged, sizes


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
    """Every file under `target` not in `keep` removed (when no state says what is there)."""
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
    out_dir: Path,
    shard_bytes: int = SHARD_BYTES,
    *,
    sync: bool = True,
    pages: Mapping[str, tuple[str, int]] | None = None,
) -> SearchReport:
    """Index the rendered site in `out_dir` into `out_dir/search-index/`, synced to
    disk unless `sync` is False (a caller that syncs the folder itself).

    `pages` gives the (digest, size) of the site's files by path, as `render_site` reports
    them, so that the pages need not be read again to tell which changed; without it they are
    read from the folder."""
    if not out_dir.is_dir():
        raise SearchIndexError(f"{out_dir}: no such site folder to index")
    site = out_dir.resolve()
    target = out_dir / OUTPUT
    for leftover in out_dir.glob(SCRATCH + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if pages is None:
        items = _item_pages(site)
    else:
        items = {
            path: known
            for path, known in pages.items()
            if path.endswith(f"/{PAGE}") and path.split("/")[0] in ITEM_FOLDERS
            and path.count("/") == 2
        }
    how = index_version()
    state = _read_state(target)
    shards, count, continued = _plan(items, shard_bytes, state, how)
    previous = _previous(target)
    recorded = state.files if state is not None and continued else {}
    kept = [
        shard
        for shard in shards
        if previous.get(shard.name, ())[:2] == (shard.folder, shard.digest)
        and shard.name in recorded
        and (target / shard.folder / ENTRY).is_file()
    ]
    stale = [shard for shard in shards if shard not in kept]
    counts = {shard.name: previous[shard.name][2] for shard in kept}
    files = {shard.name: recorded[shard.name] for shard in kept}
    written: list[str] = []
    unchanged = [shard.folder + relative for shard in kept for relative in files[shard.name]]
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
                _index, site, shard, Path(scratch) / shard.name, len(order) == 1
            )
            for shard in order
        }
        for shard in order:
            counts[shard.name] = builds[shard.name].result()
            new, same, sizes = _place(Path(scratch) / shard.name, target / shard.folder, writers)
            written += [shard.folder + relative for relative in new]
            unchanged += [shard.folder + relative for relative in same]
            files[shard.name] = sizes
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
        assigned = {page: shard.name for shard in shards for page in shard.pages}
        record = {
            "how": how,
            "count": count,
            "pages": {page: assigned[page] for page in sorted(items)},
            "files": {name: dict(sorted(sizes.items())) for name, sizes in sorted(files.items())},
        }
        state_data = json.dumps(record, separators=(",", ":")).encode("utf-8")
        write_if_changed(target / STATE, state_data, sync=False)
    keep = {*written, *unchanged, *([STATE] if shards else [])}
    if not target.is_dir():
        removed: list[str] = []
    elif state is not None and continued and shards and set(state.files) == set(previous):
        # The state says what each bundle had (and bundles.json where): only the files of
        # bundles indexed again or gone are looked at, not the whole index.
        kept_names = {shard.name for shard in kept}
        listed = [
            previous[name][0] + relative
            for name, sizes in state.files.items()
            if name not in kept_names
            for relative in sizes
        ]
        removed = remove_files(target, set(listed) - keep)
    else:
        removed = _remove_stale(target, keep)
    if sync:
        sync_filesystem(out_dir)
    size = sum(size for sizes in files.values() for size in sizes.values())
    if shards:
        size += len(data) + len(state_data)
    return SearchReport(
        pages=sum(counts.values()),
        written=tuple(sorted(written)),
        unchanged=tuple(sorted(unchanged)),
        removed=tuple(removed),
        size=size,
        reindexed=tuple(shard.name for shard in stale),
        shards=len(shards),
    )


__all__ = ["SearchReport", "build_search_index", "index_version"]
