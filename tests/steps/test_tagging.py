"""Tagging catalog items: embeddings cached in the data directory, re-used after a change."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog
from news.article import Article
from steps.records import article_data
from steps.tagging import ensure_tags, stored_tags, tagger_for
from themes.taxonomy import DEFAULT_PATH, default_taxonomy, load_taxonomy

BODY = (
    "Kommunen ska pröva nya idéer i liten skala innan något bestäms för hela staden. "
    "Ett litet team fick fria händer att under tre månader testa en annan modell för "
    "schemaläggningen."
)


def test_ensure_tags_embeds_once_and_reuses_embeddings_after_a_taxonomy_change(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    edited = tmp_path / "teman.toml"
    edited.write_text(
        DEFAULT_PATH.read_text(encoding="utf-8").replace('"tjänstedesign" = 1.0', ""),
        encoding="utf-8",
    )
    with Catalog(data) as catalog:
        item = catalog.upsert_item(
            kind="news",
            source_key="url:x",
            content_hash="a" * 64,
            title="Små försök först",
            published="2026-12-01",
            data=article_data(Article("Små försök först", BODY, "url:x")),
        ).item
        assert ensure_tags(catalog, item, default_taxonomy())
        assert "design-methods" in {tag.theme for tag in stored_tags(catalog, item)}
        assert not ensure_tags(catalog, item, default_taxonomy())
        assert tagger_for(data).cache.computed == 1
        # A changed taxonomy, in a new process: re-tagged from the embeddings on disk.
        tagger_for.cache_clear()
        assert ensure_tags(catalog, item, load_taxonomy(edited))
        assert tagger_for(data).cache.computed == 0
    assert len(list((data / "embeddings").rglob("*.npy"))) == 1
