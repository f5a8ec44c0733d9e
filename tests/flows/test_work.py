"""The flow's jobs: a tagging job carries the config's semantic switch as a value."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalog import Catalog
from demo import DEMO_DIR
from flows.work import catalog_jobs
from news.article import Article
from steps.records import article_data
from tests.steps.test_config import SHOW


def test_catalog_jobs_tagging_job_carries_the_semantic_switch(tmp_path: Path) -> None:
    shutil.copy(DEMO_DIR / "cover.jpg", tmp_path / "cover.jpg")
    data = tmp_path / "data"
    with Catalog(data) as catalog:
        item_id = catalog.upsert_item(
            kind="news", source_key="url:x", content_hash="a" * 64, title="Små försök först",
            published="2026-12-01",
            data=article_data(Article("Små försök först", "Vi prövar nya idéer.", "url:x")),
        ).item.id
    jobs = {}
    for name, extra in (("lexicon", ""), ("semantic", "[tagging]\nsemantic = true\n")):
        config = tmp_path / f"{name}.toml"
        config.write_text(SHOW + extra, encoding="utf-8")
        with catalog_jobs(str(config), str(data)) as work:
            jobs[name] = work.tagging(item_id)
    assert not jobs["lexicon"].semantic and jobs["semantic"].semantic
    # Tags stored by one tagger are not taken for the other's.
    assert jobs["lexicon"].input_hash != jobs["semantic"].input_hash
