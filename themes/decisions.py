"""Merging an editor's decisions with the tagger's tags: the editor's word always wins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from themes.tagger import Evidence, Tag

Status = Literal["confirmed", "suggested"]


@dataclass(frozen=True)
class TagDecision:
    """A theme to show on an item: confirmed by an editor, or suggested by the tagger.

    `score` and `evidence` come from the tagger; a theme an editor confirmed that the tagger
    did not find has score None and no evidence.
    """

    theme: str
    status: Status
    score: float | None
    evidence: tuple[Evidence, ...] = ()

    @property
    def confirmed(self) -> bool:
        """Whether an editor confirmed this theme."""
        return self.status == "confirmed"

    def to_dict(self) -> dict[str, Any]:
        """Return `{"theme", "status", "score", "evidence": [...]}` as JSON-ready data."""
        return {
            "theme": self.theme,
            "status": self.status,
            "score": self.score,
            "evidence": [item.to_dict() for item in self.evidence],
        }


def apply_decisions(tags: list[Tag], decisions: Mapping[str, bool]) -> list[TagDecision]:
    """Apply an editor's decisions (theme id -> confirmed True / rejected False) to tags.

    Confirmed themes are kept even where the tagger did not find them, rejected ones are
    dropped, the rest stay as suggestions. Confirmed come first, then suggestions, each by
    score (best first), then id.

    >>> tags = [Tag("collaboration", 0.9, ()), Tag("skills-learning", 0.6, ())]
    >>> [(d.theme, d.status) for d in apply_decisions(
    ...     tags, {"collaboration": False, "funding-programs": True})]
    [('funding-programs', 'confirmed'), ('skills-learning', 'suggested')]
    """
    found = {tag.theme: tag for tag in tags}
    result = []
    for theme_id in {*found, *(theme for theme, keep in decisions.items() if keep)}:
        decision = decisions.get(theme_id)
        if decision is False:
            continue
        tag = found.get(theme_id)
        result.append(
            TagDecision(
                theme=theme_id,
                status="confirmed" if decision else "suggested",
                score=tag.score if tag else None,
                evidence=tag.evidence if tag else (),
            )
        )
    result.sort(key=lambda d: (not d.confirmed, -(d.score or 0.0), d.theme))
    return result
