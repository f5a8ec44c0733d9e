"""The validator: golden bad feeds, and URLs that must resolve inside the published site."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import podcastparser
import pytest
from mutagen.mp3 import MP3
from PIL import Image

from podcast import FeedReadError, validate_feed, validate_source
from tests.podcast.conftest import BASE_URL, FEED_URL

CASES = Path(__file__).parent / "validate_cases"


@pytest.mark.parametrize("case", sorted(CASES.glob("*.xml")), ids=lambda p: p.stem)
def test_validate_feed_matches_golden(case: Path) -> None:
    problems = validate_feed(case.read_bytes(), source=case.name)
    expected = case.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    assert [str(problem) for problem in problems] == expected


def test_validate_feed_passes_a_built_feed(feed_xml: bytes) -> None:
    assert validate_feed(feed_xml, source="feed.xml") == []


def test_validate_feed_refuses_hostile_xml() -> None:
    xml = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel/></rss>'
    with pytest.raises(FeedReadError, match="^feed.xml: refused hostile XML"):
        validate_feed(xml, source="feed.xml")


def test_validate_source_passes_the_published_site(published_site: Path) -> None:
    result = validate_source(str(published_site / "feed.xml"), site_dir=published_site)
    assert result.problems == ()
    assert (result.ok, result.episodes) == (True, 3)


def test_published_site_enclosures_are_real_and_read_by_podcastparser(
    published_site: Path,
) -> None:
    parsed = podcastparser.parse(FEED_URL, io.BytesIO((published_site / "feed.xml").read_bytes()))
    assert len(parsed["episodes"]) == 3
    for episode in parsed["episodes"]:
        enclosure = episode["enclosures"][0]
        path = published_site / enclosure["url"].removeprefix(BASE_URL)
        assert enclosure["file_size"] == path.stat().st_size
        assert episode["total_time"] == round(MP3(path).info.length)


@pytest.fixture
def site_copy(published_site: Path, tmp_path: Path) -> Path:
    """A copy of the published site that a test may break."""
    return Path(shutil.copytree(published_site, tmp_path / "site"))


def site_problems(site: Path, base_url: str | None = None) -> list[str]:
    """The validator's problems for a site's feed.xml, as lines."""
    result = validate_source(str(site / "feed.xml"), site_dir=site, base_url=base_url)
    return [str(problem) for problem in result.problems]


def test_validate_source_finds_a_missing_transcript(site_copy: Path) -> None:
    (site_copy / "transcripts" / "avsnitt-2.vtt").unlink()
    assert site_problems(site_copy) == [
        f"error: item 2 (innocast-0002): {BASE_URL}transcripts/avsnitt-2.vtt does not resolve "
        f"to a file in {site_copy}"
    ]


def test_validate_source_finds_an_enclosure_length_that_is_not_the_file_size(
    site_copy: Path,
) -> None:
    mp3 = site_copy / "audio" / "avsnitt-1.mp3"
    mp3.write_bytes(mp3.read_bytes() + b"\0" * 10)
    size = mp3.stat().st_size
    assert site_problems(site_copy) == [
        f"error: item 3 (innocast-0001): <enclosure length> is {size - 10} but "
        f"{BASE_URL}audio/avsnitt-1.mp3 has {size} bytes"
    ]


def test_validate_source_checks_the_artwork_file(site_copy: Path) -> None:
    Image.new("RGB", (1200, 900)).save(site_copy / "cover.jpg", "JPEG")
    assert site_problems(site_copy) == [
        "error: channel: the artwork must be square, not 1200x900",
        "error: channel: the artwork is 1200 px wide; Apple requires 1400-3000 px",
    ]


def test_validate_source_finds_a_url_leaving_the_site(site_copy: Path) -> None:
    feed = site_copy / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace(
        b"https://podd.example.se/chapters/avsnitt-3.json",
        b"https://podd.example.se/../../etc/passwd",
    ))
    assert site_problems(site_copy) == [
        "error: item 1 (innocast-0003): https://podd.example.se/../../etc/passwd points outside "
        "the site folder"
    ]


def test_validate_source_with_another_base_url_checks_nothing_outside_it(
    site_copy: Path,
) -> None:
    shutil.rmtree(site_copy / "transcripts")
    assert site_problems(site_copy, base_url="https://elsewhere.example.se/") == []
    assert len(site_problems(site_copy, base_url=BASE_URL)) == 9


def test_validate_source_reads_a_feed_over_http(
    http_folder: tuple[Path, str], feed_xml: bytes
) -> None:
    folder, base = http_folder
    (folder / "feed.xml").write_bytes(feed_xml)
    with pytest.raises(FeedReadError, match="127.0.0.1"):
        validate_source(base + "feed.xml")
    result = validate_source(base + "feed.xml", allow_private=True)
    assert (result.ok, result.episodes) == (True, 3)
