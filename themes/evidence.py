"""A tag's evidence as readers and editors see it: each distinct phrase once, with its count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from themes.tagger import Evidence


@dataclass(frozen=True)
class EvidenceGroup:
    """One phrase of a tag's evidence: how often it occurs, and where it occurs first."""

    text: str
    count: int
    first: Evidence


def group_evidence(evidence: Iterable[Evidence]) -> list[EvidenceGroup]:
    """Each distinct phrase (letter case aside) once, most frequent first, then by where it
    first occurs; the first occurrence is the one linked to.

    >>> groups = group_evidence([Evidence("Samverket", 0, 9, 2, 4.0),
    ...     Evidence("kommun", 3, 9, 1, 2.0), Evidence("samverket", 0, 9, 0, 0.5)])
    >>> [(g.text, g.count, g.first.segment) for g in groups]
    [('samverket', 2, 0), ('kommun', 1, 1)]
    """
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        groups.setdefault(" ".join(item.text.casefold().split()), []).append(item)
    made = []
    for found in groups.values():
        first = min(found, key=_position)
        made.append(EvidenceGroup(text=first.text, count=len(found), first=first))
    return sorted(made, key=lambda g: (-g.count, _position(g.first)))


def _position(item: Evidence) -> tuple[float, int]:
    """Where evidence occurs: its time (or segment) in a transcript, its offset in a text."""
    if item.time is not None:
        return (item.time, item.start)
    if item.segment is not None:
        return (float(item.segment), item.start)
    return (0.0, item.start)
