"""Errors of the themes package.

ThemeError
    (the base of every error this package raises; subclasses below)
"""


class ThemeError(Exception):
    """Base of every error the themes package raises on bad input or a failed step."""
