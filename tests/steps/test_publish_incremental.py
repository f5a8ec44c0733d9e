"""Publishing in proportion to what changed, as a reader of the site sees it (issue 20)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalog import Catalog
from demo import DEMO_CONFIG
from steps.config import load_config
from steps.publication import STATE
from steps.publish import publish
from tests.safety.outputs import assert_publication_whole, published_files
from tests.steps.test_publish import _add_episode, demo_catalog
from themes.taxonomy import default_taxonomy
from website import fingerprint

ROOT = Path(__file__).resolve().parents[2]


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the site by path: its bytes and its inode (a rewritten file gets another)."""
    return {
        path.relative_to(out).as_posix(): (path.read_bytes(), path.stat().st_ino)
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def page_count(out: Path) -> int:
    """How many pages the search index holds, over all its bundles."""
    listing = json.loads((out / "search-index/bundles.json").read_text(encoding="utf-8"))
    return sum(bundle["pages"] for bundle in listing["bundles"])


def test_publish_again_with_nothing_changed_writes_nothing_and_keeps_every_byte(
    tmp_path: Path,
) -> None:
    catalog = demo_catalog(tmp_path / "data")
    out, config = tmp_path / "public", load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    before = snapshot(out)
    report = publish(catalog, config, out, default_taxonomy())
    assert (report.written, report.removed) == ([], [])
    # Not one file rewritten, search index included: same bytes, same inodes.
    assert snapshot(out) == before


def test_publish_one_more_episode_changes_its_pages_the_lists_that_show_it_and_the_feed(
    tmp_path: Path,
) -> None:
    catalog = demo_catalog(tmp_path / "data")
    out, config = tmp_path / "public", load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    before = snapshot(out)
    _add_episode(catalog)
    publish(catalog, config, out, default_taxonomy())
    after = snapshot(out)
    changed = {
        name
        for name, (data, _) in after.items()
        if name not in before or before[name][0] != data
    }
    site = {name for name in changed if not name.startswith("search-index/")}
    # Pages of other items change only where they now list the new episode as related.
    relisting = set()
    for name in after:
        if name.endswith("/index.html") and name.split("/")[0] in ("episodes", "news"):
            page = BeautifulSoup(after[name][0], "lxml")
            if name != "episodes/nytt/index.html" and page.select_one(
                "section.related a[href='../../episodes/nytt/']"
            ):
                relisting.add(name)
    expected = {
        "episodes/nytt/index.html", "audio/nytt.mp3", "feed.xml", "index.html",
        "episodes/index.html", ".website-manifest.json", ".innocast-files.json", STATE,
        *relisting,
    }  # fmt: skip
    assert site == expected
    # Files nobody's content touched are the very same files (not rewritten).
    assert all(after[name][1] == before[name][1] for name in after.keys() & before.keys() - changed)
    # The search finds it: the index holds one page more, and one of its fragments is the
    # new episode's page.
    assert page_count(out) == 8 and _in_fragments(out)


def _in_fragments(out: Path) -> bool:
    """Whether a search fragment (a page's JSON in a bundle's pages/) is the new episode's."""
    for fragment in (out / "search-index").rglob("pages/*.json"):
        if json.loads(fragment.read_bytes())["url"] == "episodes/nytt/":
            return True
    return False


def test_publish_after_a_template_changed_renders_every_page_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(fingerprint.TEMPLATES, templates)
    monkeypatch.setattr(fingerprint, "TEMPLATES", templates)
    catalog = demo_catalog(tmp_path / "data")
    out, config = tmp_path / "public", load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    assert publish(catalog, config, out, default_taxonomy()).written == []
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- ny -->\n</body>"),
                    encoding="utf-8")
    written = set(publish(catalog, config, out, default_taxonomy()).written)
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert pages <= written
    assert all(b"<!-- ny -->" in (out / page).read_bytes() for page in pages)


def test_publish_after_an_item_was_deleted_removes_its_pages_and_its_search_entry(
    tmp_path: Path,
) -> None:
    catalog = demo_catalog(tmp_path / "data")
    out, config = tmp_path / "public", load_config(DEMO_CONFIG)
    _add_episode(catalog)
    publish(catalog, config, out, default_taxonomy())
    assert page_count(out) == 8
    with catalog.transaction() as db:
        db.execute("DELETE FROM items WHERE slug = 'nytt'")
    report = publish(catalog, config, out, default_taxonomy())
    assert {"audio/nytt.mp3"} <= set(report.removed)
    assert not (out / "episodes" / "nytt").exists()
    assert b"nytt" not in (out / "episodes/index.html").read_bytes()
    assert page_count(out) == 7 and not _in_fragments(out)


PUBLISH = """
import sys
from pathlib import Path
from catalog import Catalog
from demo import DEMO_CONFIG
from steps.config import load_config
from steps.publication import STATE
from steps.publish import publish
from themes.taxonomy import default_taxonomy
publish(Catalog(Path(sys.argv[1])), load_config(DEMO_CONFIG), Path(sys.argv[2]),
        default_taxonomy())
"""


def test_publish_killed_while_indexing_one_more_episode_leaves_the_previous_site_whole(
    tmp_path: Path,
) -> None:
    data, out = tmp_path / "data", tmp_path / "public"
    catalog = demo_catalog(data)
    config = load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    before = published_files(out)
    _add_episode(catalog)
    process = subprocess.Popen(
        [sys.executable, "-c", PUBLISH, str(data), str(out)], cwd=ROOT, start_new_session=True
    )
    # Killed once the new pages are written in the staging copy and the search index is being
    # built in it (a bundle's folder in the scratch folder inside the staging copy).
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".public.staging-*/.search-build-*/*")):
        assert process.poll() is None, "the publish finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    staged_page = next(tmp_path.glob(".public.staging-*")) / "episodes/nytt/index.html"
    assert staged_page.is_file()
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert published_files(out) == before
    assert not (out / "episodes/nytt").exists()
    assert_publication_whole(out)
    # The next publish finishes the job.
    publish(Catalog(data), config, out, default_taxonomy())
    assert (out / "episodes/nytt/index.html").is_file() and page_count(out) == 8
    assert_publication_whole(out)
