"""What an ingest reports, for episodes and news alike, and which of its failures are retried."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from catalog import Upsert
from fetching import FetchTimeout, TransientFetchError

# The one retry rule: these failures may pass, every other one will not.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (TransientFetchError, FetchTimeout)


@dataclass
class IngestReport:
    """What an ingest did: item ids created, updated and unchanged, and the sources or entries
    skipped (not news, by design) or failed (a listed source that could not be read), with why."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, upsert: Upsert) -> None:
        """Count one stored item under what storing it did."""
        getattr(self, upsert.change).append(upsert.item.id)

    def merge(self, other: IngestReport) -> None:
        """Add another report's items and sources to this one."""
        for name, values in asdict(other).items():
            getattr(self, name).extend(values)

    def to_dict(self) -> dict[str, list[Any]]:
        """The report as plain lists, for a flow's results and summary."""
        return asdict(self)
