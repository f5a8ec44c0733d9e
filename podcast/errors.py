"""Errors of the podcast package.

Every message is one line that names the input (a file, a URL, a config field) and says what is
wrong with it.

PodcastError
    (the base of every error this package raises; subclasses below)
    AudioFileError
        an audio file that is missing, empty, not audio, truncated, implausible or too long,
        or that ffmpeg failed to encode
    CoverArtError
        cover art that is missing or not a JPEG or PNG image
    ShowConfigError
        the [show] table of the config file is missing a field or has a bad value
    FeedBuildError
        episode data that cannot go into a feed (naive date, duplicate guid, bad number)
    FeedReadError
        a feed that cannot be read: missing file, not XML, hostile XML (entities), not RSS
        FeedImportError
            importing an existing podcast feed failed (the fetch, or the feed itself)
"""

from innocast.errors import InnocastError


class PodcastError(InnocastError):
    """Base of every error the podcast package raises on bad input or a failed step."""


class AudioFileError(PodcastError):
    """An audio file cannot be used: not audio, truncated, implausible, too long, or unencodable."""


class CoverArtError(PodcastError):
    """Cover art is missing or is not a JPEG or PNG image."""


class ShowConfigError(PodcastError):
    """The show metadata of the config file is incomplete or invalid."""


class FeedBuildError(PodcastError):
    """Episode or show data cannot be written into a podcast feed."""


class FeedReadError(PodcastError):
    """A feed cannot be read: missing, not XML, hostile XML, or not an RSS feed."""


class FeedImportError(FeedReadError):
    """Importing an existing podcast feed failed."""
