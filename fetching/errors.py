"""Errors of the fetching package.

FetchError
    (the base of every error this package raises; subclasses below)
"""


class FetchError(Exception):
    """Base of every error the fetching package raises on a refused or failed fetch."""
