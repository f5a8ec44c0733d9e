"""Tagging catalog items: the lexicon by default; the semantic layer when switched on, its
embeddings cached in the data directory and re-used after a change."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog, Item
from news.article import Article
from steps.records import article_data
from steps.tagging import ensure_tags, stored_tags, tagger_for
from themes.tagger import tag_text
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
        item = _news_item(catalog)
        assert ensure_tags(catalog, item, default_taxonomy(), semantic=True)
        assert "design-methods" in {tag.theme for tag in stored_tags(catalog, item)}
        assert not ensure_tags(catalog, item, default_taxonomy(), semantic=True)
        assert tagger_for(data / "embeddings").cache.computed == 1
        # A changed taxonomy, in a new process: re-tagged from the embeddings on disk.
        tagger_for.cache_clear()
        assert ensure_tags(catalog, item, load_taxonomy(edited), semantic=True)
        assert tagger_for(data / "embeddings").cache.computed == 0
    assert len(list((data / "embeddings").rglob("*.npy"))) == 1


def test_ensure_tags_default_is_the_lexicon_and_switching_re_tags(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Catalog(data) as catalog:
        item = _news_item(catalog)
        assert ensure_tags(catalog, item, default_taxonomy())
        lexicon = [tag.to_dict() for tag in tag_text(f"{item.title}\n\n{BODY}")]
        assert [tag.to_dict() for tag in stored_tags(catalog, item)] == lexicon
        assert "design-methods" not in {tag.theme for tag in stored_tags(catalog, item)}
        assert not (data / "embeddings").exists()
        # Switching the semantic layer on re-tags; switching it off again re-tags too.
        assert ensure_tags(catalog, item, default_taxonomy(), semantic=True)
        assert "design-methods" in {tag.theme for tag in stored_tags(catalog, item)}
        assert ensure_tags(catalog, item, default_taxonomy())
        assert [tag.to_dict() for tag in stored_tags(catalog, item)] == lexicon


def _news_item(catalog: Catalog) -> Item:
    return catalog.upsert_item(
        kind="news",
        source_key="url:x",
        content_hash="a" * 64,
        title="Små försök först",
        published="2026-12-01",
        data=article_data(Article("Små försök först", BODY, "url:x")),
    ).item
