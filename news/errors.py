"""Errors of the news package.

NewsError
    (the base of every error this package raises; its message is one line naming the source)
    NewsSourceError      a source that cannot be read as news: a missing path, a file of a
                         kind that is not HTML, text or a feed
    NotHTMLError         a fetched page whose content is not HTML (a PDF, an image...)
    EmptyPageError       a page or text with no title or no body text left after cleaning
    NotAFeedError        a feed URL or file that is not RSS or Atom
    ArticleDataError     a stored article (`Article.from_dict`) with missing or invalid fields
    CalendarError        an event that cannot go into events.ics (no start, ends before it starts)
Fetching errors are the fetching package's own (`fetching.FetchError` and its subclasses) and
pass through unchanged.
"""

from innocast.errors import InnocastError


class NewsError(InnocastError):
    """Base of every error the news package raises on bad input or a failed step."""


class NewsSourceError(NewsError):
    """The source is missing or of a kind that is not read."""


class NotHTMLError(NewsError):
    """The page is not HTML."""


class EmptyPageError(NewsError):
    """No title or no body text could be extracted."""


class NotAFeedError(NewsError):
    """The feed is not RSS or Atom."""


class ArticleDataError(NewsError):
    """A stored article could not be read back."""


class CalendarError(NewsError):
    """An event cannot go into a calendar."""
