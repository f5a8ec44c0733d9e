"""Importing an existing podcast feed: golden cases, hostile XML, URLs that are not feeds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from podcast import FeedImportError, import_podcast_feed, read_podcast_feed

CASES = Path(__file__).parent / "import_cases"


def as_json(value: object) -> object:
    """The show and episodes as the JSON of a golden file."""
    return json.loads(json.dumps(value, default=lambda d: d.isoformat()))


@pytest.mark.parametrize("case", sorted(CASES.glob("*.rss")), ids=lambda p: p.stem)
def test_read_podcast_feed_matches_golden(case: Path) -> None:
    show, episodes = read_podcast_feed(case.read_bytes(), source=case.name)
    got = {
        "show": dataclasses.asdict(show),
        "episodes": [dataclasses.asdict(episode) for episode in episodes],
    }
    assert as_json(got) == json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""

INVALID = {
    "xxe": (XXE, "feed.xml: refused hostile XML (EntitiesForbidden: entity declarations are "
                 "not allowed in a feed)"),
    "billion_laughs": (BILLION_LAUGHS, "feed.xml: refused hostile XML (EntitiesForbidden: "
                                       "entity declarations are not allowed in a feed)"),
    "html_page": (b"<!doctype html><html><body><p>Hej<br></body></html>",
                  "feed.xml: not XML (syntax error: line 1, column 0)"),
    "xhtml_page": (b"<html><body><p>Hej</p></body></html>",
                   "feed.xml: not an RSS feed (the document is <html>, not <rss><channel>)"),
    "atom_feed": (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
                  "feed.xml: not an RSS feed (the document is <feed>, not <rss><channel>)"),
    "rss_without_channel": (
        b'<rss version="2.0"></rss>',
        "feed.xml: not an RSS feed (the document is <rss>, not <rss><channel>)",
    ),
    "empty": (b"  \n", "feed.xml: empty document, not a feed"),
    "binary": (b"\xff\xd8\xff\xe0 JFIF", "feed.xml: not XML (not well-formed (invalid token): "
                                          "line 1, column 0)"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_read_podcast_feed_refuses_invalid_input(name: str) -> None:
    xml, expected = INVALID[name]
    with pytest.raises(FeedImportError) as caught:
        read_podcast_feed(xml, source="feed.xml")
    assert str(caught.value) == expected


def test_import_podcast_feed_fetches_and_reads(http_folder: tuple[Path, str]) -> None:
    folder, base = http_folder
    (folder / "feed.rss").write_bytes((CASES / "typical.rss").read_bytes())
    show, episodes = import_podcast_feed(base + "feed.rss", allow_private=True)
    assert show.title == "Kommunpodden"
    assert [episode.guid for episode in episodes] == ["kommun-3", "kommun-2", "kommun-1"]


def test_import_podcast_feed_of_a_web_page_names_the_url(http_folder: tuple[Path, str]) -> None:
    folder, base = http_folder
    (folder / "index.html").write_text("<!doctype html><html><body>Hej</body></html>")
    with pytest.raises(FeedImportError) as caught:
        import_podcast_feed(base, allow_private=True)
    assert str(caught.value).startswith(f"{base}: not XML")


def test_import_podcast_feed_of_a_missing_page_is_an_import_error(
    http_folder: tuple[Path, str],
) -> None:
    _, base = http_folder
    with pytest.raises(FeedImportError, match="404"):
        import_podcast_feed(base + "gone.rss", allow_private=True)


def test_import_podcast_feed_refuses_private_addresses_by_default(
    http_folder: tuple[Path, str],
) -> None:
    _, base = http_folder
    with pytest.raises(FeedImportError, match="127.0.0.1"):
        import_podcast_feed(base + "feed.rss")
