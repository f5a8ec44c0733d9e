"""The flow's blob store: opened from the config, claimed once, and shared with the catalog.

The catalog keeps every file it needs in the data folder (publishing hard-links them); the store
is where workers on other machines find the audio and leave what they make. With the default
store, the data folder itself, sharing and fetching find every file already in place.
"""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog
from catalog.blobs import BlobStore, StoreRef, blob_key, located
from steps.config import StoreSettings


def flow_store(settings: StoreSettings, data_dir: Path) -> tuple[BlobStore, StoreRef]:
    """Open the configured store (the data folder by default), claim it, and say how tasks
    reach it."""
    url, options = located(
        settings.url or str(data_dir.absolute()),
        {"endpoint_url": settings.endpoint_url} if settings.endpoint_url else {},
    )
    store = BlobStore(url, options)
    return store, StoreRef(url=url, identity=store.claim(), options=options)


def local_store(catalog: Catalog) -> BlobStore:
    """The catalog's data folder as a store, for steps run in one process."""
    store = BlobStore(str(catalog.data_dir.absolute()))
    store.claim()
    return store


def share(catalog: Catalog, store: BlobStore, digest: str, suffix: str) -> str:
    """Put one of the catalog's files into the store unless it is there; return its key."""
    key = blob_key(digest, suffix)
    if not store.has(key):
        store.put_file(catalog.blob_path(digest, suffix), suffix)
    return key


def fetch(catalog: Catalog, store: BlobStore, key: str) -> Path:
    """Bring an object the workers made into the catalog's files unless it is there."""
    path = catalog.blob_path(key[:64], key[64:])
    if not path.exists():
        store.get_file(key, path)
    return path
