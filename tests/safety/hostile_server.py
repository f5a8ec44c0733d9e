"""A hostile HTTP server on 127.0.0.1: compression bombs, trickles, endless bodies, huge feeds.

Each answer is written byte for byte on the socket (no HTTP library in between), so the server
can do what a well-behaved one never would: stack content encodings, send headers one byte a
second, never end a body. Paths:

    /bomb/<layers>          `layers` (e.g. `gzip,gzip`) of a `BOMB_BYTES` body of zeros,
                            declared as `Content-Encoding: <layers>` (br or zstd declared only)
    /trickle-headers        a status line, then header bytes one every `TRICKLE_SECONDS`
    /trickle-body[.mp3]     headers at once, then body bytes one every `TRICKLE_SECONDS`
    /endless[.mp3]          headers at once, then zeros as fast as they are read, forever
    /huge-feed.xml          an RSS feed of `FEED_ITEMS` items, each with audio at /audio/N.mp3
    /audio/N.mp3            404 (counted in `requests`, like every path)
"""

from __future__ import annotations

import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from functools import cache
from urllib.parse import unquote

BOMB_BYTES = 2_000_000_000
TRICKLE_SECONDS = 1.0
FEED_ITEMS = 20_000
_ZEROS = b"\0" * (1 << 20)
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


@cache
def bomb(layers: str) -> bytes:
    """`BOMB_BYTES` zeros compressed once per layer, in the order Content-Encoding lists them."""
    names = [name.strip() for name in layers.split(",")]
    body = _zeros_compressed(names[0])
    # An encoding it cannot make (br, zstd) is only declared: a client must refuse it by name.
    for name in (name for name in names[1:] if name in _WBITS):
        layer = zlib.compressobj(9, zlib.DEFLATED, _WBITS[name])
        body = layer.compress(body) + layer.flush()
    return body


def _zeros_compressed(name: str) -> bytes:
    """`BOMB_BYTES` zeros as gzip or zlib-wrapped deflate, made in a second, not in a minute:
    after a full flush the compressor starts afresh, so every megabyte of zeros compresses to
    the same bytes, which are repeated; only the checksum is computed over the whole."""
    count = BOMB_BYTES // len(_ZEROS)
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = raw.compress(_ZEROS) + raw.flush(zlib.Z_FULL_FLUSH)
    deflated = block * count + raw.flush()
    total = count * len(_ZEROS)
    if name == "gzip":
        crc = 0
        for _ in range(count):
            crc = zlib.crc32(_ZEROS, crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        return header + deflated + struct.pack("<II", crc, total & 0xFFFFFFFF)
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(_ZEROS, adler)
    return b"\x78\xda" + deflated + struct.pack(">I", adler)


@cache
def huge_feed(base: str) -> bytes:
    """An RSS feed of `FEED_ITEMS` items whose audio is on this server."""
    items = "".join(
        f"<item><title>Avsnitt {n}</title><guid>ep-{n}</guid>"
        f'<enclosure url="{base}/audio/{n}.mp3" type="audio/mpeg" length="1000"/></item>'
        for n in range(FEED_ITEMS)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Huge</title><link>{base}/</link><description>Many items</description>"
        f"{items}</channel></rss>"
    ).encode()


class HostileServer:
    """The server, its base URL, and the paths it was asked for (with when, as
    `time.monotonic()`, in `arrivals`)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.arrivals: list[tuple[float, str]] = []
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(8192).decode("latin-1")
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass
                path = unquote(line.split(" ")[1] if line.count(" ") >= 2 else "/")
                owner.requests.append(path)
                owner.arrivals.append((time.monotonic(), path))
                try:
                    for part in owner.answer(path):
                        self.wfile.write(part)
                        self.wfile.flush()
                except OSError:
                    pass  # the client gave up: what a limit is for

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        """The absolute URL of `path`."""
        return self.base + path

    def answer(self, path: str) -> Iterator[bytes]:
        """The bytes of the answer to `path`, in the pieces (and at the pace) they are sent."""
        kind = "audio/mpeg" if path.endswith(".mp3") else "text/html; charset=utf-8"
        if path.startswith("/bomb/"):
            layers = path.removeprefix("/bomb/")
            body = bomb(layers)
            yield _head(200, kind, f"Content-Encoding: {layers}", f"Content-Length: {len(body)}")
            yield body
        elif path == "/trickle-headers":
            yield b"HTTP/1.1 200 OK\r\n"
            while True:
                yield b"X"
                time.sleep(TRICKLE_SECONDS)
        elif path.startswith("/trickle-body"):
            yield _head(200, kind, "Connection: close")
            while True:
                yield b"<"
                time.sleep(TRICKLE_SECONDS)
        elif path.startswith("/endless"):
            yield _head(200, kind, "Connection: close")
            while True:
                yield _ZEROS
        elif path == "/huge-feed.xml":
            body = huge_feed(self.base)
            yield _head(200, "application/rss+xml", f"Content-Length: {len(body)}")
            yield body
        else:
            yield _head(404, "text/plain", "Content-Length: 9") + b"not found"


def _head(status: int, content_type: str, *lines: str) -> bytes:
    reason = {200: "OK", 404: "Not Found"}[status]
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {content_type}", *lines, "", ""]
    return "\r\n".join(head).encode("latin-1")


def running_hostile_server() -> Iterator[HostileServer]:
    """Start the server, yield it, and shut it down (the body of a pytest fixture)."""
    server = HostileServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
