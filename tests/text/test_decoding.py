"""Page bytes to text: byte order marks, and Swedish pages that declare no charset."""

from __future__ import annotations

import codecs

import pytest

from text.decoding import decode_html

PAGE = "<p>Välkommen till mötet på fredag, säger Åsa.</p>"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + PAGE.encode("utf-8"),
        codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
def test_decode_html_follows_the_byte_order_mark(data: bytes) -> None:
    assert decode_html(data) == PAGE


@pytest.mark.parametrize("encoding", ["cp1252", "iso8859-15", "mac_roman"])
def test_decode_html_reads_a_short_undeclared_swedish_page(encoding: str) -> None:
    assert decode_html(PAGE.encode(encoding)) == PAGE
