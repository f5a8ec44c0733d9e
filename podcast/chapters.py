"""Podcasting 2.0 JSON chapters: an episode's parts with their start times."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from podcast.errors import FeedBuildError
from podcast.lines import clean_line
from text.cleaning import MAX_TITLE_CHARS
from text.times import MAX_SECONDS, media_seconds

CHAPTERS_VERSION = "1.2.0"


@dataclass(frozen=True)
class Chapter:
    """One chapter: where it starts (seconds), its title, and an optional link."""

    start: float
    title: str
    url: str | None = None

    def __post_init__(self) -> None:
        # However a chapter is made (the config, the catalog), a start of `inf`, `nan` or 1e300
        # is refused here, where it is one line, not later when the feed is written.
        if media_seconds(self.start) is None:
            raise FeedBuildError(
                f"chapter {self.title[:60]!r}: start {self.start!r} is not a time "
                f"(0 to {MAX_SECONDS} seconds)"
            )


def chapters_json(chapters: Sequence[Chapter]) -> str:
    """The chapters as Podcasting 2.0 JSON chapters, in start order.

    >>> json.loads(chapters_json([Chapter(75.5, "Gästen"), Chapter(0, "Intro")]))["chapters"]
    [{'startTime': 0, 'title': 'Intro'}, {'startTime': 75.5, 'title': 'Gästen'}]
    """
    entries = []
    for chapter in sorted(chapters, key=lambda c: c.start):
        entry: dict[str, object] = {
            "startTime": int(chapter.start) if chapter.start == int(chapter.start)
            else round(chapter.start, 3),
            "title": clean_line(chapter.title, MAX_TITLE_CHARS),
        }
        if chapter.url:
            entry["url"] = chapter.url
        entries.append(entry)
    return json.dumps({"version": CHAPTERS_VERSION, "chapters": entries}, ensure_ascii=False)
