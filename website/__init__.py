"""The static site: Swedish pages for episodes, news and themes, and their Pagefind search."""

from website.errors import RenderError, SearchIndexError, SiteError, UnsafeValueError
from website.model import (
    AccessibilityView,
    EpisodeView,
    EventView,
    EvidenceView,
    NewsView,
    RelatedView,
    SegmentView,
    SiteView,
    ThemeRef,
    ThemeView,
)
from website.render import RenderReport, render_site
from website.search import SearchReport, build_search_index

__all__ = [
    "AccessibilityView",
    "EpisodeView",
    "EventView",
    "EvidenceView",
    "NewsView",
    "RelatedView",
    "RenderError",
    "RenderReport",
    "SearchIndexError",
    "SearchReport",
    "SegmentView",
    "SiteError",
    "SiteView",
    "ThemeRef",
    "ThemeView",
    "UnsafeValueError",
    "build_search_index",
    "render_site",
]
