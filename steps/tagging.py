"""Theme tags for every item, redone only when the item's text or the taxonomy changes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from catalog import Catalog, Item, sha256_bytes
from steps.records import read_article, read_episode
from steps.transcription import current_transcript
from themes.decisions import TagDecision, apply_decisions
from themes.tagger import Evidence, Tag, tag_segments, tag_text
from themes.taxonomy import Taxonomy
from transcripts.segments import Transcript


def item_text(item: Item) -> str:
    """The text of an item that is not a transcript: title and body or show notes."""
    if item.kind == "news":
        return f"{item.title}\n\n{read_article(item).body}"
    return f"{item.title}\n\n{read_episode(item).notes}"


@dataclass(frozen=True)
class TagJob:
    """What a worker needs to tag an item: its text, its transcript's segments, the taxonomy."""

    input_hash: str
    text: str
    segments: tuple[tuple[float, str], ...]
    taxonomy: Taxonomy


def tag_job(
    catalog: Catalog, item: Item, taxonomy: Taxonomy, transcript: Transcript | None = None
) -> TagJob | None:
    """The job of tagging the item, or None if its text and the taxonomy are as last time."""
    text = item_text(item)
    segments = tuple((s.start, s.text) for s in transcript.segments) if transcript else ()
    input_hash = sha256_bytes(
        json.dumps([taxonomy.digest, text, segments], ensure_ascii=False).encode()
    )
    stored = catalog.get_tags(item.id)
    if stored is not None and stored[0] == input_hash:
        return None
    return TagJob(input_hash=input_hash, text=text, segments=segments, taxonomy=taxonomy)


def make_tags(job: TagJob) -> list[dict[str, Any]]:
    """Tag a text and its segments with the job's taxonomy (pure)."""
    segments = [tuple(segment) for segment in job.segments]
    tags = merge_tags(tag_text(job.text, job.taxonomy), tag_segments(segments, job.taxonomy))
    return [tag.to_dict() for tag in tags]


def file_tags(catalog: Catalog, item_id: str, job: TagJob, tags: list[dict[str, Any]]) -> None:
    """Store a worker's tags for the item, with the hash of what it tagged."""
    catalog.put_tags(item_id, job.input_hash, tags)


def ensure_tags(
    catalog: Catalog, item: Item, taxonomy: Taxonomy, transcript: Transcript | None = None
) -> bool:
    """Tag the item unless its text and the taxonomy are as last time; say whether it tagged."""
    job = tag_job(catalog, item, taxonomy, transcript)
    if job is None:
        return False
    file_tags(catalog, item.id, job, make_tags(job))
    return True


def ensure_item_tags(catalog: Catalog, item: Item, taxonomy: Taxonomy) -> bool:
    """Tag an item (an episode with its current transcript) unless nothing changed; say if done."""
    transcript = current_transcript(catalog, item) if item.kind == "episode" else None
    return ensure_tags(catalog, item, taxonomy, transcript)


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
