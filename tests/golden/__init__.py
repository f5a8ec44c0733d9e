"""The golden copy of the demo publication: what `innocast demo` publishes, kept in git.

It holds every page, feed, transcript and chapter file, byte for byte, and the publisher's list
of every file it wrote (so an MP3, the cover or a search bundle that appears or goes shows up
too). The publication carries no build stamps, so two runs publish the same bytes; the MP3s, the
cover and Pagefind's index are binary and left out (the feed states each MP3's byte length).

The publisher's manifest (`.website-manifest.json`) is kept with each file's digest and size but
not its input fingerprints: they are cache keys over the renderer's own source and the versions of
Python and Jinja, so they move with any edit to `website/` that changes no byte a reader gets
(tests/website/test_incremental.py tests what the fingerprints do).

A change that means to alter the output regenerates the copy in the same commit, so the diff
shows what changed: `python -m tests.golden.regenerate`.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path, PurePosixPath

from steps.publication import STATE

GOLDEN_DIR = Path(__file__).parent / "demo"
# What is compared: the folders and files of text a reader or podcast app gets.
TEXT_SUFFIXES = {".html", ".xml", ".vtt", ".srt", ".json", ".txt", ".ics"}
LEFT_OUT = {"pagefind", "static"}  # Pagefind's index; static/ is the package's files verbatim
MANIFEST = ".website-manifest.json"
# Whisper's words depend on the CPU: CTranslate2 multiplies with Intel's MKL on Intel CPUs and
# with oneDNN elsewhere, and each picks kernels by instruction set, so an Intel and an AMD
# machine hear "we saw" and "we serve" in the same demo episode. The golden copy is made and
# checked with one backend and one instruction set that every x86-64 machine here has.
REPRODUCIBLE_INFERENCE = {
    "CT2_USE_MKL": "0",
    "CT2_FORCE_CPU_ISA": "AVX2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
} if platform.machine().lower() in {"x86_64", "amd64"} else {}


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
