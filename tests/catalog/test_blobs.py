"""The blob store: by content key in a folder and on a real S3-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.blobs import BlobStore, StoreRef, worker_store
from catalog.errors import StoreCorruptError, StoreMismatchError, StoreUnreachableError
from catalog.files import sha256_bytes
from tests.objectstore import CREDENTIALS, free_port, s3_server


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CREDENTIALS.items():
            patch.setenv(name, value)
        log = tmp_path_factory.mktemp("moto") / "moto.log"
        with s3_server(log, buckets=("innocast", "other")) as url:
            yield url


def _stores(tmp_path: Path, endpoint: str) -> list[BlobStore]:
    return [
        BlobStore(str(tmp_path / "folder")),
        BlobStore(f"s3://innocast/{tmp_path.name}", {"endpoint_url": endpoint}),
    ]


def test_blobs_round_trip_by_content_key(tmp_path: Path, endpoint: str) -> None:
    audio = tmp_path / "episode.wav"
    audio.write_bytes(b"RIFF pretend audio" * 1000)
    for store in _stores(tmp_path, endpoint):
        key = store.put_file(audio, ".wav")
        assert key == sha256_bytes(audio.read_bytes()) + ".wav"
        assert store.has(key) and store.put_file(audio, ".wav") == key
        copy = store.get_file(key, tmp_path / "copies" / store.fs.protocol[0] / key)
        assert copy.read_bytes() == audio.read_bytes()
        read = store.reader_path(key, tmp_path / "reading")
        assert read.read_bytes() == audio.read_bytes()
        # A folder store lends its own file; an object store a downloaded copy.
        assert (read == Path(store.path(key))) is store.local
        text = store.put_bytes(b'{"segments": []}', ".json")
        assert store.read_bytes(text) == b'{"segments": []}'


def test_blobs_local_store_lives_in_the_catalog_layout(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path))
    key = store.put_bytes(b"mp3", ".mp3")
    assert (tmp_path / "blobs" / key[:2] / key).read_bytes() == b"mp3"
    assert [p.name for p in (tmp_path / "blobs" / key[:2]).iterdir()] == [key]


def test_blobs_worker_refuses_another_store_in_one_line(
    tmp_path: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = BlobStore(f"s3://innocast/{tmp_path.name}", {"endpoint_url": endpoint})
    identity = flow.claim()
    assert flow.claim() == identity
    ref = StoreRef(flow.url, identity, {"endpoint_url": endpoint})
    assert worker_store(ref).has(flow.put_bytes(b"x", ".txt"))

    monkeypatch.setenv("INNOCAST_STORE_URL", f"s3://other/{tmp_path.name}")
    with pytest.raises(StoreMismatchError) as empty:
        worker_store(ref)
    assert str(empty.value) == (
        f"store s3://other/{tmp_path.name}: no innocast store here (no innocast-store.json); "
        f"the flow's store is {identity}"
    )
    claimed = BlobStore(f"s3://other/{tmp_path.name}", {"endpoint_url": endpoint}).claim()
    with pytest.raises(StoreMismatchError, match=f"this is store {claimed}, not the flow's"):
        worker_store(ref)


def test_blobs_unreachable_endpoint_is_one_line(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    store = BlobStore("s3://innocast/x", {"endpoint_url": dead})
    with pytest.raises(StoreUnreachableError) as caught:
        store.has("ab" * 32 + ".wav")
    assert str(caught.value).startswith("store s3://innocast/x: cannot reach it (")
    assert "\n" not in str(caught.value)


def test_blobs_content_that_does_not_match_its_key_is_refused(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path))
    key = store.put_bytes(b"the real transcript", ".json")
    (tmp_path / "blobs" / key[:2] / key).write_bytes(b"tampered")
    with pytest.raises(StoreCorruptError, match="holds other content"):
        store.read_bytes(key)
    with pytest.raises(StoreCorruptError, match="missing object"):
        store.read_bytes("cd" * 32 + ".json")


def test_blobs_keys_never_choose_a_path(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path))
    for key in ("../../etc/passwd", "ab" * 32 + ".json/../x", "AB" * 32 + ".json"):
        with pytest.raises(ValueError, match="not a content key"):
            store.path(key)
