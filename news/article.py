"""A news article as extracted from a page, a feed entry or a text file, and its content hash."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from news.errors import ArticleDataError


@dataclass(frozen=True)
class Event:
    """When and where an event that a page announces takes place (local Swedish time)."""

    starts: datetime | None
    ends: datetime | None
    place: str | None
    # What the page calls it ("studiebesök"), when it says so in running text.
    name: str | None = None
    # Only the day is known: the times are midnight and mean nothing.
    all_day: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of the event (times as ISO strings)."""
        return {
            "starts": _iso(self.starts),
            "ends": _iso(self.ends),
            "place": self.place,
            "name": self.name,
            "all_day": self.all_day,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from `to_dict`'s output."""
        return cls(
            starts=_datetime(data.get("starts")),
            ends=_datetime(data.get("ends")),
            place=data.get("place"),
            name=data.get("name"),
            all_day=bool(data.get("all_day", False)),
        )


@dataclass(frozen=True)
class Article:
    """One news item: clean text and what is known about it."""

    title: str
    body: str
    source: str
    url: str | None = None
    published: date | None = None
    updated: date | None = None
    author: str | None = None
    links: tuple[str, ...] = field(default=())
    language: str = "sv"
    # The events it announces, in the order it names them.
    events: tuple[Event, ...] = field(default=())
    summary: str = ""
    # The page gave only an update date, which `published` then holds.
    updated_only: bool = False

    def content_hash(self) -> str:
        """SHA-256 of the title and body with Unicode and whitespace normalised.

        >>> a = Article(title="Hej", body="Ett  stycke.\\n\\nTvå.", source="a.txt")
        >>> b = Article(title="Hej ", body="Ett stycke.\\n\\n Två.", source="b.html")
        >>> a.content_hash() == b.content_hash()
        True
        >>> a.content_hash() == Article(title="Hej", body="Ett stycke.", source="a").content_hash()
        False
        """
        text = unicodedata.normalize("NFC", f"{self.title}\n{self.body}")
        normalised = " ".join(text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field (dates as ISO strings)."""
        return {
            "title": self.title,
            "body": self.body,
            "source": self.source,
            "url": self.url,
            "published": _iso(self.published),
            "updated": _iso(self.updated),
            "author": self.author,
            "links": list(self.links),
            "language": self.language,
            "events": [event.to_dict() for event in self.events],
            "summary": self.summary,
            "updated_only": self.updated_only,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from `to_dict`'s output; ArticleDataError if it does not fit."""
        name = data.get("source", "article") if isinstance(data, dict) else "article"
        try:
            # Catalogs from before stored at most one event, as "event".
            raw_events = data.get("events")
            if raw_events is None:
                raw_events = [data["event"]] if data.get("event") else []
            events = tuple(Event.from_dict(event) for event in raw_events)
            article = cls(
                title=data["title"],
                body=data["body"],
                source=data["source"],
                url=data.get("url"),
                published=_date(data.get("published")),
                updated=_date(data.get("updated")),
                author=data.get("author"),
                links=tuple(data.get("links", ())),
                language=data.get("language", "sv"),
                events=events,
                summary=data.get("summary", ""),
                updated_only=bool(data.get("updated_only", False)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ArticleDataError(f"{name}: not a stored article ({exc!r})") from exc
        for text_field in ("title", "body", "source", "language", "summary"):
            if not isinstance(getattr(article, text_field), str):
                raise ArticleDataError(f"{name}: the field {text_field!r} is not a string")
        return article


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
