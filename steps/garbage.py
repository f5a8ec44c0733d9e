"""Stored files that no item needs any more, and what killed runs left behind, removed.

A run killed between storing a file and recording it in the catalog leaves a stored file no
item names; one killed mid-copy leaves a temporary file; an episode whose audio changed leaves
its old audio and MP3. The pipeline collects them while it holds the run lock, so no other run
is storing a file at the same moment.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from catalog import Catalog, Item
from steps.records import read_episode

# The temporary folders steps make inside the data directory (see steps.episodes).
WORK_PREFIX = ".work-"


def referenced_files(catalog: Catalog, items: list[Item]) -> set[Path]:
    """The stored files the items name: each episode's original audio and its feed MP3."""
    files = set()
    for item in items:
        if item.kind != "episode":
            continue
        record = read_episode(item)
        files.add(catalog.blob_path(record.audio_sha, record.audio_suffix))
        if record.enclosure:
            files.add(catalog.blob_path(record.enclosure.sha, ".mp3"))
    return files


def collect_garbage(catalog: Catalog) -> list[Path]:
    """Remove stored files no item names and leftovers of killed runs; return what went.

    Call it only while holding the run lock (catalog.pipeline_lock).
    """
    keep = referenced_files(catalog, catalog.items())
    removed = []
    for path in sorted(catalog.blob_dir.glob("*/*")):
        if path.is_file() and path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    for folder in sorted(catalog.blob_dir.iterdir()):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    for leftover in sorted(catalog.data_dir.glob(f"{WORK_PREFIX}*")):
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed
