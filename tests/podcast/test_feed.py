"""The feed: parsed with XPath and read by two real podcast clients (podcastparser, feedparser)."""

from __future__ import annotations

import io
import re
from datetime import datetime
from email.utils import parsedate_to_datetime

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree

from podcast import FeedBuildError, Person, Show, TranscriptLink, build_feed, podcast_guid
from podcast.podcast_namespace import Soundbite
from tests.podcast.conftest import FEED_URL, IMAGE_URL, make_episode

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}


def channel_of(xml: bytes) -> etree._Element:
    """The <channel> of a feed, parsed strictly."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def one(element: etree._Element, path: str) -> str:
    """The single string an XPath expression selects."""
    found = element.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return str(found[0])


def build(show: Show, episodes: list, **kwargs: object) -> bytes:
    """build_feed with the test feed's URLs."""
    return build_feed(show, episodes, feed_url=FEED_URL, image_url=IMAGE_URL,
                      guid=podcast_guid(FEED_URL), **kwargs)


def test_build_feed_channel_has_apple_and_podcasting20_tags(feed_xml: bytes) -> None:
    channel = channel_of(feed_xml)
    assert one(channel, "title/text()") == "Innovation i offentlig sektor"
    assert one(channel, "link/text()") == "https://podd.example.se/"
    assert one(channel, "language/text()") == "sv"
    assert one(channel, "atom:link[@rel='self']/@href") == FEED_URL
    assert one(channel, "itunes:image/@href") == IMAGE_URL
    assert one(channel, "itunes:explicit/text()") == "false"
    assert one(channel, "itunes:author/text()") == "Innocast-redaktionen"
    assert one(channel, "itunes:owner/itunes:email/text()") == "anna@example.se"
    assert one(channel, "itunes:type/text()") == "episodic"
    assert channel.xpath("itunes:category/@text", namespaces=NS) == [
        "Government", "Technology", "News"
    ]
    assert one(channel, "itunes:category[@text='News']/itunes:category/@text") == "Tech News"
    assert one(channel, "podcast:guid/text()") == podcast_guid(FEED_URL)
    assert one(channel, "podcast:locked/text()") == "yes"
    assert one(channel, "podcast:locked/@owner") == "anna@example.se"
    assert one(channel, "podcast:person[@role='host']/text()") == "Anna Andersson"


def test_build_feed_items_newest_first_with_every_tag(feed_xml: bytes) -> None:
    items = channel_of(feed_xml).findall("item")
    assert [one(item, "guid/text()") for item in items] == [
        "innocast-0003", "innocast-0002", "innocast-0001"
    ]
    item = items[0]
    assert one(item, "guid/@isPermaLink") == "false"
    assert parsedate_to_datetime(one(item, "pubDate/text()")) == make_episode(3).published
    assert one(item, "enclosure/@url") == "https://podd.example.se/audio/avsnitt-3.mp3"
    assert one(item, "enclosure/@length") == "1003"
    assert one(item, "enclosure/@type") == "audio/mpeg"
    assert one(item, "itunes:duration/text()") == "63"
    assert one(item, "itunes:episode/text()") == "3"
    assert one(item, "itunes:season/text()") == "1"
    assert one(item, "itunes:episodeType/text()") == "full"
    assert one(item, "podcast:episode/text()") == "3"
    assert one(item, "podcast:season/text()") == "1"
    transcripts = [
        (t.get("type"), t.get("language"), t.get("rel"))
        for t in item.findall("podcast:transcript", NS)
    ]
    assert transcripts == [
        ("text/vtt", "sv", "captions"), ("application/json", "sv", None),
        ("application/x-subrip", "sv", None),
    ]
    assert one(item, "podcast:chapters/@type") == "application/json+chapters"
    assert one(item, "podcast:person[@role='guest']/text()") == "Bo Berg"


def test_build_feed_is_read_by_podcastparser(feed_xml: bytes) -> None:
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(feed_xml))
    assert parsed["title"] == "Innovation i offentlig sektor"
    assert parsed["explicit"] is False
    assert parsed["itunes_categories"] == [["Government"], ["Technology"], ["News", "Tech News"]]
    seen = {(e["guid"], e["total_time"], e["enclosures"][0]["url"], e["enclosures"][0]["file_size"])
            for e in parsed["episodes"]}
    assert seen == {
        (f"innocast-{n:04d}", 60 + n, f"https://podd.example.se/audio/avsnitt-{n}.mp3", 1000 + n)
        for n in (1, 2, 3)
    }


def test_build_feed_is_read_by_feedparser(feed_xml: bytes) -> None:
    parsed = feedparser.parse(io.BytesIO(feed_xml))
    assert not parsed.bozo
    assert parsed.version == "rss20"
    seen = {(e.id, e.itunes_duration, e.enclosures[0].href, e.enclosures[0].length)
            for e in parsed.entries}
    assert seen == {
        (f"innocast-{n:04d}", str(60 + n), f"https://podd.example.se/audio/avsnitt-{n}.mp3",
         str(1000 + n))
        for n in (1, 2, 3)
    }


def test_build_feed_explicit_show_says_true(show: Show) -> None:
    explicit = Show(**{**show.__dict__, "explicit": True})
    assert one(channel_of(build(explicit, [make_episode(1)])), "itunes:explicit/text()") == "true"


HOSTILE_TITLE = '<script>alert("x")</script> Avsnitt & "citat"'
HOSTILE_NOTES = (
    '<p onmouseover="steal()">Hej</p><script>alert(1)</script>'
    '<a href="javascript:alert(2)">klick</a><img src=x onerror="alert(3)">'
    '<iframe src="https://evil.example"></iframe><a href="https://ok.example/">ok</a>'
)


def test_build_feed_escapes_titles_and_sanitises_notes(show: Show) -> None:
    episode = make_episode(1, title=HOSTILE_TITLE, notes_html=HOSTILE_NOTES,
                           persons=(Person('<b>Eva</b>', "guest", href="javascript:x"),))
    item = channel_of(build(show, [episode])).find("item")
    title = item.find("title")
    assert title.text == HOSTILE_TITLE
    assert len(title) == 0
    notes = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert notes.xpath("//script|//iframe|//img") == []
    assert not any(name.startswith("on") for el in notes.iter() for name in el.attrib)
    assert [a.get("href") for a in notes.iter("a")] == [None, "https://ok.example/"]
    assert notes.text_content() == "Hejklickok"
    person = item.find("podcast:person", NS)
    assert (person.text, person.get("href")) == ("<b>Eva</b>", None)


def test_build_feed_bounds_long_titles_and_notes_and_drops_control_characters(
    show: Show,
) -> None:
    episode = make_episode(1, title="Lång\x00 titel\x1b " + "ord " * 200,
                           notes_html="<p>" + "x" * 50_000 + "</p>")
    item = channel_of(build(show, [episode])).find("item")
    assert len(item.findtext("title")) == 255
    assert item.findtext("title").startswith("Lång titel ord")
    assert item.findtext("title").endswith("…")
    assert len(item.findtext("description")) < 21_000


def test_build_feed_is_byte_identical_when_nothing_changed(show: Show) -> None:
    episodes = [make_episode(n) for n in (1, 2)]
    assert build(show, episodes) == build(show, list(reversed(episodes)))


BAD_EPISODES = [
    ({"published": datetime(2024, 1, 1)}, "published has no time zone"),
    ({"enclosure_url": "file:///etc/passwd"}, "enclosure_url: not an http(s) URL"),
    ({"enclosure_bytes": 0}, "enclosure_bytes must be positive"),
    ({"episode_type": "teaser"}, "episode_type must be one of full, trailer, bonus"),
    ({"episode": 0}, "episode must be a positive number"),
    ({"transcripts": (TranscriptLink("https://x.se/t.doc", "application/msword", "sv"),)},
     "unknown transcript type 'application/msword'"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_EPISODES, ids=[e for _, e in BAD_EPISODES])
def test_build_feed_rejects_bad_episode(show: Show, change: dict, expected: str) -> None:
    prefix = re.escape(f"episode 'innocast-0001': {expected}")
    with pytest.raises(FeedBuildError, match=f"^{prefix}"):
        build(show, [make_episode(1, **change)])


def test_build_feed_rejects_a_guid_used_twice(show: Show) -> None:
    with pytest.raises(FeedBuildError, match="'innocast-0001': the guid is used twice"):
        build(show, [make_episode(1), make_episode(2, guid="innocast-0001")])


def test_build_feed_episode_soundbites_are_podcast_soundbite_tags(show: Show) -> None:
    bites = (Soundbite(12.5, 30.0, "Tjänstedesign\x00 i kommunen"), Soundbite(40.0, 45.0, ""))
    item = channel_of(build(show, [make_episode(1, duration=61.0, soundbites=bites)])).find(
        "item"
    )
    found = item.xpath("podcast:soundbite", namespaces=NS)
    assert [(b.get("startTime"), b.get("duration"), b.text) for b in found] == [
        ("12.5", "30.0", "Tjänstedesign i kommunen"),
        # Cut at the episode's end: a soundbite cannot run past the audio.
        ("40.0", "21.0", None),
    ]
    # A podcast client still reads the episode whole.
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(build(show, [make_episode(1,
                                 soundbites=bites)])))
    assert parsed["episodes"][0]["guid"] == "innocast-0001"


def test_build_feed_refuses_a_soundbite_outside_the_episode(show: Show) -> None:
    with pytest.raises(FeedBuildError, match="soundbite at 90.0 s lies outside the episode"):
        build(show, [make_episode(1, duration=61.0, soundbites=(Soundbite(90.0, 20.0),))])
