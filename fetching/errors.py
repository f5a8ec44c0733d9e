"""Errors of the fetching package.

FetchError
    (the base of every error this package raises; its message is one line naming the URL)
    UnsafeURLError       the URL was refused before any request: not http(s), no host, or a
                         host that resolves to a private, loopback, link-local, multicast,
                         reserved or cloud-metadata address (unless `allow_private`)
    FetchHTTPError       the server answered with a status that will not change on a retry
                         (404, 403, 410...), or too many redirects; carries `status`
    FetchTimeout         the whole fetch (connecting, headers and body) took longer than its
                         timeout, or the server sent nothing for that long
    TooLargeError        the body is larger than `max_bytes`: by Content-Length, or counted on
                         the wire and again after each piece of every content encoding undone
    TransientFetchError  a 5xx or 429 answer, a refused or reset connection, a failed DNS
                         look-up: worth retrying later with backoff (the flows do; fetch
                         itself never retries); carries `status` (None without an answer)
"""

from __future__ import annotations

from innocast.errors import InnocastError


class FetchError(InnocastError):
    """Base of every error the fetching package raises on a refused or failed fetch."""


class UnsafeURLError(FetchError):
    """The URL's scheme or address is refused."""


class FetchHTTPError(FetchError):
    """The server answered with a non-retryable status (or redirected too often)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class FetchTimeout(FetchError):
    """The fetch did not finish within its time limit."""


class TooLargeError(FetchError):
    """The response body is larger than allowed."""


class TransientFetchError(FetchError):
    """A failure that may go away on a later try (5xx, 429, connection trouble)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
