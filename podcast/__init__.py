"""Podcast episodes: audio, show metadata, the feed, importing and validating feeds."""

from podcast.audio import (
    AudioInfo,
    Enclosure,
    EncodeSettings,
    Id3Tags,
    measure_loudness,
    prepare_enclosure,
    probe,
)
from podcast.errors import (
    AudioFileError,
    CoverArtError,
    FeedBuildError,
    FeedImportError,
    FeedReadError,
    PodcastError,
    ShowConfigError,
)
from podcast.feed import FeedEpisode, TranscriptLink, build_feed
from podcast.feed_import import (
    RemoteEpisode,
    RemoteShow,
    import_podcast_feed,
    parse_duration,
    read_podcast_feed,
)
from podcast.show import APPLE_CATEGORIES, Person, Show, podcast_guid, show_from_mapping
from podcast.validate import Problem, Validation, validate_feed, validate_source

__all__ = [
    "APPLE_CATEGORIES",
    "AudioFileError",
    "AudioInfo",
    "CoverArtError",
    "Enclosure",
    "EncodeSettings",
    "FeedBuildError",
    "FeedEpisode",
    "FeedImportError",
    "FeedReadError",
    "Id3Tags",
    "Person",
    "PodcastError",
    "Problem",
    "RemoteEpisode",
    "RemoteShow",
    "Show",
    "ShowConfigError",
    "TranscriptLink",
    "Validation",
    "build_feed",
    "import_podcast_feed",
    "measure_loudness",
    "parse_duration",
    "podcast_guid",
    "prepare_enclosure",
    "probe",
    "read_podcast_feed",
    "show_from_mapping",
    "validate_feed",
    "validate_source",
]
