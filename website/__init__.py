"""The static site: Swedish pages for episodes, news and themes, and their search index."""

from innocast.lazy import exports, names

# Each public name is imported from its module when first used, so that importing one
# module of the package does not import the others (see innocast.lazy).
_MODULES = {
    "website.errors": ["RenderError", "SearchIndexError", "SiteError", "UnsafeValueError"],
    "website.model": [
        "AccessibilityView", "EpisodeView", "EventView", "EvidenceView", "NewsView",
        "RelatedView", "SegmentView", "SiteView", "ThemeRef", "ThemeView",
    ],
    "website.render": ["RenderReport", "render_site"],
    "website.search": ["SearchReport", "build_search_index"],
}

__getattr__ = exports("website", _MODULES)
__all__ = names(_MODULES)
