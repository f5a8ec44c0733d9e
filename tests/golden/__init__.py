"""The golden copy of the demo publication: what `innocast demo` publishes, kept in git.

It holds every page, feed, transcript and chapter file, byte for byte, and the publisher's list
of every file it wrote (so an MP3, the cover or a search bundle that appears or goes shows up
too). The publication carries no build stamps, so two runs publish the same bytes; the MP3s, the
cover and Pagefind's index are binary and left out (the feed states each MP3's byte length).

A change that means to alter the output regenerates the copy in the same commit, so the diff
shows what changed: `python -m tests.golden.regenerate`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from steps.publication import STATE

GOLDEN_DIR = Path(__file__).parent / "demo"
# What is compared: the folders and files of text a reader or podcast app gets.
TEXT_SUFFIXES = {".html", ".xml", ".vtt", ".srt", ".json", ".txt", ".ics"}
LEFT_OUT = {"pagefind", "static"}  # Pagefind's index; static/ is the package's files verbatim


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
    return files
