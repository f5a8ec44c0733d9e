"""Errors of the news package.

NewsError
    (the base of every error this package raises; subclasses below)
"""


class NewsError(Exception):
    """Base of every error the news package raises on bad input or a failed step."""
