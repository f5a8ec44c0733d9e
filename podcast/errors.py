"""Errors of the podcast package.

PodcastError
    (the base of every error this package raises; subclasses below)
"""


class PodcastError(Exception):
    """Base of every error the podcast package raises on bad input or a failed step."""
