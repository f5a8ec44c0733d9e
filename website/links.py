"""Names and links taken from the view model, checked before they become paths or hrefs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from website.errors import UnsafeValueError

NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?")
# A site-relative URL: path segments of safe characters, no "..", no scheme, no leading slash.
RELATIVE = re.compile(r"(?!.*(?:^|/)\.\.?(?:/|$))[A-Za-z0-9._~%-]+(?:/[A-Za-z0-9._~%-]+)*")


def safe_name(value: str, field: str) -> str:
    """Return `value` if it can name a folder (a slug or theme id), else raise UnsafeValueError.

    >>> safe_name("avsnitt-12", "episode.slug")
    'avsnitt-12'
    >>> safe_name("../etc", "episode.slug")
    Traceback (most recent call last):
    ...
    website.errors.UnsafeValueError: episode.slug: '../etc' is not a safe name ([a-z0-9-])
    """
    if not NAME.fullmatch(value):
        raise UnsafeValueError(f"{field}: {value!r} is not a safe name ([a-z0-9-])")
    return value


def site_href(url: str, root: str, field: str) -> str:
    """The href of a site-relative or http(s) URL from a page whose way to the root is `root`.

    >>> site_href("audio/ep-1.mp3", "../../", "episode.audio_url")
    '../../audio/ep-1.mp3'
    >>> site_href("https://cdn.example.org/ep-1.mp3", "../../", "episode.audio_url")
    'https://cdn.example.org/ep-1.mp3'
    >>> site_href("javascript:x", "", "audio")
    Traceback (most recent call last):
    ...
    website.errors.UnsafeValueError: audio: 'javascript:x' is not a site-relative or http(s) URL
    """
    if RELATIVE.fullmatch(url):
        return root + url
    if external_href(url) is not None:
        return url
    raise UnsafeValueError(f"{field}: {url!r} is not a site-relative or http(s) URL")


def external_href(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL without spaces or control characters, else None.

    >>> external_href("https://www.vinnova.se/nyheter/1")
    'https://www.vinnova.se/nyheter/1'
    >>> external_href("javascript:alert(1)") is None
    True
    """
    if not url or len(url) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url


__all__ = ["external_href", "safe_name", "site_href"]
