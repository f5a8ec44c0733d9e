"""Theme tags for every item, redone only when the item's text, the taxonomy or the model changes.

Tagging uses the lexicon and the semantic layer (themes.semantic); the passages' embeddings
are cached in the data directory's `embeddings/` folder, so re-tagging after a taxonomy or
threshold change does not embed the texts again.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from catalog import Catalog, Item, sha256_bytes
from themes.decisions import TagDecision, apply_decisions
from themes.embedding import EmbeddingCache
from themes.semantic import SemanticTagger
from themes.tagger import Evidence, Tag
from themes.taxonomy import Taxonomy
from transcripts.segments import Transcript


def item_text(item: Item) -> str:
    """The text of an item that is not a transcript: title and body or show notes."""
    if item.kind == "news":
        return f"{item.title}\n\n{item.data['article']['body']}"
    return f"{item.title}\n\n{item.data.get('notes', '')}"


def ensure_tags(
    catalog: Catalog, item: Item, taxonomy: Taxonomy, transcript: Transcript | None = None
) -> bool:
    """Tag the item unless its text, taxonomy and model are as last time; say whether it tagged."""
    text = item_text(item)
    segments = [(s.start, s.text) for s in transcript.segments] if transcript else []
    tagger = tagger_for(catalog.data_dir)
    # Installing the embedding package (or a new model file) re-tags every item once.
    model = tagger.model.digest if tagger.available else "lexicon"
    input_hash = sha256_bytes(
        json.dumps([taxonomy.digest, model, text, segments], ensure_ascii=False).encode()
    )
    stored = catalog.get_tags(item.id)
    if stored is not None and stored[0] == input_hash:
        return False
    tags = merge_tags(tagger.tag_text(text, taxonomy), tagger.tag_segments(segments, taxonomy))
    catalog.put_tags(item.id, input_hash, [tag.to_dict() for tag in tags])
    return True


@cache
def tagger_for(data_dir: Path) -> SemanticTagger:
    """The tagger of a data directory, its embeddings cached in the directory's embeddings/."""
    return SemanticTagger(cache=EmbeddingCache(Path(data_dir) / "embeddings"))


def merge_tags(*results: list[Tag]) -> list[Tag]:
    """One tag per theme from several taggings: the best score, all the evidence."""
    best: dict[str, Tag] = {}
    for tags in results:
        for tag in tags:
            seen = best.get(tag.theme)
            if seen is None:
                best[tag.theme] = tag
            else:
                best[tag.theme] = Tag(
                    theme=tag.theme,
                    score=max(seen.score, tag.score),
                    evidence=seen.evidence + tag.evidence,
                )
    return sorted(best.values(), key=lambda tag: (-tag.score, tag.theme))


def stored_tags(catalog: Catalog, item: Item) -> list[Tag]:
    """The tagger's stored tags for an item (empty before it was tagged)."""
    stored = catalog.get_tags(item.id)
    return [_tag(data) for data in stored[1]] if stored else []


def shown_tags(catalog: Catalog, item: Item, taxonomy: Taxonomy) -> list[TagDecision]:
    """The themes readers see: the tagger's, with the editor's confirmations and rejections."""
    decisions = apply_decisions(stored_tags(catalog, item), catalog.decisions(item.id))
    # A theme dropped from the taxonomy since the item was tagged is no longer shown.
    return [decision for decision in decisions if decision.theme in taxonomy]


def _tag(data: dict[str, Any]) -> Tag:
    evidence = tuple(
        Evidence(text=e["text"], start=e["start"], end=e["end"], segment=e.get("segment"),
                 time=e.get("time"))
        for e in data["evidence"]
    )
    return Tag(theme=data["theme"], score=data["score"], evidence=evidence)
