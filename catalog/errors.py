"""Errors of the catalog package.

CatalogError
├── CatalogBusyError     another process holds the catalog or the pipeline lock too long
├── CatalogCorruptError  the catalog file is not a catalog (or was written by a newer innocast)
└── ItemNotFoundError    an item id or slug names nothing in the catalog
"""

from innocast.errors import InnocastError


class CatalogError(InnocastError):
    """Base of every error the catalog package raises."""


class CatalogBusyError(CatalogError):
    """Another process holds the catalog or the pipeline lock."""


class CatalogCorruptError(CatalogError):
    """The catalog file cannot be read as an innocast catalog."""


class ItemNotFoundError(CatalogError):
    """No item has the given id or slug."""
