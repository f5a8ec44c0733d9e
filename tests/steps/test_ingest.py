"""Ingesting a config: one report for episodes and news, and one retry rule for both."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog
from fetching import TransientFetchError
from steps.config import load_config
from steps.ingest import ingest_configured_episodes, ingest_configured_news
from tests.fetching.conftest import server  # noqa: F401  (a fixture)
from tests.fetching.local_server import LocalServer, Route
from tests.shows import make_show


def test_ingest_reports_episodes_and_news_alike(tmp_path: Path) -> None:
    config = load_config(make_show(tmp_path / "show", extra='[[news]]\nsource = "saknas"\n'))
    (tmp_path / "show" / "english.mp3").write_bytes(b"no audio")
    with Catalog(tmp_path / "data") as catalog:
        episodes = ingest_configured_episodes(catalog, config)
        news = ingest_configured_news(catalog, config)
        again = ingest_configured_news(catalog, config)
    assert (episodes.created, [audio for audio, _ in episodes.failed]) == ([], ["english.mp3"])
    assert len(news.created) == 2 and news.failed == []
    assert [source for source, _ in news.skipped] == ["saknas"]
    assert sorted(again.unchanged) == sorted(news.created)


def test_ingest_raises_a_transient_failure_and_lists_a_lasting_one(
    server: LocalServer, tmp_path: Path  # noqa: F811
) -> None:
    server.routes["/borta"] = Route(b"", status=404)
    server.routes["/nere"] = Route(b"", status=503)
    extra = f'[[news]]\nsource = "{server.url("/borta")}"\nallow_private = true\n'
    config = load_config(make_show(tmp_path / "show", extra=extra))
    with Catalog(tmp_path / "data") as catalog:
        report = ingest_configured_news(catalog, config)
        assert [source for source, _ in report.skipped] == [server.url("/borta")]
        down = f'[[news]]\nsource = "{server.url("/nere")}"\nallow_private = true\n'
        config = load_config(make_show(tmp_path / "show2", extra=down))
        with pytest.raises(TransientFetchError):
            ingest_configured_news(catalog, config)
