"""Theme tags for every item, redone only when the item's text, the taxonomy or the tagger
changes.

Tagging uses the lexicon; with `[tagging] semantic = true` also the semantic layer
(themes.semantic), whose passages' embeddings are cached in an `embeddings/` folder (the data
directory's, or a folder store's on a worker), so re-tagging after a taxonomy or threshold
change does not embed the texts again.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from catalog import Catalog, Item, sha256_bytes
from steps.records import read_article, read_episode
from steps.transcription import current_transcript
from themes.decisions import TagDecision, apply_decisions
from themes.tagger import Evidence, Tag, tag_segments, tag_text
from themes.taxonomy import Taxonomy
from transcripts.segments import Transcript

if TYPE_CHECKING:
    from themes.semantic import SemanticTagger


def item_text(item: Item) -> str:
    """The text of an item that is not a transcript: title and body or show notes."""
    if item.kind == "news":
        return f"{item.title}\n\n{read_article(item).body}"
    return f"{item.title}\n\n{read_episode(item).notes}"


@dataclass(frozen=True)
class TaggingJob:
    """One item to tag: its text, its transcript's segments (start, text), whether the
    semantic layer is on, and the hash of these with the taxonomy and the model, under which
    the tags are stored."""

    item_id: str
    text: str
    segments: tuple[tuple[float, str], ...]
    input_hash: str
    semantic: bool = False
    # What the text and segments were made from, by identity (see `inputs_fingerprint`).
    fingerprint: str = ""


def tagging_job(
    catalog: Catalog,
    item: Item,
    taxonomy: Taxonomy,
    transcript: Transcript | None = None,
    *,
    semantic: bool = False,
) -> TaggingJob | None:
    """The job of tagging an item with this transcript, or None if its text, transcript, the
    taxonomy and the tagger are as when it was last tagged."""
    text = item_text(item)
    segments = tuple((s.start, s.text) for s in transcript.segments) if transcript else ()
    model = _semantic_model(semantic)
    input_hash = sha256_bytes(
        json.dumps([taxonomy.digest, semantic, model, text, segments], ensure_ascii=False).encode()
    )
    stored = catalog.get_tags(item.id)
    if stored is not None and stored[0] == input_hash:
        return None
    return TaggingJob(item.id, text, segments, input_hash, semantic)


def _semantic_model(semantic: bool) -> str:
    """The semantic model's digest when the layer is on and available, else ""."""
    # Switching the semantic layer, or installing its package (or a new model file), re-tags
    # every item once.
    return tagger_for(None).model.digest if semantic and tagger_for(None).available else ""


def inputs_fingerprint(catalog: Catalog, item: Item, taxonomy: Taxonomy, semantic: bool) -> str:
    """What an item's tagging input is made of, by identity, without reading a transcript:
    its text, the keys of its stored transcripts (content-addressed: a key names one
    transcription of one audio), its speakers, the digest of an editor's correction, the
    taxonomy and the tagger."""
    parts: list[object] = [taxonomy.digest, semantic, _semantic_model(semantic), item_text(item)]
    if item.kind == "episode":
        record = read_episode(item)
        parts += [catalog.override_digest(item.id), record.transcript_key, record.synced_key,
                  [[person.name, person.role] for person in record.persons]]
    return sha256_bytes(json.dumps(parts, ensure_ascii=False, default=str).encode())


def item_tagging_job(
    catalog: Catalog, item: Item, taxonomy: Taxonomy, *, semantic: bool = False
) -> TaggingJob | None:
    """The tagging job of an item, an episode with its current transcript.

    An item whose inputs have the fingerprint its current tags were made from is not read
    again: a run with nothing to do reads no transcript. Otherwise the job is made from the
    content as `tagging_job` makes it, and the fingerprint remembered.
    """
    fingerprint = inputs_fingerprint(catalog, item, taxonomy, semantic)
    stored = catalog.get_tags(item.id)
    known = catalog.tag_inputs(item.id)
    if stored is not None and known == (fingerprint, stored[0]):
        return None
    transcript = current_transcript(catalog, item) if item.kind == "episode" else None
    job = tagging_job(catalog, item, taxonomy, transcript, semantic=semantic)
    if job is None and stored is not None:
        catalog.put_tag_inputs(item.id, fingerprint, stored[0])
        return None
    return dataclasses.replace(job, fingerprint=fingerprint) if job is not None else None


def run_tagging(
    job: TaggingJob, taxonomy: Taxonomy, embeddings: Path | None = None
) -> list[dict[str, Any]]:
    """Tag a job's text and segments; the tags as plain data. It touches no catalog; the
    semantic layer caches embeddings in the `embeddings` folder if given, else in memory."""
    segments = [tuple(segment) for segment in job.segments]
    if job.semantic:
        tagger = tagger_for(embeddings)
        tags = merge_tags(
            tagger.tag_text(job.text, taxonomy), tagger.tag_segments(segments, taxonomy)
        )
    else:
        tags = merge_tags(tag_text(job.text, taxonomy), tag_segments(segments, taxonomy))
    return [tag.to_dict() for tag in tags]


def store_tagging(catalog: Catalog, job: TaggingJob, tags: list[dict[str, Any]]) -> None:
    """Store an item's tags under the hash of what was tagged (and its fingerprint, if the
    job has one)."""
    with catalog.transaction():
        catalog.put_tags(job.item_id, job.input_hash, tags)
        if job.fingerprint:
            catalog.put_tag_inputs(job.item_id, job.fingerprint, job.input_hash)


def ensure_tags(
    catalog: Catalog,
    item: Item,
    taxonomy: Taxonomy,
    transcript: Transcript | None = None,
    *,
    semantic: bool = False,
) -> bool:
    """Tag the item unless its text, taxonomy and tagger are as last time; say whether it
    tagged."""
    job = tagging_job(catalog, item, taxonomy, transcript, semantic=semantic)
    if job is not None:
        store_tagging(catalog, job, run_tagging(job, taxonomy, embedding_folder(catalog)))
    return job is not None


def embedding_folder(catalog: Catalog) -> Path:
    """Where the semantic layer caches a catalog's passages' embeddings."""
    return Path(catalog.data_dir) / "embeddings"


@cache
def tagger_for(embeddings: Path | None) -> SemanticTagger:
    """The semantic tagger whose embeddings are cached in this folder (in memory if None)."""
    # Imported here: the semantic layer brings numpy and its model, which the lexicon's
    # tagging (the default) does without.
    from themes.embedding import EmbeddingCache
    from themes.semantic import SemanticTagger

    return SemanticTagger(cache=EmbeddingCache(embeddings))


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
