"""The editor app served by a real uvicorn on a 127.0.0.x address, in a thread of the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from editor import EditorSettings, create_app
from tests.objectstore import free_port


@contextmanager
def serving(settings: EditorSettings, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the app for the block; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host=host, port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("the editor did not start")
        time.sleep(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(10)


def csrf_of(client: httpx.Client, url: str) -> str:
    """The CSRF token of the form on the page at `url` (loading it starts a session)."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    marker = 'name="csrf" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start:page.text.index('"', start)]
