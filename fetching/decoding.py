"""Undoing a response's content encodings in bounded pieces, however many layers are stacked.

httpx decodes a whole wire chunk at once, so a few kilobytes of `gzip, gzip` become gigabytes
before anyone can count them. Here every layer is a zlib decompressor asked for at most `PIECE`
bytes at a time, and each piece goes on to the next layer the same way: no step ever holds more
than one piece per layer, and the caller counts (and stops) after every piece.

>>> import gzip
>>> body = gzip.compress(gzip.compress(b"a" * 300_000))
>>> pieces = list(decoded([body[:10], body[10:]], "gzip, gzip", shown="u"))
>>> b"".join(pieces) == b"a" * 300_000, max(map(len, pieces)) <= PIECE
(True, True)
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from fetching.errors import FetchError

PIECE = 64 * 1024
# What we ask for. Brotli and zstd need extra libraries and are not asked for; a server that
# sends them anyway is refused by name rather than stored as compressed bytes.
ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_IDENTITY = frozenset({"", "identity"})
# More layers than any honest server stacks; each layer costs a decompressor's window.
MAX_LAYERS = 4


def decoded(chunks: Iterable[bytes], content_encoding: str, *, shown: str) -> Iterator[bytes]:
    """The body of `chunks` with every layer of `content_encoding` undone, in pieces of at most
    `PIECE` bytes (FetchError naming `shown` for an unknown encoding or a corrupt layer)."""
    names = [name.strip().lower() for name in content_encoding.split(",")]
    names = [name for name in names if name not in _IDENTITY]
    if len(names) > MAX_LAYERS:
        raise FetchError(f"{shown}: {len(names)} stacked content encodings, at most {MAX_LAYERS}")
    pieces: Iterable[bytes] = chunks
    # Encodings are listed in the order they were applied, so they are undone from the last.
    for name in reversed(names):
        if name not in _WBITS:
            raise FetchError(f"{shown}: the server sent an unsupported content encoding {name!r}")
        pieces = _layer(pieces, name, shown)
    for piece in pieces:
        # An undecoded chunk can be one wire read of any size: cut it to pieces too.
        for start in range(0, len(piece), PIECE):
            yield piece[start : start + PIECE]


def _layer(pieces: Iterable[bytes], name: str, shown: str) -> Iterator[bytes]:
    """One layer undone, each output at most `PIECE` bytes."""
    inflater = zlib.decompressobj(_WBITS[name])
    first = True
    for piece in pieces:
        data = piece
        while True:
            try:
                out = inflater.decompress(data, PIECE)
            except zlib.error as exc:
                if not (first and name == "deflate"):
                    raise FetchError(f"{shown}: the body is not valid {name} ({exc})") from exc
                # Some servers send raw deflate without the zlib header (httpx accepts it too).
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                first = False
                continue
            first = False
            if out:
                yield out
            data = inflater.unconsumed_tail
            # A full piece may leave output pending inside the decompressor: ask again.
            if not data and len(out) < PIECE:
                break
