"""The catalog: items, transcripts, tags and stored files in one SQLite store."""

from catalog.errors import (
    AmbiguousItemError,
    CatalogBusyError,
    CatalogCorruptError,
    CatalogError,
    ItemNotFoundError,
)
from catalog.files import sha256_bytes, sha256_file, write_atomic, write_if_changed
from catalog.lock import pipeline_lock
from catalog.slugs import slugify
from catalog.store import Catalog, Item, Upsert

__all__ = [
    "AmbiguousItemError",
    "Catalog",
    "CatalogBusyError",
    "CatalogCorruptError",
    "CatalogError",
    "Item",
    "ItemNotFoundError",
    "Upsert",
    "pipeline_lock",
    "sha256_bytes",
    "sha256_file",
    "slugify",
    "write_atomic",
    "write_if_changed",
]
