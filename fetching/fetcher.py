"""Fetching one URL safely: http(s) only, public addresses, bounded redirects, size and time.

The size limit counts decoded bytes as they are decoded, piece by piece (`decoding`), and the
time limit is one deadline for the whole fetch, enforced on every socket operation (`deadline`).

Redirects are followed here, not by httpx, so that every hop is checked like the first URL.
Nothing is retried: a `TransientFetchError` tells the caller (a Prefect task) to try again later.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from fetching.address import check_url
from fetching.deadline import deadline_client
from fetching.decoding import ACCEPT_ENCODING, decoded
from fetching.errors import (
    FetchError,
    FetchHTTPError,
    FetchTimeout,
    TooLargeError,
    TransientFetchError,
    UnsafeURLError,
)

USER_AGENT = "innocast/0.1 (+https://github.com/innocast)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({408, 425, 429})
# Seconds a whole fetch may take (connect, headers, body): a page or feed, and a file (audio).
DEFAULT_TIMEOUT = 30.0
DEFAULT_FILE_TIMEOUT = 900.0


@dataclass(frozen=True)
class Fetched:
    """A fetched response: where it ended up, its media type and charset, and its body.

    `status` 304 means the resource has not changed since the `etag` or `last_modified` the
    caller sent (`fetch_to_file` then writes nothing); both validators are kept for next time.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    content: bytes
    etag: str | None = None
    last_modified: str | None = None


def fetch(
    url: str,
    *,
    max_bytes: int = 10_000_000,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = 5,
    allow_private: bool = False,
    accept: str | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Fetch `url` into memory: at most `max_bytes` decoded, all of it within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with _response(
        url,
        deadline=deadline,
        timeout=timeout,
        max_redirects=max_redirects,
        allow_private=allow_private,
        headers={"Accept": accept or "*/*"},
        client=client,
    ) as (response, final_url):
        chunks = list(
            _chunks(response, url, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
        )
        return _fetched(url, final_url, response, b"".join(chunks))


def fetch_to_file(
    url: str,
    dest: Path,
    *,
    max_bytes: int = 500_000_000,
    timeout: float = DEFAULT_FILE_TIMEOUT,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Stream `url` into `dest` whole or not at all (a temporary file renamed over it), within
    `timeout` seconds; given the `etag` or `last_modified` of an earlier download, ask only for
    a changed body (a 304 answer leaves `dest` alone)."""
    deadline = time.monotonic() + timeout
    headers = {"Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _response(
        url,
        deadline=deadline,
        timeout=timeout,
        max_redirects=5,
        allow_private=allow_private,
        headers=headers,
        client=client,
    ) as (response, final_url):
        if response.status_code == 304:
            return _fetched(url, final_url, response, b"")
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                pieces = _chunks(
                    response, url, max_bytes=max_bytes, deadline=deadline, timeout=timeout
                )
                for chunk in pieces:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return _fetched(url, final_url, response, b"")


def _fetched(url: str, final_url: str, response: httpx.Response, content: bytes) -> Fetched:
    media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return Fetched(
        url=url,
        final_url=final_url,
        status=response.status_code,
        content_type=media_type,
        charset=response.charset_encoding,
        content=content,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


@contextlib.contextmanager
def _response(
    url: str,
    *,
    deadline: float,
    timeout: float,
    max_redirects: int,
    allow_private: bool,
    headers: dict[str, str],
    client: httpx.Client | None,
) -> Iterator[tuple[httpx.Response, str]]:
    """Yield the streamed final response (2xx, or 304 to a conditional request) after following
    and checking every redirect."""
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(deadline_client(deadline))
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise UnsafeURLError(f"{url}: not a valid URL ({exc})") from exc
        # Our own Accept-Encoding: only encodings `decoded` undoes in bounded pieces.
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, **headers}
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        for hop in range(max_redirects + 1):
            response = _send(client, current, headers, timeout, allow_private, shown=url)
            stack.callback(response.close)
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                if hop == max_redirects:
                    raise FetchHTTPError(
                        f"{url}: more than {max_redirects} redirects", response.status_code
                    )
                try:
                    current = current.join(location)
                except httpx.InvalidURL as exc:
                    raise UnsafeURLError(f"{url}: redirected to an invalid URL") from exc
                response.close()
                continue
            if not (conditional and response.status_code == 304):
                _check_status(response, url)
            yield response, str(current)
            return


def _send(
    client: httpx.Client,
    url: httpx.URL,
    headers: dict[str, str],
    timeout: float,
    allow_private: bool,
    *,
    shown: str,
) -> httpx.Response:
    pinned = check_url(url, allow_private=allow_private, shown=shown)
    target, extensions = url, {}
    request_headers = dict(headers)
    if pinned is not None:
        # Connect to the address that was checked; Host and TLS name stay the original host.
        target = url.copy_with(host=pinned)
        request_headers["Host"] = url.netloc.decode("ascii")
        if url.scheme == "https":
            extensions["sni_hostname"] = url.host
            # The pool keys connections by address: a kept-alive TLS connection verified for
            # one host must not carry a request for another host on the same address.
            request_headers["Connection"] = "close"
    with _mapped_errors(shown, timeout):
        request = client.build_request(
            "GET", target, headers=request_headers, timeout=timeout, extensions=extensions
        )
        return client.send(request, stream=True, follow_redirects=False)


def _check_status(response: httpx.Response, shown: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = f"{status} {response.reason_phrase}".strip()
    if status >= 500 or status in TRANSIENT_STATUSES:
        raise TransientFetchError(f"{shown}: the server answered {reason}", status)
    raise FetchHTTPError(f"{shown}: the server answered {reason}", status)


def _chunks(
    response: httpx.Response, shown: str, *, max_bytes: int, deadline: float, timeout: float
) -> Iterator[bytes]:
    """Yield the decoded body in pieces, stopping at `max_bytes` (on the wire or decoded, per
    piece of at most `PIECE` bytes) or at the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(f"{shown}: the body is {declared} bytes, more than {max_bytes}")
    received = 0
    with _mapped_errors(shown, timeout):
        # The stream itself, not iter_raw(): a response a test transport built in memory has
        # already been read (decoded, even) by httpx, and iter_raw() refuses it.
        stream = typing.cast(httpx.SyncByteStream, response.stream)
        raw = _counted(iter(stream), shown, max_bytes=max_bytes)
        for piece in decoded(raw, response.headers.get("content-encoding", ""), shown=shown):
            received += len(piece)
            if received > max_bytes:
                raise TooLargeError(f"{shown}: the body is more than {max_bytes} bytes decoded")
            if time.monotonic() > deadline:
                raise FetchTimeout(f"{shown}: timed out after {timeout:g} s (the fetch time limit)")
            yield piece


def _counted(chunks: Iterator[bytes], shown: str, *, max_bytes: int) -> Iterator[bytes]:
    """The wire bytes, at most `max_bytes` of them (a body that decodes to nothing is bounded)."""
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if received > max_bytes:
            raise TooLargeError(f"{shown}: the body is more than {max_bytes} bytes")
        yield chunk


@contextlib.contextmanager
def _mapped_errors(shown: str, timeout: float) -> Iterator[None]:
    """Turn httpx's exceptions into this package's, naming the URL."""
    try:
        yield
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchTimeout(
            f"{shown}: timed out after {timeout:g} s (the fetch time limit)"
        ) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise UnsafeURLError(f"{shown}: not a URL that can be fetched ({exc})") from exc
    except httpx.TransportError as exc:
        raise TransientFetchError(f"{shown}: connection failed ({type(exc).__name__})") from exc
