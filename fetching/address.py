"""Which hosts a fetch may reach: public addresses only, unless the caller allows private ones.

A host name is resolved once here and the request is then sent to the address that was checked
(see `fetcher`), so a name cannot resolve to a public address for the check and to a private one
for the connection (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import re
import socket

import httpx

from fetching.errors import TransientFetchError, UnsafeURLError

SCHEMES = frozenset({"http", "https"})
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def names_url(text: str) -> bool:
    """Whether `text` is written as a URL (a scheme and "://") rather than a local path. Any
    scheme counts, so that `fetch` refuses file:// and the like by name instead of their being
    looked for as odd file names.

    >>> names_url("https://example.se/a.mp3"), names_url("file:///etc/passwd")
    (True, True)
    >>> names_url("audio/a.mp3"), names_url("C:/audio/a.mp3")
    (False, False)
    """
    return _URL.match(text) is not None

# Cloud instance-metadata endpoints; they are link-local or unique-local anyway, but are named
# here because reaching them is the usual aim of a server-side request forgery.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),
        ipaddress.ip_address("169.254.170.2"),
        ipaddress.ip_address("fd00:ec2::254"),
    }
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: str) -> bool:
    """Say whether an IP address is globally reachable (not private, loopback, link-local...).

    >>> is_public_address("93.184.215.14")
    True
    >>> is_public_address("2a00:1450:4010:c05::65")
    True
    >>> [is_public_address(a) for a in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4")]
    [False, False, False, False]
    >>> [is_public_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "::1", "fe80::1")]
    [False, False, False, False]
    >>> [is_public_address(a) for a in ("0.0.0.0", "224.0.0.1", "240.0.0.1", "100.64.0.1")]
    [False, False, False, False]
    >>> is_public_address("::ffff:127.0.0.1")
    False
    """
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip not in METADATA_ADDRESSES and ip.is_global and not ip.is_multicast


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: httpx.URL, *, allow_private: bool, shown: str) -> str | None:
    """Refuse `url` unless its scheme is http(s) and its host is public; return the address to pin.

    The returned address is the checked one to connect to, or None when nothing needs pinning
    (the host is an IP literal, or private addresses are allowed). `shown` names the URL in errors.
    """
    if url.scheme not in SCHEMES:
        raise UnsafeURLError(f"{shown}: only http and https URLs are fetched, not {url.scheme!r}")
    host = url.host
    if not host:
        raise UnsafeURLError(f"{shown}: the URL has no host")
    if allow_private:
        return None
    literal = _ip_literal(host)
    if literal is not None:
        if not is_public_address(str(literal)):
            raise UnsafeURLError(f"{shown}: refused to fetch from the non-public address {host}")
        return None
    try:
        infos = socket.getaddrinfo(host, url.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TransientFetchError(f"{shown}: could not resolve the host {host} ({exc})") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeURLError(
                f"{shown}: refused to fetch from {host}, which resolves to the non-public "
                f"address {address}"
            )
    if not addresses:
        raise TransientFetchError(f"{shown}: the host {host} has no address")
    return addresses[0]
