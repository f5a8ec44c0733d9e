"""Errors of the publication package.

PublicationError
    (the base of every error this package raises; subclasses below)
"""


class PublicationError(Exception):
    """Base of every error the publication package raises on bad input or a failed step."""
