"""Where an episode's audio comes from: a local file, or an http(s) URL fetched with limits."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from catalog.files import sha256_bytes
from fetching import fetch_to_file, names_url
from podcast.audio import MAX_AUDIO_BYTES
from steps.errors import InputError


def local_audio(
    location: str, workdir: Path, *, allow_private: bool = False, max_bytes: int = MAX_AUDIO_BYTES
) -> Path:
    """A local path to the audio at `location`, downloading an http(s) URL into `workdir`."""
    if names_url(location):
        # Every scheme goes to the fetcher, which refuses all but http(s) by name.
        suffix = Path(urlsplit(location).path).suffix.lower()[:8]
        # The URL names no local path: the download's file name is a hash of the URL.
        name = sha256_bytes(location.encode())[:16] + suffix
        target = workdir / name
        fetch_to_file(location, target, max_bytes=max_bytes, allow_private=allow_private)
        return target
    path = Path(location)
    if not path.is_file():
        raise InputError(f"{location}: audio file not found")
    return path
