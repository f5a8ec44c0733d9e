"""Fetching one URL safely: http(s) only, public addresses, bounded redirects, size and time.

Redirects are followed here, not by httpx, so that every hop is checked like the first URL.
Nothing is retried: a `TransientFetchError` tells the caller (a Prefect task) to try again later.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from fetching.address import check_url
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
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """A fetched response: where it ended up, its media type and charset, and its body."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    content: bytes


def fetch(
    url: str,
    *,
    max_bytes: int = 10_000_000,
    timeout: float = 20.0,
    max_redirects: int = 5,
    allow_private: bool = False,
    accept: str | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """Fetch `url` into memory; no connect or read, nor the whole transfer, may exceed `timeout`."""
    deadline = time.monotonic() + timeout
    with _response(
        url,
        timeout=timeout,
        max_redirects=max_redirects,
        allow_private=allow_private,
        accept=accept,
        client=client,
    ) as (response, final_url):
        chunks = list(_chunks(response, url, max_bytes=max_bytes, deadline=deadline))
        return _fetched(url, final_url, response, b"".join(chunks))


def fetch_to_file(
    url: str,
    dest: Path,
    *,
    max_bytes: int = 500_000_000,
    timeout: float = 60.0,
    allow_private: bool = False,
    client: httpx.Client | None = None,
) -> Fetched:
    """Stream `url` into `dest` whole or not at all (a temporary file renamed over it)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _response(
        url,
        timeout=timeout,
        max_redirects=5,
        allow_private=allow_private,
        accept=None,
        client=client,
    ) as (response, final_url):
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in _chunks(response, url, max_bytes=max_bytes, deadline=None):
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
    )


@contextlib.contextmanager
def _response(
    url: str,
    *,
    timeout: float,
    max_redirects: int,
    allow_private: bool,
    accept: str | None,
    client: httpx.Client | None,
) -> Iterator[tuple[httpx.Response, str]]:
    """Yield the streamed final response (2xx) after following and checking every redirect."""
    with contextlib.ExitStack() as stack:
        if client is None:
            # trust_env=False: no proxy or .netrc credentials taken from the environment.
            client = stack.enter_context(httpx.Client(trust_env=False))
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise UnsafeURLError(f"{url}: not a valid URL ({exc})") from exc
        headers = {"User-Agent": USER_AGENT, "Accept": accept or "*/*"}
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
    with _mapped_errors(shown):
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
    response: httpx.Response, shown: str, *, max_bytes: int, deadline: float | None
) -> Iterator[bytes]:
    """Yield the (decoded) body in chunks, stopping at `max_bytes` or at the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(f"{shown}: the body is {declared} bytes, more than {max_bytes}")
    received = 0
    with _mapped_errors(shown):
        for chunk in response.iter_bytes(CHUNK):
            received += len(chunk)
            if received > max_bytes:
                raise TooLargeError(f"{shown}: the body is more than {max_bytes} bytes")
            if deadline is not None and time.monotonic() > deadline:
                raise FetchTimeout(f"{shown}: the transfer took too long")
            yield chunk


@contextlib.contextmanager
def _mapped_errors(shown: str) -> Iterator[None]:
    """Turn httpx's exceptions into this package's, naming the URL."""
    try:
        yield
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"{shown}: timed out ({type(exc).__name__})") from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"{shown}: the body could not be decoded ({exc})") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise UnsafeURLError(f"{shown}: not a URL that can be fetched ({exc})") from exc
    except httpx.TransportError as exc:
        raise TransientFetchError(f"{shown}: connection failed ({type(exc).__name__})") from exc
