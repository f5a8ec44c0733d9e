"""The feed's per-episode explicit and image, the tags that move a show, and the show's
Podcasting 2.0 values (license, funding, location, trailer, update frequency): XPath on built
feeds, the validator, and a real client."""

from __future__ import annotations

import io

import podcastparser
import pytest

from podcast import ShowConfigError, show_from_mapping, validate_feed
from podcast.podcast_namespace import Trailer
from tests.podcast.conftest import BASE_URL, FEED_URL, SHOW_TABLE, make_episode
from tests.podcast.test_feed import NS, build, channel_of, one

MOVING = {
    **SHOW_TABLE,
    "block": True,
    "complete": True,
    "new_feed_url": "https://ny.example.se/feed.xml",
    "license": "CC-BY-4.0",
    "license_url": "https://creativecommons.org/licenses/by/4.0/",
    "funding": [{"url": "https://example.se/stod", "text": "Stöd podden"}],
    "location": {"name": "Umeå", "geo": "geo:63.8258,20.2630", "osm": "R398021"},
    "update_frequency": {"text": "Varannan vecka", "rrule": "FREQ=WEEKLY;INTERVAL=2"},
    "trailer": {"episode": "avsnitt-1", "title": "Podden på en minut"},
    "websub_hub": "https://hub.example.se/",
}
TRAILER = Trailer(f"{BASE_URL}audio/avsnitt-1.mp3", "Podden på en minut",
                  "Tue, 02 Jan 2024 08:00:00 +0000", 1001, "audio/mpeg", 1)


def moving_feed() -> bytes:
    show = show_from_mapping(MOVING, source="innocast.toml")
    episodes = [make_episode(1, explicit=True, image=f"{BASE_URL}images/avsnitt-1.jpeg"),
                make_episode(2)]
    return build(show, episodes, trailers=[TRAILER])


def test_feed_explicit_and_image_per_episode() -> None:
    channel = channel_of(moving_feed())
    first, second = (channel.xpath(f"item[guid='innocast-000{n}']")[0] for n in (1, 2))
    assert one(first, "itunes:explicit/text()") == "true"
    # An episode without its own says the show's: Podcast Index does not fall back.
    assert one(second, "itunes:explicit/text()") == "false"
    # A .jpeg URL too, which feedgen's own itunes_image would silently drop.
    assert one(first, "itunes:image/@href") == f"{BASE_URL}images/avsnitt-1.jpeg"
    assert second.xpath("itunes:image", namespaces=NS) == []


def test_feed_block_complete_new_feed_url_and_hub() -> None:
    channel = channel_of(moving_feed())
    assert one(channel, "itunes:block/text()") == "Yes"
    assert one(channel, "itunes:complete/text()") == "Yes"
    assert one(channel, "itunes:new-feed-url/text()") == "https://ny.example.se/feed.xml"
    assert one(channel, "atom:link[@rel='hub']/@href") == "https://hub.example.se/"
    assert one(channel, "atom:link[@rel='self']/@href") == FEED_URL


def test_feed_podcast_namespace_show_values() -> None:
    channel = channel_of(moving_feed())
    assert one(channel, "podcast:license/text()") == "CC-BY-4.0"
    assert one(channel, "podcast:license/@url") == "https://creativecommons.org/licenses/by/4.0/"
    assert one(channel, "podcast:funding/@url") == "https://example.se/stod"
    assert one(channel, "podcast:funding/text()") == "Stöd podden"
    assert one(channel, "podcast:location/text()") == "Umeå"
    assert one(channel, "podcast:location/@geo") == "geo:63.8258,20.2630"
    assert one(channel, "podcast:location/@osm") == "R398021"
    assert one(channel, "podcast:updateFrequency/text()") == "Varannan vecka"
    assert one(channel, "podcast:updateFrequency/@rrule") == "FREQ=WEEKLY;INTERVAL=2"
    assert one(channel, "podcast:updateFrequency/@complete") == "true"
    trailer = channel.xpath("podcast:trailer", namespaces=NS)[0]
    assert (trailer.get("url"), trailer.get("length"), trailer.get("type"), trailer.text) == (
        f"{BASE_URL}audio/avsnitt-1.mp3", "1001", "audio/mpeg", "Podden på en minut"
    )
    assert trailer.get("pubdate") == "Tue, 02 Jan 2024 08:00:00 +0000"


def test_feed_with_every_new_tag_validates_and_is_read_by_a_client() -> None:
    xml = moving_feed()
    assert validate_feed(xml, source="feed.xml") == []
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(xml))
    assert [episode["guid"] for episode in parsed["episodes"]] == ["innocast-0002",
                                                                   "innocast-0001"]
    # podcastparser follows itunes:new-feed-url, as apps do when a show moves.
    assert parsed["new_url"] == "https://ny.example.se/feed.xml"


def test_feed_without_the_new_settings_has_none_of_their_tags(show) -> None:
    channel = channel_of(build(show, [make_episode(1)]))
    for path in ("itunes:block", "itunes:complete", "itunes:new-feed-url", "podcast:license",
                 "podcast:funding", "podcast:location", "podcast:trailer",
                 "podcast:updateFrequency", "atom:link[@rel='hub']"):
        assert channel.xpath(path, namespaces=NS) == [], path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"new_feed_url": "ftp://x"}, "show.new_feed_url: must be an http(s) URL"),
        ({"location": {"name": "Umeå", "geo": "63,20"}},
         "show.location.geo: must be a geo URI like geo:59.3293,18.0686, not '63,20'"),
        ({"location": {"name": "Umeå", "osm": "398021"}},
         "show.location.osm: must be an OpenStreetMap id like R398021, not '398021'"),
        ({"update_frequency": {"text": "Ofta", "rrule": "every week"}},
         "show.update_frequency.rrule: must be an RFC 5545 RRULE like FREQ=MONTHLY"),
        ({"funding": [{"url": "https://example.se/"}]}, "show.funding[0].text: missing"),
        ({"funding": [{"url": "https://example.se/", "text": "x", "amount": 5}]},
         "show.funding[0].amount: unknown field"),
        ({"location": "Umeå"}, "show.location: must be a table"),
        ({"block": "yes"}, "show.block: must be true or false"),
        ({"websub_hub": "hub"}, "show.websub_hub: must be an http(s) URL"),
    ],
)
def test_show_refuses_bad_new_fields_naming_them(change: dict, message: str) -> None:
    with pytest.raises(ShowConfigError, match=f"^innocast.toml: {message}".replace("(", r"\(")
                       .replace(")", r"\)").replace("[", r"\[").replace("]", r"\]")):
        show_from_mapping({**SHOW_TABLE, **change}, source="innocast.toml")


def test_validator_flags_bad_values_of_the_new_tags() -> None:
    xml = moving_feed()
    xml = xml.replace(b"<itunes:block>Yes</itunes:block>", b"<itunes:block>no</itunes:block>")
    xml = xml.replace(b"FREQ=WEEKLY;INTERVAL=2", b"weekly")
    xml = xml.replace(b"<itunes:explicit>true</itunes:explicit>",
                      b"<itunes:explicit>maybe</itunes:explicit>")
    problems = [str(p) for p in validate_feed(xml, source="feed.xml")]
    assert problems == [
        "warning: channel: <itunes:block> takes effect only as Yes, not 'no'",
        "error: channel: <podcast:updateFrequency rrule> is not an RRULE: 'weekly'",
        "error: item 2 (innocast-0001): <itunes:explicit> must be true or false, not 'maybe'",
    ]
