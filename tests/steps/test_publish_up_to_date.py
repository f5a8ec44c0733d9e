"""A publish with nothing changed stages nothing; every change that can alter the site does
publish (issue 20: a run with nothing to do costs the same whatever the catalog holds)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_CONFIG
from steps.config import Config, load_config
from steps.errors import OutputError
from steps.publication import STATE
from steps.publish import PublishReport, publish
from steps.staging import OUTPUT_WAIT_ENV, output_lock
from tests.steps.test_publish import _add_episode, demo_catalog
from tests.steps.test_publish_incremental import snapshot
from themes.taxonomy import Taxonomy, default_taxonomy

TODAY = date(2026, 12, 2)


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """The demo catalog of `demo_catalog` in a fresh folder."""
    return demo_catalog(tmp_path / "data")


@pytest.fixture
def config() -> Config:
    """The demo's config."""
    return load_config(DEMO_CONFIG)


def again(
    catalog: Catalog, config: Config, out: Path, taxonomy: Taxonomy | None = None,
    today: date = TODAY,
) -> PublishReport:
    """Publish `catalog` into `out` as the tests' first publication did, bar what is given."""
    return publish(catalog, config, out, taxonomy or default_taxonomy(), today=today)


def published(catalog: Catalog, config: Config, tmp_path: Path) -> Path:
    """The output folder after one publication of `catalog`."""
    out = tmp_path / "public"
    assert not again(catalog, config, out).up_to_date
    return out


def test_publish_with_nothing_changed_stages_nothing_and_keeps_every_file(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    before, folder = snapshot(out), out.stat().st_ino
    report = again(catalog, config, out)
    assert report.up_to_date
    assert (report.written, report.removed, report.episodes, report.news) == ([], [], 2, 5)
    assert report.unchanged == len(before) - 1  # every file but the state file itself
    # No staging copy was swapped in (the folder is the same one) and no file was rewritten.
    assert out.stat().st_ino == folder
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".public.staging-*"))


def test_publish_after_an_editors_decision_publishes_it(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    page = out / "episodes" / "digital-kompetens" / "index.html"
    assert "Tillgänglighet och inkludering" not in page.read_text(encoding="utf-8")
    catalog.decide(catalog.get_item("digital-kompetens").id, {"accessibility-inclusion": True})
    assert not again(catalog, config, out).up_to_date
    assert "Tillgänglighet och inkludering" in page.read_text(encoding="utf-8")
    assert again(catalog, config, out).up_to_date


def test_publish_after_a_new_episode_publishes_it(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    _add_episode(catalog)
    report = again(catalog, config, out)
    assert (report.up_to_date, report.episodes) == (False, 3)
    assert "Ett nytt avsnitt" in (out / "feed.xml").read_text(encoding="utf-8")


def test_publish_with_another_base_url_publishes_it(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    moved = dataclasses.replace(config, base_url="https://annan.example/podd/")
    assert not again(catalog, moved, out).up_to_date
    assert "https://annan.example/podd/feed.xml" in (out / "feed.xml").read_text(encoding="utf-8")


def test_publish_on_another_day_publishes_again(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    # The day divides coming events from past ones on the pages.
    out = published(catalog, config, tmp_path)
    assert not again(catalog, config, out, today=date(2027, 6, 1)).up_to_date
    assert again(catalog, config, out, today=date(2027, 6, 1)).up_to_date


def test_publish_with_another_taxonomy_publishes_it(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    taxonomy = default_taxonomy()
    first = dataclasses.replace(taxonomy.themes[0], label_sv="Ett nytt namn på temat")
    renamed = dataclasses.replace(taxonomy, themes=(first, *taxonomy.themes[1:]))
    assert not again(catalog, config, out, taxonomy=renamed).up_to_date
    assert "Ett nytt namn på temat" in (out / "index.html").read_text(encoding="utf-8")


def test_publish_restores_deleted_live_files(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    before = snapshot(out)
    deleted = ("feed.xml", "episodes/digital-kompetens/index.html")
    for name in deleted:
        (out / name).unlink()
    assert not again(catalog, config, out).up_to_date
    after = snapshot(out)
    for name in deleted:
        assert after.pop(name)[0] == before.pop(name)[0]
    # Everything else is left as it was, inodes included (the state file records the new ones).
    del after[STATE], before[STATE]
    assert after == before
    assert again(catalog, config, out).up_to_date


def test_publish_into_a_folder_from_before_the_state_was_recorded_publishes_once(
    catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    out = published(catalog, config, tmp_path)
    (out / STATE).unlink()
    report = again(catalog, config, out)
    assert (report.up_to_date, report.written) == (False, [])
    assert again(catalog, config, out).up_to_date


def test_publish_with_nothing_changed_waits_for_another_publisher(
    catalog: Catalog, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live folder is judged under the output's lock, never while another publish swaps it.
    out = published(catalog, config, tmp_path)
    monkeypatch.setenv(OUTPUT_WAIT_ENV, "0.2")
    with output_lock(out), pytest.raises(OutputError, match="another innocast publish"):
        again(catalog, config, out)
