"""A real S3-compatible server (moto's server mode) on 127.0.0.1 for object-store tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
# moto accepts any credentials; these only keep boto from looking for real ones.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "innocast-test",
    "AWS_SECRET_ACCESS_KEY": "innocast-test",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def s3_server(log: Path, buckets: tuple[str, ...] = ("innocast",)) -> Iterator[str]:
    """Run `moto_server` on 127.0.0.1 with these buckets; yield its endpoint URL."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **CREDENTIALS},
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(endpoint, timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise AssertionError(f"moto_server did not start: see {log}") from None
                    time.sleep(0.3)
            for bucket in buckets:
                httpx.put(f"{endpoint}/{bucket}", timeout=10).raise_for_status()
            yield endpoint
        finally:
            server.terminate()
            server.wait(30)
