"""Podcast episodes: audio, show metadata, the feed, importing and validating feeds."""

from innocast.lazy import exports, names

# Each public name is imported from its module when first used, so that importing one
# module of the package does not import the others (see innocast.lazy).
_MODULES = {
    "podcast.audio": [
        "AudioInfo", "Enclosure", "EncodeSettings", "Id3Tags", "measure_loudness",
        "prepare_enclosure", "probe",
    ],
    "podcast.errors": [
        "AudioFileError", "CoverArtError", "FeedBuildError", "FeedImportError", "FeedReadError",
        "PodcastError", "ShowConfigError",
    ],
    "podcast.feed": ["FeedEpisode", "TranscriptLink", "build_feed"],
    "podcast.feed_import": [
        "RemoteEpisode", "RemoteShow", "import_podcast_feed", "parse_duration",
        "read_podcast_feed",
    ],
    "podcast.show": ["APPLE_CATEGORIES", "Person", "Show", "podcast_guid", "show_from_mapping"],
    "podcast.validate": ["Problem", "Validation", "validate_feed", "validate_source"],
}

__getattr__ = exports("podcast", _MODULES)
__all__ = names(_MODULES)
