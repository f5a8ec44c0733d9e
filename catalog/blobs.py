"""The blob store: files by content key, in the data folder or behind any fsspec URL.

Tasks that may run on other machines share nothing with the flow but this store: they read
audio from it by key and write what they make (prepared audio, transcripts) to it by key. A key
is `<sha256><suffix>` and lives at `blobs/<first two hex digits>/<key>`, the layout of the
catalog's own file folder, so the default store (the data folder itself) needs no copying.

A store carries a marker object written once with a random id; the flow passes that id to every
task, so a worker pointed at another bucket or an empty folder finds out before it does any work.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fsspec

from catalog.errors import StoreCorruptError, StoreMismatchError, StoreUnreachableError
from catalog.files import CHUNK, PUBLIC_MODE, sha256_bytes, sha256_file

MARKER = "innocast-store.json"
_KEY = re.compile(r"[0-9a-f]{64}\.[a-z0-9]{1,8}")
# A transcript is at most a few MB; anything read whole into memory is bounded.
MAX_READ_BYTES = 64 << 20


@dataclass(frozen=True)
class StoreRef:
    """What a task needs to reach the flow's store and to know it is that store.

    Secrets never travel here (Prefect records task parameters): workers take credentials
    from their own environment, e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for S3.
    """

    url: str
    identity: str
    options: Mapping[str, str] = field(default_factory=dict)


def is_key(key: str) -> bool:
    """True for a well-formed content key, the only names a store ever uses.

    >>> is_key("ab" * 32 + ".mp3"), is_key("../etc/passwd"), is_key("ab" * 32 + ".MP3")
    (True, False, False)
    """
    return bool(_KEY.fullmatch(key))


def blob_key(digest: str, suffix: str) -> str:
    """The content key of a file with this SHA-256 and suffix.

    >>> blob_key("ab" * 32, ".json")[-9:]
    'abab.json'
    """
    key = f"{digest}{suffix}"
    if not is_key(key):
        raise ValueError(f"not a content key: {key!r}")
    return key


class BlobStore:
    """Files by content key under one fsspec URL (a local folder by default)."""

    def __init__(self, url: str, options: Mapping[str, str] | None = None) -> None:
        self.url = url
        self.options = dict(options or {})
        try:
            self.fs, self.root = fsspec.core.url_to_fs(url, **_fs_options(url, self.options))
        except (ImportError, ValueError) as exc:
            raise StoreUnreachableError(f"store {url}: cannot open it ({_line(exc)})") from exc
        self.root = self.root.rstrip("/")
        self.local = "file" in _protocols(self.fs)

    def path(self, key: str) -> str:
        """Where the object with this key lives in the store."""
        if not is_key(key):
            raise ValueError(f"not a content key: {key!r}")
        return f"{self.root}/blobs/{key[:2]}/{key}"

    def has(self, key: str) -> bool:
        """True if the store holds the object with this key."""
        return self._call(lambda: self.fs.exists(self.path(key)))

    def put_file(self, source: Path, suffix: str) -> str:
        """Store a file under its content key (once); return the key."""
        key = blob_key(sha256_file(source), suffix)
        if not self.has(key):
            self._write(key, lambda target: self.fs.put_file(str(source), target))
        return key

    def put_bytes(self, data: bytes, suffix: str) -> str:
        """Store bytes under their content key (once); return the key."""
        key = blob_key(sha256_bytes(data), suffix)
        if not self.has(key):
            self._write(key, lambda target: self.fs.pipe_file(target, data))
        return key

    def get_file(self, key: str, target: Path) -> Path:
        """Copy the object to `target` (written whole or not at all), checking its content."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        tmp = Path(name)
        try:
            os.fchmod(fd, PUBLIC_MODE)
            with open(fd, "wb") as out, self._call(lambda: self.fs.open(self.path(key))) as src:
                while chunk := self._call(lambda: src.read(CHUNK)):
                    out.write(chunk)
            self._check(key, sha256_file(tmp))
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return target

    def reader_path(self, key: str, folder: Path) -> Path:
        """A local file holding the object: the store's own file when the store is a folder
        (nothing copied), else a checked copy downloaded into `folder`."""
        if self.local:
            path = Path(self.path(key))
            if not path.is_file():
                raise StoreCorruptError(f"store {self.url}: missing object {key}")
            return path
        return self.get_file(key, folder / key)

    def read_bytes(self, key: str) -> bytes:
        """The object's content (at most MAX_READ_BYTES), checked against its key."""
        size = self._call(lambda: self.fs.size(self.path(key)))
        if size > MAX_READ_BYTES:
            raise StoreCorruptError(f"store {self.url}: {key} is {size} bytes, over the limit")
        data = self._call(lambda: self.fs.cat_file(self.path(key)))
        self._check(key, sha256_bytes(data))
        return data

    def identity(self) -> str | None:
        """The id in the store's marker, or None if the store has none."""
        marker = f"{self.root}/{MARKER}"
        if not self._call(lambda: self.fs.exists(marker)):
            return None
        try:
            found = json.loads(self._call(lambda: self.fs.cat_file(marker))[:4096])
            return str(found["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreCorruptError(f"store {self.url}: {MARKER} is not a store marker") from exc

    def claim(self) -> str:
        """The store's id, writing a marker with a new random id first if it has none."""
        found = self.identity()
        if found is not None:
            return found
        self._call(lambda: self.fs.makedirs(self.root, exist_ok=True))
        marker = json.dumps({"id": uuid.uuid4().hex, "by": "innocast"}).encode()
        self._call(lambda: self.fs.pipe_file(f"{self.root}/{MARKER}", marker))
        # Two flows claiming at once: both read back whichever marker landed.
        return self.identity() or ""

    def verify(self, expected: str) -> None:
        """Refuse, in one line naming what was found, a store that is not the expected one."""
        found = self.identity()
        if found is None:
            raise StoreMismatchError(
                f"store {self.url}: no innocast store here (no {MARKER}); "
                f"the flow's store is {expected}"
            )
        if found != expected:
            raise StoreMismatchError(
                f"store {self.url}: this is store {found}, not the flow's store {expected}"
            )

    def _write(self, key: str, upload: Any) -> None:
        target = self.path(key)
        self._call(lambda: self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True))
        if not self.local:
            # An object store makes an upload visible whole or not at all.
            self._call(lambda: upload(target))
            return
        # A folder does not: write beside the target and rename, as catalog.files does.
        tmp = f"{target}.{uuid.uuid4().hex}.tmp"
        try:
            self._call(lambda: upload(tmp))
            Path(tmp).chmod(PUBLIC_MODE)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _check(self, key: str, digest: str) -> None:
        if not key.startswith(digest):
            raise StoreCorruptError(f"store {self.url}: {key} holds other content ({digest[:12]})")

    def _call(self, action: Any) -> Any:
        """Run a store operation; an unreachable store or a missing object becomes one line."""
        try:
            return action()
        except FileNotFoundError as exc:
            raise StoreCorruptError(f"store {self.url}: missing object ({_line(exc)})") from exc
        except Exception as exc:
            # fsspec back ends raise their own errors (botocore's, aiohttp's) for a dead endpoint
            # or refused credentials; none of them, nor an OSError, is a bug of ours.
            if isinstance(exc, OSError) or type(exc).__module__.split(".")[0] in _BACKEND_MODULES:
                raise StoreUnreachableError(
                    f"store {self.url}: cannot reach it ({_line(exc)})"
                ) from exc
            raise


_BACKEND_MODULES = {"botocore", "aiobotocore", "aiohttp", "s3fs", "gcsfs", "adlfs", "fsspec"}
_open: dict[tuple[str, str, tuple[tuple[str, str], ...]], BlobStore] = {}
_opening = threading.Lock()


def located(url: str, options: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Where this machine reaches a store: INNOCAST_STORE_URL and INNOCAST_STORE_ENDPOINT_URL,
    where set, override the flow's config (a shared folder mounted elsewhere, a nearer
    endpoint); the marker then tells whether it is the same store."""
    found = dict(options)
    if os.environ.get("INNOCAST_STORE_ENDPOINT_URL"):
        found["endpoint_url"] = os.environ["INNOCAST_STORE_ENDPOINT_URL"]
    return os.environ.get("INNOCAST_STORE_URL") or url, found


def worker_store(ref: StoreRef) -> BlobStore:
    """The flow's store as a worker reaches it, checked once per process to be that store."""
    url, options = located(ref.url, ref.options)
    key = (url, ref.identity, tuple(sorted(options.items())))
    with _opening:
        if key not in _open:
            store = BlobStore(url, options)
            store.verify(ref.identity)
            _open[key] = store
        return _open[key]


def _fs_options(url: str, options: Mapping[str, str]) -> dict[str, Any]:
    """fsspec's options for a URL: an S3 endpoint goes into the client's arguments.

    >>> _fs_options("s3://b", {"endpoint_url": "http://127.0.0.1:9000"})
    {'client_kwargs': {'endpoint_url': 'http://127.0.0.1:9000'}}
    >>> _fs_options("/srv/store", {})
    {}
    """
    found = dict(options)
    endpoint = found.pop("endpoint_url", "")
    if endpoint and url.startswith(("s3://", "s3a://")):
        found["client_kwargs"] = {"endpoint_url": endpoint}
    return found


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
