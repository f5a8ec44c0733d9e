"""The site's search index: Pagefind over the rendered pages, written only where it changed.

Pagefind indexes the episode and news pages (the ones marked `data-pagefind-body`), in Swedish,
with the filters `kind` (episode or news) and `theme` (theme ids) the pages declare. Pagefind
cannot update an index, so its command (the binary `pagefind[bin]` ships; 25 % faster here than
its Python service API) indexes the whole site into a temporary folder; the files are then
copied into `pagefind/` only where their bytes differ (Pagefind names its fragments and index
chunks by content, so an unchanged page keeps its files) and files of the old index that the new
one lacks are removed. Writing by rename matters here too: the site may be a hard-linked staging
copy of the live one, and Pagefind itself would overwrite files in place.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from catalog.files import write_if_changed
from website.errors import SearchIndexError

OUTPUT = "pagefind"
LANGUAGE = "sv"
# Only the item pages: listings and the search page would only repeat what they link to.
ITEM_FOLDERS = ("episodes", "news")
PAGE = "*/index.html"
GLOB = "{" + ",".join(ITEM_FOLDERS) + "}/" + PAGE
WRITERS = 8


@dataclass(frozen=True)
class SearchReport:
    """How many pages were indexed, which index files changed, and the index's size in bytes."""

    pages: int
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    size: int


def _index(site: Path, output: Path) -> None:
    try:
        command = [
            str(get_executable()),
            "--site", str(site),
            "--output-path", str(output),
            "--glob", GLOB,
            "--force-language", LANGUAGE,
            "--silent",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except (FileNotFoundError, OSError) as exc:
        raise SearchIndexError(f"{site}: could not run Pagefind ({exc})") from exc
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()[-1]
        raise SearchIndexError(f"{site}: Pagefind failed with exit code {done.returncode} ({last})")


def _page_count(entry: Path, site: Path) -> int:
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        return sum(int(language["page_count"]) for language in languages.values())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchIndexError(f"{site}: Pagefind wrote no readable index ({exc})") from exc


def _sync(built: Path, target: Path) -> tuple[list[str], list[str], list[str], int]:
    files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())

    def copy(relative: str) -> tuple[bool, int]:
        data = (built / relative).read_bytes()
        return write_if_changed(target / relative, data), len(data)

    written, unchanged, size = [], [], 0
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for relative, (changed, length) in zip(files, pool.map(copy, files), strict=True):
            (written if changed else unchanged).append(relative)
            size += length
    fresh = set(files)
    removed = []
    for path in sorted(target.rglob("*")):
        relative = path.relative_to(target).as_posix()
        if path.is_file() and relative not in fresh:
            path.unlink()
            removed.append(relative)
    return written, unchanged, removed, size


def build_search_index(out_dir: Path) -> SearchReport:
    """Index the rendered site in `out_dir` with Pagefind into `out_dir/pagefind/`."""
    if not out_dir.is_dir():
        raise SearchIndexError(f"{out_dir}: no such site folder to index")
    with tempfile.TemporaryDirectory(prefix="innocast-pagefind-") as scratch:
        built = Path(scratch) / OUTPUT
        # Pagefind refuses a site with no page to index; a site with no items has no index.
        pages = 0
        if any(any((out_dir / folder).glob(PAGE)) for folder in ITEM_FOLDERS):
            _index(out_dir.resolve(), built)
            pages = _page_count(built / "pagefind-entry.json", out_dir)
        built.mkdir(exist_ok=True)
        written, unchanged, removed, size = _sync(built, out_dir / OUTPUT)
    return SearchReport(pages, tuple(written), tuple(unchanged), tuple(removed), size)


__all__ = ["SearchReport", "build_search_index"]
