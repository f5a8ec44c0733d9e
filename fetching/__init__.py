"""Safe HTTP fetching shared by the whole project: http(s) only, public addresses, bounded."""

from fetching.address import names_url
from fetching.errors import (
    FetchError,
    FetchHTTPError,
    FetchTimeout,
    TooLargeError,
    TransientFetchError,
    UnsafeURLError,
)
from fetching.fetcher import (
    DEFAULT_FILE_TIMEOUT,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    Fetched,
    fetch,
    fetch_to_file,
)

__all__ = [
    "DEFAULT_FILE_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "FetchError",
    "FetchHTTPError",
    "FetchTimeout",
    "Fetched",
    "TooLargeError",
    "TransientFetchError",
    "UnsafeURLError",
    "fetch",
    "fetch_to_file",
    "names_url",
]
