"""A real HTTP server on 127.0.0.1 in a thread, serving routes the tests declare."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True


class LocalServer:
    """Serve declared routes on 127.0.0.1 and record the requests it received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append((self.path, dict(self.headers)))
                route = owner.routes.get(self.path, Route(b"not found", 404))
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                # A client that gave up (a timeout test) breaks the pipe; that is expected.
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this server."""
        return self.base + path

    def add(
        self,
        path: str,
        body: bytes = b"",
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        delay: float = 0.0,
        send_length: bool = True,
    ) -> str:
        """Declare what `path` answers and return its URL."""
        headers = {"Content-Type": content_type}
        self.routes[path] = Route(body, status, headers, delay, send_length)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Declare a redirect from `path` to `to` and return the URL of `path`."""
        self.routes[path] = Route(status=status, headers={"Location": to})
        return self.url(path)


def running_server() -> Iterator[LocalServer]:
    """Start a server, yield it, and shut it down (the body of a pytest fixture)."""
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
