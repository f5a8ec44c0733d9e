"""An editor's review: the queue of unreviewed items, an item's themes with their evidence, and
the saves (a corrected segment, confirmed, rejected or added themes).

Every save is one catalog transaction that stores the change and the item's new tags, so the
themes a reader sees always come from the text the reader sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from catalog import Catalog, Item
from catalog.errors import ItemNotFoundError
from steps.errors import InputError
from steps.records import read_article
from steps.tagging import (
    embedding_folder,
    run_tagging,
    shown_tags,
    store_tagging,
    stored_tags,
    tagging_job,
)
from steps.transcription import current_transcript, uncorrected_transcript
from themes.evidence import group_evidence
from themes.tagger import Evidence
from themes.taxonomy import Taxonomy
from transcripts.edits import corrected_segment
from transcripts.segments import Transcript

# Where a correction made in the editor says it came from (the catalog's override source).
EDITOR_SOURCE = "editor"


@dataclass(frozen=True)
class EvidencePlace:
    """A phrase of a theme's evidence, its count, and where it first occurs: a transcript's
    segment (and time) or a news item's paragraph."""

    text: str
    count: int
    time: float | None = None
    segment: int | None = None
    paragraph: int | None = None


@dataclass(frozen=True)
class ThemeReview:
    """A theme of an item as the editor sees it: suggested, confirmed or rejected; its score
    (None where the tagger did not find it) and its evidence, grouped."""

    theme: str
    label: str
    status: str
    score: float | None
    evidence: tuple[EvidencePlace, ...] = ()


@dataclass(frozen=True)
class QueueEntry:
    """An item nobody has reviewed, with its least certain theme's score (0 with none)."""

    item: Item
    certainty: float
    themes: int


def page_url(base_url: str, item: Item) -> str:
    """Where an item's page is published under the site's base URL.

    >>> page_url("https://example.se/podd/", Item("n1", "news", "k", "h", "nyhet", "T", None))
    'https://example.se/podd/news/nyhet/'
    """
    folder = "episodes" if item.kind == "episode" else "news"
    return f"{base_url.rstrip('/')}/{folder}/{item.slug}/"


def item_pages(catalog: Catalog, base_url: str, refs: list[str]) -> dict[str, tuple[str, str]]:
    """The title and published page of each of `refs` that is an item (ingest outcomes also
    name sources, which are left out)."""
    found = {}
    for ref in refs:
        try:
            item = catalog.get_item(ref)
        except ItemNotFoundError:
            continue
        found[ref] = (item.title, page_url(base_url, item))
    return found


def review_queue(catalog: Catalog, taxonomy: Taxonomy) -> list[QueueEntry]:
    """The items whose themes nobody has reviewed, least certain first."""
    entries = []
    for item in catalog.items():
        if catalog.decisions(item.id):
            continue
        scores = [tag.score for tag in stored_tags(catalog, item) if tag.theme in taxonomy]
        entries.append(QueueEntry(item, min(scores, default=0.0), len(scores)))
    return sorted(entries, key=lambda e: (e.certainty, e.item.title))


def evidence_places(item: Item, evidence: tuple[Evidence, ...]) -> tuple[EvidencePlace, ...]:
    """A tag's evidence grouped by phrase, each group placed where it first occurs."""
    return tuple(
        EvidencePlace(
            text=group.text,
            count=group.count,
            time=group.first.time,
            segment=group.first.segment,
            paragraph=_paragraph(item, group.first) if item.kind == "news" else None,
        )
        for group in group_evidence(evidence)
    )


def _paragraph(item: Item, evidence: Evidence) -> int | None:
    """The index of the body paragraph (non-empty, blank-line separated) where evidence in a
    news item's tagged text (title, blank line, body) starts; None in the title."""
    offset = evidence.start - len(item.title) - 2
    if evidence.segment is not None or offset < 0:
        return None
    before = read_article(item).body[:offset]
    return sum(1 for part in before.split("\n\n")[:-1] if part.strip())


def theme_reviews(catalog: Catalog, item: Item, taxonomy: Taxonomy) -> list[ThemeReview]:
    """The item's themes for the editor: confirmed and suggested ones as readers see them,
    then the rejected ones the tagger found."""
    shown = [
        ThemeReview(
            theme=decision.theme,
            label=taxonomy.get(decision.theme).label_sv,
            status=decision.status,
            score=decision.score,
            evidence=evidence_places(item, decision.evidence),
        )
        for decision in shown_tags(catalog, item, taxonomy)
    ]
    found = {tag.theme: tag for tag in stored_tags(catalog, item)}
    rejected = [
        ThemeReview(
            theme=theme,
            label=taxonomy.get(theme).label_sv,
            status="rejected",
            score=found[theme].score if theme in found else None,
            evidence=evidence_places(item, found[theme].evidence) if theme in found else (),
        )
        for theme, keep in sorted(catalog.decisions(item.id).items())
        if not keep and theme in taxonomy
    ]
    return shown + rejected


def decide_themes(
    catalog: Catalog,
    ref: str,
    decisions: dict[str, bool | None],
    taxonomy: Taxonomy,
    *,
    semantic: bool = False,
) -> Item:
    """Store an editor's confirmations (True), rejections (False) or forgotten decisions
    (None), and the item's tags redone if its text changed, in one transaction."""
    item = catalog.get_item(ref)
    unknown = sorted(theme for theme in decisions if theme not in taxonomy)
    if unknown:
        raise InputError(f"{', '.join(unknown)}: no such theme in the taxonomy")
    transcript = current_transcript(catalog, item) if item.kind == "episode" else None
    _save(catalog, item, taxonomy, transcript, semantic,
          lambda: catalog.decide(item.id, decisions))
    return item


def correct_segment(
    catalog: Catalog,
    ref: str,
    index: int,
    text: str,
    speaker: str | None,
    taxonomy: Taxonomy,
    *,
    semantic: bool = False,
) -> Transcript:
    """Replace one segment's text and speaker (unchanged words keep their timing), store the
    corrected transcript and the item's new tags in one transaction; return the transcript."""
    item = catalog.get_item(ref)
    transcript = _editable(catalog, item, index)
    text = " ".join(text.split())
    if not text:
        raise InputError(f"{item.slug}: segment {index + 1}: the text is empty")
    transcript.segments[index] = corrected_segment(
        transcript.segments[index], text, " ".join((speaker or "").split()) or None
    )
    _store_transcript(catalog, item, transcript, taxonomy, semantic)
    return transcript


def revert_segment(
    catalog: Catalog, ref: str, index: int, taxonomy: Taxonomy, *, semantic: bool = False
) -> Transcript:
    """Put one segment back as the machine (or synced manuscript) had it, and re-tag; with no
    correction left the editor's transcript is dropped."""
    item = catalog.get_item(ref)
    transcript = _editable(catalog, item, index)
    machine = uncorrected_transcript(catalog, item)
    if machine is None or len(machine.segments) != len(transcript.segments):
        raise InputError(f"{item.slug}: the machine transcript no longer matches; revert it whole")
    transcript.segments[index] = machine.segments[index]
    if transcript.segments == machine.segments:
        return revert_transcript(catalog, ref, taxonomy, semantic=semantic)
    _store_transcript(catalog, item, transcript, taxonomy, semantic)
    return transcript


def revert_transcript(
    catalog: Catalog, ref: str, taxonomy: Taxonomy, *, semantic: bool = False
) -> Transcript:
    """Drop the editor's corrections of an episode's transcript, and re-tag, in one
    transaction; return the transcript readers see now."""
    item = catalog.get_item(ref)
    machine = uncorrected_transcript(catalog, item)
    if machine is None:
        raise InputError(f"{item.slug}: the episode has no transcript yet")
    _save(catalog, item, taxonomy, machine, semantic, lambda: catalog.clear_override(item.id))
    return machine


def _editable(catalog: Catalog, item: Item, index: int) -> Transcript:
    if item.kind != "episode":
        raise InputError(f"{item.slug}: only an episode has a transcript")
    transcript = current_transcript(catalog, item)
    if transcript is None:
        raise InputError(f"{item.slug}: the episode has no transcript yet")
    if not 0 <= index < len(transcript.segments):
        raise InputError(f"{item.slug}: no segment {index + 1} "
                         f"(the transcript has {len(transcript.segments)})")
    return transcript


def _store_transcript(
    catalog: Catalog, item: Item, transcript: Transcript, taxonomy: Taxonomy, semantic: bool
) -> None:
    data = transcript.to_dict()
    _save(catalog, item, taxonomy, transcript, semantic,
          lambda: catalog.set_override(item.id, source=EDITOR_SOURCE, data=data))


def _save(
    catalog: Catalog,
    item: Item,
    taxonomy: Taxonomy,
    transcript: Transcript | None,
    semantic: bool,
    change: Callable[[], object],
) -> None:
    """Tag the item as it will be (outside the transaction: tagging may take a moment), then
    store the change and the tags together."""
    job = tagging_job(catalog, item, taxonomy, transcript, semantic=semantic)
    tags = run_tagging(job, taxonomy, embedding_folder(catalog)) if job is not None else None
    with catalog.transaction():
        change()
        if job is not None and tags is not None:
            store_tagging(catalog, job, tags)
