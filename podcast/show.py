"""Show metadata: the [show] table of innocast.toml, validated, and the show's podcast:guid."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from innocast.tables import Table
from podcast.errors import ShowConfigError
from text.cleaning import MAX_TITLE_CHARS

# The namespace of every podcast:guid (Podcasting 2.0, the `guid` tag).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# Apple Podcasts categories and their subcategories
# (https://podcasters.apple.com/support/1691-apple-podcasts-categories).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
SHOW_TYPES = ("episodic", "serial")
# Apple truncates descriptions beyond 4,000 characters.
MAX_DESCRIPTION_CHARS = 4000
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
_WEB_URL = re.compile(r"https?://[^/?#\s]+\S*\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    """A host, guest or other contributor (podcast:person)."""

    name: str
    role: str = "host"
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class Funding:
    """A podcast:funding link: where listeners support the show, and what it says."""

    url: str
    text: str


@dataclass(frozen=True)
class Location:
    """A podcast:location: the place the show is about or made in (geo URI, OSM id optional)."""

    name: str
    geo: str | None = None
    osm: str | None = None


@dataclass(frozen=True)
class UpdateFrequency:
    """A podcast:updateFrequency: how often episodes come, in words and as an RFC 5545 RRULE."""

    text: str
    rrule: str | None = None


@dataclass(frozen=True)
class TrailerSource:
    """The show's trailer (podcast:trailer): one of its episodes, by config id, and a title."""

    episode: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Show:
    """The channel-level metadata of the podcast."""

    title: str
    description: str
    link: str
    language: str = "sv"
    author: str
    owner_name: str
    owner_email: str
    image: str
    categories: tuple[tuple[str, str | None], ...]
    explicit: bool = False
    type: str = "episodic"
    copyright: str | None = None
    persons: tuple[Person, ...] = field(default=())
    locked: bool = True
    guid: str | None = None
    # Apple's: hide the show from directories; no more episodes will come; it moved here.
    block: bool = False
    complete: bool = False
    new_feed_url: str | None = None
    # Podcasting 2.0's: an SPDX license id (or a name) and its text's URL.
    license: str | None = None
    license_url: str | None = None
    funding: tuple[Funding, ...] = ()
    location: Location | None = None
    update_frequency: UpdateFrequency | None = None
    trailer: TrailerSource | None = None
    # A WebSub hub that the feed names, for apps that want to be told of new episodes.
    websub_hub: str | None = None


def podcast_guid(feed_url: str) -> str:
    """The podcast:guid of a feed: UUIDv5 of its URL without scheme and trailing slashes.

    The vectors of the Podcasting 2.0 specification:

    >>> podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")
    '917393e3-1b1e-5cef-ace4-edaa54e1f810'
    >>> podcast_guid("podnews.net/rss/")
    '9b024349-ccf0-5f69-a609-6b82873eab3c'
    >>> podcast_guid("https://podnews.net/rss") == podcast_guid("http://podnews.net/rss//")
    True
    >>> podcast_guid("https://podcastindex.org/namespace/1.0")
    '0b20eef2-824a-5f6a-bc6b-68f611056e0c'
    """
    parts = urlsplit(feed_url.strip())
    if parts.scheme:
        bare = parts.netloc + parts.path
        bare += f"?{parts.query}" if parts.query else ""
    else:
        bare = feed_url.strip()
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare.rstrip("/")))


def is_podcast_guid(value: str) -> bool:
    """Whether `value` has the form of a podcast:guid (a lowercase UUIDv5).

    >>> is_podcast_guid("917393e3-1b1e-5cef-ace4-edaa54e1f810")
    True
    >>> is_podcast_guid("917393e3-1b1e-4cef-ace4-edaa54e1f810")
    False
    """
    return bool(UUID_RE.match(value))


def show_from_mapping(data: Mapping[str, Any], *, source: str) -> Show:
    """Validate the [show] table of a config file into a Show (ShowConfigError naming the field)."""
    fields = _Fields(data, source)
    persons = tuple(
        person_from_mapping(item, source, f"show.persons[{index}]")
        for index, item in enumerate(fields.list("persons"))
    )
    show = Show(
        title=fields.text("title", limit=MAX_TITLE_CHARS),
        description=fields.text("description", limit=MAX_DESCRIPTION_CHARS),
        link=fields.url("link"),
        language=fields.pattern("language", LANGUAGE_RE, default="sv", what="a language code"),
        author=fields.text("author"),
        owner_name=fields.text("owner_name"),
        owner_email=fields.pattern("owner_email", EMAIL_RE, what="an email address"),
        image=fields.image("image"),
        categories=fields.categories("categories"),
        explicit=fields.boolean("explicit", default=False),
        type=fields.choice("type", SHOW_TYPES, default="episodic"),
        copyright=fields.text("copyright", required=False),
        persons=persons,
        locked=fields.boolean("locked", default=True),
        guid=fields.guid("guid"),
        block=fields.boolean("block", default=False),
        complete=fields.boolean("complete", default=False),
        new_feed_url=fields.url("new_feed_url", required=False),
        license=fields.text("license", required=False, limit=128),
        license_url=fields.url("license_url", required=False),
        funding=tuple(
            fields.nested(item, f"funding[{n}]", _funding)
            for n, item in enumerate(fields.list("funding"))
        ),
        location=fields.nested(fields.get("location"), "location", _location),
        update_frequency=fields.nested(
            fields.get("update_frequency"), "update_frequency", _update_frequency
        ),
        trailer=fields.nested(fields.get("trailer"), "trailer", _trailer),
        websub_hub=fields.url("websub_hub", required=False),
    )
    fields.reject_unknown()
    return show


# podcast:location's geo is a geo URI (RFC 5870): "geo:59.3293,18.0686".
GEO_RE = re.compile(r"^geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;u=\d+(\.\d+)?)?$")
# An OpenStreetMap object: its type (Node, Way, Relation) and number, e.g. "R398021".
OSM_RE = re.compile(r"^[NWR]\d+(#\d+)?$")
RRULE_RE = re.compile(
    r"^FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$"
)


def _funding(fields: _Fields) -> Funding:
    return Funding(url=str(fields.url("url")), text=fields.text("text", limit=128))


def _location(fields: _Fields) -> Location:
    geo = fields.text("geo", required=False)
    if geo is not None and not GEO_RE.match(geo):
        raise fields.fail("geo", f"must be a geo URI like geo:59.3293,18.0686, not {geo!r}")
    osm = fields.text("osm", required=False)
    if osm is not None and not OSM_RE.match(osm):
        raise fields.fail("osm", f"must be an OpenStreetMap id like R398021, not {osm!r}")
    return Location(name=fields.text("name", limit=128), geo=geo, osm=osm)


def _update_frequency(fields: _Fields) -> UpdateFrequency:
    rrule = fields.text("rrule", required=False)
    if rrule is not None and not RRULE_RE.match(rrule):
        raise fields.fail("rrule", f"must be an RFC 5545 RRULE like FREQ=MONTHLY, not {rrule!r}")
    return UpdateFrequency(text=fields.text("text", limit=128), rrule=rrule)


def _trailer(fields: _Fields) -> TrailerSource:
    return TrailerSource(
        episode=fields.text("episode"), title=fields.text("title", limit=128)
    )


class _Fields(Table):
    """The fields of the [show] table and its persons, with the checks only a show needs."""

    def __init__(self, data: Any, source: str, prefix: str = "show") -> None:
        super().__init__(data, source, prefix, ShowConfigError)

    def url(self, name: str, *, required: bool = True) -> str | None:
        value = self.text(name, required=required, limit=2000)
        if value is not None and not is_web_url(value):
            raise self.fail(name, f"must be an http(s) URL, not {value!r}")
        return value

    def image(self, name: str) -> str:
        value = self.text(name)
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts or "\\" in value:
            raise self.fail(name, f"must be a path relative to the config file, not {value!r}")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise self.fail(name, f"must be a .jpg or .png file, not {value!r}")
        return value

    def categories(self, name: str) -> tuple[tuple[str, str | None], ...]:
        entries = self.list(name)
        if not entries:
            raise self.fail(name, "missing (at least one Apple Podcasts category is required)")
        result: list[tuple[str, str | None]] = []
        for index, entry in enumerate(entries):
            category, sub = _category_pair(entry)
            if category is None:
                raise self.fail(
                    f"{name}[{index}]",
                    "must be a category name, [category, subcategory], "
                    "or {category=..., subcategory=...}",
                )
            if category not in APPLE_CATEGORIES:
                raise self.fail(
                    f"{name}[{index}]", f"{category!r} is not an Apple Podcasts category"
                )
            if sub is not None and sub not in APPLE_CATEGORIES[category]:
                raise self.fail(
                    f"{name}[{index}]", f"{sub!r} is not a subcategory of {category!r}"
                )
            result.append((category, sub))
        return tuple(dict.fromkeys(result))

    def nested(self, item: Any, where: str, read: Any) -> Any:
        """A table inside the show's (None if absent), read by `read` with its own fields."""
        if item is None:
            return None
        if not isinstance(item, Mapping):
            raise ShowConfigError(f"{self.source}: {self.path}.{where}: must be a table")
        fields = _Fields(item, self.source, prefix=f"{self.path}.{where}")
        value = read(fields)
        fields.reject_unknown()
        return value

    def guid(self, name: str) -> str | None:
        value = self.text(name, required=False)
        if value is not None and not is_podcast_guid(value.lower()):
            raise self.fail(name, f"must be a UUIDv5 (podcast:guid), not {value!r}")
        return value.lower() if value else None


def person_from_mapping(item: Any, source: str, where: str) -> Person:
    """A host, guest or other contributor from a config table (name, role, href, img)."""
    fields = _Fields(item, source, prefix=where) if isinstance(item, Mapping) else None
    if fields is None:
        raise ShowConfigError(f"{source}: {where}: must be a table with name, role, href, img")
    person = Person(
        name=fields.text("name"),
        role=fields.text("role", required=False) or "host",
        href=fields.url("href", required=False),
        img=fields.url("img", required=False),
    )
    fields.reject_unknown()
    return person


def _category_pair(entry: Any) -> tuple[str | None, str | None]:
    """A (category, subcategory) pair from the shapes a config may use.

    >>> _category_pair("Government")
    ('Government', None)
    >>> _category_pair(["Education", "Courses"])
    ('Education', 'Courses')
    >>> _category_pair({"category": "Technology"})
    ('Technology', None)
    >>> _category_pair(42)
    (None, None)
    """
    if isinstance(entry, str):
        return entry.strip(), None
    if isinstance(entry, list) and 1 <= len(entry) <= 2 and all(isinstance(e, str) for e in entry):
        return entry[0].strip(), (entry[1].strip() if len(entry) == 2 else None)
    if isinstance(entry, Mapping) and set(entry) <= {"category", "subcategory"}:
        category, sub = entry.get("category"), entry.get("subcategory")
        if isinstance(category, str) and (sub is None or isinstance(sub, str)):
            return category.strip(), sub.strip() if sub else None
    return None, None


def is_web_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) URL with a host and no whitespace.

    >>> is_web_url("https://example.se/podd"), is_web_url("javascript:alert(1)")
    (True, False)
    >>> is_web_url("https://example.se/a b"), is_web_url("https:///path"), is_web_url("http://x")
    (False, False, True)
    """
    return bool(_WEB_URL.match(value))
