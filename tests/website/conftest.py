"""A small site with hostile strings, rendered into a temporary folder."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from website import (
    AccessibilityView,
    EpisodeView,
    EventView,
    EvidenceView,
    NewsView,
    SegmentView,
    SiteView,
    ThemeRef,
    ThemeView,
)

XSS = "<script>alert(1)</script>"
# HTML bytes per search shard small enough that the test site's item pages fill several.
SMALL_SHARDS = 8_000

THEMES = (
    ThemeView("design-methods", "Design och innovationsmetoder", "Design and innovation methods",
              "Tjänstedesign, innovationslabb, prototyper och experiment."),
    ThemeView("collaboration", "Samverkan", "Collaboration",
              "Samverkan mellan myndigheter, kommuner och regioner."),
    ThemeView("security-trust", "Säkerhet och tillit", "Security and trust",
              "Informationssäkerhet och dataskydd."),
)  # fmt: skip

LINES = (
    "Välkommen till podden om innovation i offentlig sektor.",
    "I dag besöker vi kommunens nya innovationslabb där medarbetare testar idéer.",
    "Labbet arbetar med tjänstedesign och prototyper tillsammans med invånarna.",
    "Partssamverkan gör att arbetsgivare och fack drar åt samma håll.",
    f"Någon skrev {XSS} i chatten men det är bara text.",
    "Till sist pratar vi om kompetensutveckling för chefer.",
)


def segments(count: int, seconds: float = 2.0, offset: int = 0) -> tuple[SegmentView, ...]:
    """`count` transcript segments of `seconds` each, cycling through Swedish lines."""
    return tuple(
        SegmentView(i, i * seconds, (i + 1) * seconds, LINES[(i + offset) % len(LINES)],
                    "Anna" if i % 2 == 0 else None)
        for i in range(count)
    )  # fmt: skip


def episode(slug: str, day: int, title: str = "", audio: str = "", count: int = 12) -> EpisodeView:
    """An episode tagged with design methods, its evidence pointing at segment 1."""
    return EpisodeView(
        slug=slug,
        title=title or f"Avsnitt {slug}",
        published=date(2026, 10, day),
        number=day,
        season=1,
        notes_html=(
            f'<p>Om labbet. {XSS}<a href="javascript:alert(2)">klicka</a> '
            '<a href="https://example.org/mer" onclick="x()">mer</a>'
            "<img src=x onerror=alert(3)></p>"
        ),
        audio_url=audio or f"audio/{slug}.mp3",
        audio_type="audio/mpeg",
        duration=count * 2.0,
        segments=segments(count),
        transcript_files={f: f"transcripts/{slug}.{f}" for f in ("vtt", "srt", "json")},
        themes=(
            ThemeRef("design-methods", "Design och innovationsmetoder", 0.82, True,
                     (EvidenceView("innovationslabb", 2.0, 1),)),
            ThemeRef("unknown-theme", "Okänt tema", 0.3),
        ),
    )  # fmt: skip


def news(slug: str, day: int, title: str = "") -> NewsView:
    """A news item about collaboration, with an event and a hostile source URL."""
    return NewsView(
        slug=slug,
        title=title or f"Nyhet {slug}",
        published=date(2026, 9, day),
        body=(
            "Myndigheterna startar ett nätverk för samverkan.\n\n"
            f"Första träffen handlar om informationssäkerhet. {XSS}\n\n"
            "Anmälan sker via webben."
        ),
        source_url="javascript:alert(4)" if day % 2 else "https://example.org/nyhet",
        author="Redaktionen",
        themes=(ThemeRef("collaboration", "Samverkan", 0.7, False,
                         (EvidenceView("nätverk för samverkan"),)),),
        events=(event(f"{slug}-20261212", slug, datetime(2026, 12, 12, 9), place="Stockholm"),),
    )  # fmt: skip


def event(event_id: str, slug: str, starts: datetime, *, place: str | None = None,
          all_day: bool = False, ends: datetime | None = None) -> EventView:
    """An event of the news item `slug`, with a hostile title."""
    zone = ZoneInfo("Europe/Stockholm")
    return EventView(
        id=event_id, title=f"Träff {XSS}", starts=starts.replace(tzinfo=zone),
        ends=ends.replace(tzinfo=zone) if ends else None, all_day=all_day, place=place,
        news_slug=slug, news_title=f"Nyhet {slug}", ics_url=f"events/{event_id}.ics",
    )


def make_site(episodes: tuple[EpisodeView, ...], items: tuple[NewsView, ...]) -> SiteView:
    """A SiteView over the given items with the test themes."""
    return SiteView(
        title=f"Innopodden {XSS}",
        description="Samtal om innovation i offentlig sektor.",
        base_path="/",
        episodes=episodes,
        news=items,
        themes=THEMES,
        feed_url="feed.xml",
        news_feed_url="news.xml",
        cover_url="cover.jpg",
        events=tuple(e for item in items for e in item.events),
        events_ics_url="events.ics",
        today=date(2026, 10, 1),
        accessibility=AccessibilityView(
            publisher=f"Kommunen {XSS}", contact_email="webb@example.se",
            gaps=(f"Äldre avsnitt saknar transkription {XSS}",), assessed=date(2026, 9, 30),
        ),
    )


@pytest.fixture
def site() -> SiteView:
    """Three episodes (one with a hostile title) and two news items."""
    return make_site(
        (episode("ep-1", 1), episode("ep-2", 8, title=f"Labbet {XSS}"), episode("ep-3", 15)),
        (news("nyhet-1", 3), news("nyhet-2", 4)),
    )


@pytest.fixture
def built(site: SiteView, tmp_path: Path) -> Path:
    """The small site rendered into a temporary folder."""
    from website import render_site

    out = tmp_path / "site"
    render_site(site, out)
    return out
