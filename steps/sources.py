"""Where an episode's audio comes from: a local file, or an http(s) URL fetched with limits."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from catalog.files import sha256_bytes
from fetching import fetch_to_file, names_url
from steps.errors import SourceError

MAX_AUDIO_BYTES = 1_000_000_000


def local_audio(location: str, workdir: Path, *, allow_private: bool = False) -> Path:
    """A local path to the audio at `location`, downloading an http(s) URL into `workdir`."""
    if names_url(location):
        # Every scheme goes to the fetcher, which refuses all but http(s) by name.
        suffix = Path(urlsplit(location).path).suffix.lower()[:8]
        # The URL names no local path: the download's file name is a hash of the URL.
        name = sha256_bytes(location.encode())[:16] + suffix
        target = workdir / name
        fetch_to_file(location, target, max_bytes=MAX_AUDIO_BYTES, allow_private=allow_private)
        return target
    path = Path(location)
    if not path.is_file():
        raise SourceError(f"{location}: audio file not found")
    return path
