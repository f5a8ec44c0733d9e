"""The show's cover art: its format and size read from the file's header, never decoded.

A 50000x50000 PNG is a few megabytes on disk and 7.5 GB decoded; Pillow's readers read only the
header until asked for pixels, so the size is known before anything is decoded, and a cover over
MAX_COVER_PIXELS is refused there by name.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

from innocast.files import FileMissingError, FileReadError, read_bounded
from podcast.errors import CoverArtError

# Apple asks for 1400 to 3000 px square (`validate-feed` says so); this limit is only against
# images no podcast needs: 5000x5000 px.
MAX_COVER_PIXELS = 25_000_000
# Far above any real cover file; the file is read (bounded, regular files only) before parsing.
MAX_COVER_BYTES = 20_000_000
_READERS = (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile)


@dataclass(frozen=True)
class Artwork:
    """What a cover's header says: Pillow's format name, width and height in px, colour mode."""

    format: str
    width: int
    height: int
    mode: str


def read_artwork(path: Path) -> Artwork:
    """The format and size of an image from its header (CoverArtError if it is not an image
    or is over MAX_COVER_PIXELS); the pixels are not decoded."""
    try:
        data = read_bounded(Path(path), MAX_COVER_BYTES)
    except FileMissingError:
        raise CoverArtError(f"{path}: no such cover art file") from None
    except FileReadError as exc:
        raise CoverArtError(f"{path}: cover art {exc.reason}") from exc
    found = _header(data)
    if found is None:
        raise CoverArtError(f"{path}: cover art is not a readable image")
    if found.width * found.height > MAX_COVER_PIXELS:
        raise CoverArtError(
            f"{path}: cover art is {found.width}x{found.height} px, over the limit of "
            f"{MAX_COVER_PIXELS} pixels (Apple asks for 1400x1400 to 3000x3000)"
        )
    return found


def _header(data: bytes) -> Artwork | None:
    """What the header of a PNG or JPEG says, read by its own Pillow reader (which, unlike
    `Image.open`, applies no limit of its own before the size is known); for another kind of
    image, its format; None for no image."""
    for reader in _READERS:
        try:
            with reader(io.BytesIO(data)) as image:
                return Artwork(str(image.format), image.width, image.height, image.mode)
        except (SyntaxError, ValueError, OSError):
            continue
    with warnings.catch_warnings():
        # Only the format is wanted here; Pillow's size warnings and limits are beside it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return Artwork(str(image.format), image.width, image.height, image.mode)
        except (UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError):
            return None
