"""Publishing: the catalog into a folder of feed, audio, transcripts, pages and search index."""

from publication.errors import OutputError, PublicationError
from publication.publish import PublishReport, publish
from publication.staging import staged

__all__ = ["OutputError", "PublicationError", "PublishReport", "publish", "staged"]
