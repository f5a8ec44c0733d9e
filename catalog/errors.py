"""Errors of the catalog package.

CatalogError
├── CatalogBusyError     another process holds the catalog or the pipeline lock too long
├── CatalogCorruptError  the catalog file is not a catalog (or was written by a newer innocast)
├── ItemNotFoundError    an item id or slug names nothing in the catalog
└── StoreError           the blob store (catalog.blobs) cannot be used
    ├── StoreUnreachableError  it cannot be opened or reached (no such bucket, endpoint down)
    ├── StoreMismatchError     it is not the flow's store (another bucket, an empty folder)
    └── StoreCorruptError      an object is missing or holds other content than its key says
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


class StoreError(CatalogError):
    """The blob store cannot be used."""


class StoreUnreachableError(StoreError):
    """The blob store cannot be opened or reached."""


class StoreMismatchError(StoreError):
    """The blob store reached is not the one the flow uses."""


class StoreCorruptError(StoreError):
    """An object is missing from the store or does not hold what its key says."""
