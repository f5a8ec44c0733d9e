"""URLs found on pages: absolute http(s) only, without fragments and tracking parameters."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

MAX_URL_CHARS = 2000
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi"})


def absolute_url(href: str, base: str | None) -> str | None:
    """`href` resolved against `base` and normalised, or None unless it is http(s).

    >>> absolute_url("/nyheter/a?utm_source=x&id=3#top", "https://Example.se/start")
    'https://example.se/nyheter/a?id=3'
    >>> absolute_url("mailto:a@example.se", None) is None
    True
    >>> absolute_url("javascript:alert(1)", "https://example.se/") is None
    True
    """
    href = href.strip()
    if not href or len(href) > MAX_URL_CHARS:
        return None
    try:
        parts = urlsplit(urljoin(base or "", href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    query = urlencode(
        [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not name.startswith(_TRACKING_PREFIXES) and name not in _TRACKING_NAMES
        ]
    )
    netloc = parts.netloc.lower() if not parts.username else parts.netloc
    return urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))


def same_site(a: str, b: str) -> bool:
    """Say whether two URLs are on the same host (ignoring a leading "www.").

    >>> same_site("https://www.partsradet.se/a", "http://partsradet.se/b")
    True
    >>> same_site("https://partsradet.se/a", "https://evil.example/partsradet.se")
    False
    """

    def host(url: str) -> str:
        name = urlsplit(url).hostname or ""
        return name.removeprefix("www.")

    return host(a) == host(b) != ""
