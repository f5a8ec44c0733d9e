"""Errors of the catalog package.

CatalogError
├── CatalogBusyError     another process holds the catalog or the pipeline lock too long
├── CatalogCorruptError  the catalog file is not a catalog, is damaged (random bytes, a row no
│                        innocast wrote), or was written by a newer innocast
├── CatalogFullError     the disk holding the data folder is full
├── ItemNotFoundError    an item id or slug names nothing in the catalog
├── AmbiguousItemError   a name is one item's id and another's slug
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


class CatalogFullError(CatalogError):
    """The disk holding the data folder has no space left."""


class ItemNotFoundError(CatalogError):
    """No item has the given id or slug."""


class AmbiguousItemError(CatalogError):
    """A name given for an item is one item's id and another item's slug."""


class StoreError(CatalogError):
    """The blob store cannot be used."""


class StoreUnreachableError(StoreError):
    """The blob store cannot be opened or reached."""


class StoreMismatchError(StoreError):
    """The blob store reached is not the one the flow uses."""


class StoreCorruptError(StoreError):
    """An object is missing from the store or does not hold what its key says."""
