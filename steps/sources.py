"""Where an episode's audio comes from: a local file, or an http(s) URL fetched with limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from catalog.files import sha256_bytes
from fetching import DEFAULT_FILE_TIMEOUT, fetch_to_file, names_url
from podcast.audio import MAX_AUDIO_BYTES
from podcast.errors import AudioFileError
from steps.errors import InputError
from steps.records import Validators

# A web page where audio was expected (a login wall, an error page served with 200).
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


@dataclass(frozen=True)
class Download:
    """Audio downloaded from a URL into a work folder, and the server's validators for it."""

    path: Path
    validators: Validators


def local_audio(
    location: str,
    workdir: Path,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_AUDIO_BYTES,
    timeout: float = DEFAULT_FILE_TIMEOUT,
) -> Path:
    """A local path to the audio at `location`, downloading an http(s) URL into `workdir`."""
    if names_url(location):
        download = download_audio(
            location, workdir, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout
        )
        if download is None:  # 304 to an unconditional request: the fetcher refuses it
            raise InputError(f"{location}: the server answered 304 to a plain request")
        return download.path
    path = Path(location)
    if not path.is_file():
        raise InputError(f"{location}: audio file not found")
    return path


def download_audio(
    url: str,
    workdir: Path,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_AUDIO_BYTES,
    timeout: float = DEFAULT_FILE_TIMEOUT,
    known: Validators | None = None,
) -> Download | None:
    """Download the audio at `url` into `workdir`; None if the server says it is unchanged
    since the download `known` describes (a 304 answer to a conditional request)."""
    # Every scheme goes to the fetcher, which refuses all but http(s) by name.
    suffix = Path(urlsplit(url).path).suffix.lower()[:8]
    # The URL names no local path: the download's file name is a hash of the URL.
    target = workdir / (sha256_bytes(url.encode())[:16] + suffix)
    known = known or Validators()
    fetched = fetch_to_file(
        url,
        target,
        max_bytes=max_bytes,
        timeout=timeout,
        allow_private=allow_private,
        etag=known.etag,
        last_modified=known.last_modified,
    )
    if fetched.status == 304:
        return None
    with target.open("rb") as handle:
        start = handle.read(512)
    if fetched.content_type in _HTML_TYPES or _HTML_START.match(start):
        target.unlink()
        raise AudioFileError(f"{url}: not an audio file (the server sent a web page)")
    return Download(target, Validators(fetched.etag, fetched.last_modified))
