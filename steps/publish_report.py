"""What a publication wrote, for the run's summary and the editors' app."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class PublishReport:
    """What a publication wrote, and where to find it."""

    out_dir: Path
    feed_url: str
    site_url: str
    episodes: int = 0
    news: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    # The live folder was built from the same inputs and is intact: nothing was staged.
    up_to_date: bool = False

    def summary(self) -> dict[str, object]:
        """What the run's summary shows of a publication: its URLs and counts."""
        return {
            "feed_url": self.feed_url,
            "site_url": self.site_url,
            "episodes": self.episodes,
            "news": self.news,
            "written": len(self.written),
            "unchanged": self.unchanged,
            "removed": len(self.removed),
            "up_to_date": self.up_to_date,
        }
