"""Errors of the transcripts package.

TranscriptError
    (the base of every error this package raises; subclasses below)
"""


class TranscriptError(Exception):
    """Base of every error the transcripts package raises on bad input or a failed step."""
