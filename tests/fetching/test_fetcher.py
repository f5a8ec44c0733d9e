"""Fetching over a real local server: success, refusals, limits, redirects and errors."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest

from fetching import (
    USER_AGENT,
    FetchHTTPError,
    FetchTimeout,
    TooLargeError,
    TransientFetchError,
    UnsafeURLError,
    fetch,
    fetch_to_file,
)
from tests.fetching.local_server import LocalServer

PAGE = "<html><body><p>Hej på dig</p></body></html>".encode()


def test_fetch_returns_body_type_and_charset(server: LocalServer) -> None:
    url = server.add("/page", PAGE, content_type="text/html; charset=ISO-8859-1")
    fetched = fetch(url, allow_private=True)
    assert fetched.content == PAGE
    assert (fetched.url, fetched.final_url, fetched.status) == (url, url, 200)
    assert fetched.content_type == "text/html"
    assert fetched.charset == "iso-8859-1"


def test_fetch_sends_user_agent_and_accept(server: LocalServer) -> None:
    url = server.add("/page", PAGE)
    fetch(url, allow_private=True, accept="application/rss+xml")
    headers = server.requests[-1][1]
    assert headers["User-Agent"] == USER_AGENT
    assert headers["Accept"] == "application/rss+xml"


def test_fetch_refuses_loopback_without_opt_in(server: LocalServer) -> None:
    url = server.add("/page", PAGE)
    with pytest.raises(UnsafeURLError, match=r"127\.0\.0\.1.*non-public address"):
        fetch(url)
    assert server.requests == []


def test_fetch_refuses_localhost_by_name(server: LocalServer) -> None:
    port = server.server.server_address[1]
    server.add("/page", PAGE)
    with pytest.raises(UnsafeURLError, match="resolves to the non-public address"):
        fetch(f"http://localhost:{port}/page")
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example.org/file.txt",
        "gopher://example.org/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fe80::1]/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http:///no-host",
    ],
)
def test_fetch_refuses_unsafe_urls(url: str) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        fetch(url)
    message = str(caught.value)
    assert message.startswith(url)
    assert "\n" not in message


def test_fetch_follows_redirects_within_bound(server: LocalServer) -> None:
    server.add("/final", PAGE)
    server.redirect("/b", "/final", status=301)
    start = server.redirect("/a", server.url("/b"))
    fetched = fetch(start, allow_private=True, max_redirects=2)
    assert fetched.final_url == server.url("/final")
    assert fetched.content == PAGE


def test_fetch_refuses_too_many_redirects(server: LocalServer) -> None:
    for hop in range(4):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.add("/r4", PAGE)
    with pytest.raises(FetchHTTPError, match="more than 3 redirects"):
        fetch(server.url("/r0"), allow_private=True, max_redirects=3)


def test_fetch_rechecks_every_redirect_hop() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(UnsafeURLError, match=r"169\.254\.169\.254"):
        fetch("http://93.184.215.14/start", client=client)


def test_fetch_refuses_redirect_to_file_scheme(server: LocalServer) -> None:
    url = server.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(UnsafeURLError, match="only http and https"):
        fetch(url, allow_private=True)


def test_fetch_refuses_declared_oversize_body(server: LocalServer) -> None:
    url = server.add("/big", b"x" * 5000)
    with pytest.raises(TooLargeError, match="5000 bytes, more than 1000"):
        fetch(url, allow_private=True, max_bytes=1000)


def test_fetch_counts_bytes_when_length_is_not_declared(server: LocalServer) -> None:
    url = server.add("/stream", b"x" * 300_000, send_length=False)
    with pytest.raises(TooLargeError, match="more than 100000 bytes"):
        fetch(url, allow_private=True, max_bytes=100_000)


def test_fetch_bounds_decompressed_size() -> None:
    import gzip

    bomb = gzip.compress(b"\0" * 2_000_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(TooLargeError):
        fetch("http://93.184.215.14/bomb", client=client, max_bytes=100_000)


def test_fetch_reports_404_with_status(server: LocalServer) -> None:
    url = server.url("/missing")
    with pytest.raises(FetchHTTPError) as caught:
        fetch(url, allow_private=True)
    assert caught.value.status == 404
    assert str(caught.value) == f"{url}: the server answered 404 Not Found"


def test_fetch_reports_5xx_as_transient(server: LocalServer) -> None:
    url = server.add("/down", b"oops", status=503)
    with pytest.raises(TransientFetchError) as caught:
        fetch(url, allow_private=True)
    assert caught.value.status == 503


def test_fetch_times_out_on_a_slow_server(server: LocalServer) -> None:
    url = server.add("/slow", PAGE, delay=1.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"^http://127\.0\.0\.1:\d+/slow: timed out"):
        fetch(url, allow_private=True, timeout=0.3)
    assert time.monotonic() - started < 1.4


def test_fetch_reports_refused_connection_as_transient() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TransientFetchError, match="connection failed"):
        fetch(f"http://127.0.0.1:{port}/", allow_private=True)


def test_fetch_connects_to_the_checked_address(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"ok")

    def resolve(host: str, *args: object, **kwargs: object) -> list[tuple]:
        assert host == "nyheter.example.se"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetched = fetch("https://nyheter.example.se/a", client=client)
    assert fetched.final_url == "https://nyheter.example.se/a"
    assert seen[0].url.host == "93.184.215.14"
    assert seen[0].headers["Host"] == "nyheter.example.se"
    assert seen[0].extensions["sni_hostname"] == "nyheter.example.se"
    assert seen[0].headers["Connection"] == "close"


def test_fetch_to_file_writes_the_body(server: LocalServer, tmp_path: Path) -> None:
    audio = bytes(range(256)) * 1000
    url = server.add("/ep.mp3", audio, content_type="audio/mpeg")
    dest = tmp_path / "audio" / "ep.mp3"
    fetched = fetch_to_file(url, dest, allow_private=True)
    assert dest.read_bytes() == audio
    assert (fetched.content_type, fetched.content) == ("audio/mpeg", b"")


def test_fetch_to_file_leaves_nothing_half_written(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/huge.mp3", b"x" * 300_000, send_length=False)
    dest = tmp_path / "ep.mp3"
    dest.write_bytes(b"old")
    with pytest.raises(TooLargeError):
        fetch_to_file(url, dest, allow_private=True, max_bytes=100_000)
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.mp3"]


def test_fetch_to_file_refuses_loopback(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/ep.mp3", b"x")
    with pytest.raises(UnsafeURLError):
        fetch_to_file(url, tmp_path / "ep.mp3")
    assert list(tmp_path.iterdir()) == []
