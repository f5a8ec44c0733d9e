"""Errors of the catalog package.

CatalogError
    (the base of every error this package raises; subclasses below)
"""


class CatalogError(Exception):
    """Base of every error the catalog package raises on bad input or a failed step."""
