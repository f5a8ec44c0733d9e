"""Errors of the static site: rendering pages and building the search index.

The tree::

    SiteError                     base: anything a user can cause and fix while publishing the site
    ├── UnsafeValueError          a slug, theme id or URL in the view model that is not safe to use
    │                             as a path or a link (names the field and the value)
    ├── RenderError               a page could not be rendered or written (names the page)
    └── SearchIndexError          the site could not be indexed (names the site folder or page)
"""

from __future__ import annotations

from innocast.errors import InnocastError


class SiteError(InnocastError):
    """Base of every error the website package raises on purpose."""


class UnsafeValueError(SiteError):
    """A slug, id or URL from the view model cannot be used safely as a path or a link."""


class RenderError(SiteError):
    """A page could not be rendered or written."""


class SearchIndexError(SiteError):
    """The rendered site could not be indexed for search."""
