"""The golden copy of the demo publication: what `innocast demo` publishes, kept in git.

It holds every page, feed, transcript and chapter file, byte for byte, and the publisher's list
of every file it wrote (so an MP3, the cover or a search bundle that appears or goes shows up
too). The publication carries no build stamps, so two runs publish the same bytes; the MP3s and
the cover are binary and left out (the feed states each MP3's byte length). The search index
(`search-index/`, some 200 small JSON files for the demo) is written deterministically and
compared like the pages.

The publisher's manifest (`.website-manifest.json`) is kept with each file's digest and size but
not its input fingerprints: they are cache keys over the renderer's own source and the versions of
Python and Jinja, so they move with any edit to `website/` that changes no byte a reader gets
(tests/website/test_incremental.py tests what the fingerprints do).

A change that means to alter the output regenerates the copy in the same commit, so the diff
shows what changed: `python -m tests.golden.regenerate`.

Whisper's words depend on the CPU, not only on the audio: CTranslate2 and ONNX Runtime pick
kernels (and their order of summation) by instruction set and cache size, so two x86-64
machines hear "summarize" and "shall remind" in the same demo episode, and forcing one backend
and instruction set was not enough (an AMD EPYC and the machine that made the copy still
differed). So the copy also records what the recogniser heard (`recogniser.json`, the
catalog's stored transcripts by cache key), and the golden test replays it: a fresh data
directory is given those transcripts, the demo finds nothing to transcribe, and everything
after the recogniser is compared byte for byte on any machine. The real recogniser on the
demo is tested beside it (tests/flows/test_demo.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path, PurePosixPath

from catalog.store import Catalog
from steps.publication import STATE

GOLDEN_DIR = Path(__file__).parent / "demo"
# What is compared: the folders and files of text a reader or podcast app gets.
TEXT_SUFFIXES = {".html", ".xml", ".vtt", ".srt", ".json", ".txt", ".ics"}
LEFT_OUT = {"static"}  # the package's files verbatim
MANIFEST = ".website-manifest.json"
RECOGNISER = Path(__file__).parent / "recogniser.json"


def golden_files(out: Path) -> dict[str, bytes]:
    """The files of a publication in `out` that the golden copy holds, by site-relative path."""
    files = {}
    for path in sorted(out.rglob("*")):
        relative = PurePosixPath(path.relative_to(out).as_posix())
        # The state file (steps.publication) is this build's stamp: its catalog revision and
        # its files' times differ from one build of the same site to the next.
        if (path.is_file() and path.suffix in TEXT_SUFFIXES and relative.parts[0] not in LEFT_OUT
                and str(relative) != STATE):
            files[str(relative)] = path.read_bytes()
    if MANIFEST in files:
        files[MANIFEST] = _without_fingerprints(files[MANIFEST])
    return files


def _without_fingerprints(manifest: bytes) -> bytes:
    """The manifest with each file's digest and size, its input fingerprint left out (a record
    already without it stays as it is)."""
    data = json.loads(manifest)
    data.pop("site", None)  # the site's and the renderer's fingerprint, a cache key too
    data["files"] = {path: record[-2:] for path, record in data["files"].items()}
    return json.dumps(data, indent=0, sort_keys=True).encode() + b"\n"


def recorded_transcripts(data_dir: Path) -> list[dict]:
    """Every transcript the catalog in `data_dir` stores (machine and synced), by cache key."""
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute(
            "SELECT cache_key, audio_hash, model, data FROM transcripts ORDER BY cache_key"
        ).fetchall()
    return [{"cache_key": key, "audio_hash": audio, "model": model, "data": json.loads(data)}
            for key, audio, model, data in rows]


def replay_transcripts(data_dir: Path, records: list[dict]) -> None:
    """Store recorded transcripts in the (new or existing) catalog in `data_dir`."""
    with Catalog(data_dir) as catalog:
        for record in records:
            catalog.put_transcript(record["cache_key"], audio_hash=record["audio_hash"],
                                   model=record["model"], data=record["data"])
