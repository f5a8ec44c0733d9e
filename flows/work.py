"""The flow's side of the per-item steps: each item's job, and the storing of what came back.

Only the flow process opens the catalog. Workers get jobs (content keys and values) and give
back values, or the keys of what they wrote to the blob store; the flow stores them here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect.task_runners import TaskRunner

from catalog import Catalog
from catalog.blobs import BlobStore, StoreRef
from flows.runners import task_runner
from steps.config import Config, load_config
from steps.episodes import EnclosureJob, enclosure_job, store_enclosure
from steps.records import Enclosure
from steps.store import flow_store
from steps.tagging import TaggingJob, item_tagging_job, store_tagging
from steps.transcription import (
    TranscriptionJob,
    TranscriptionResult,
    store_transcription,
    transcription_job,
)
from themes.taxonomy import Taxonomy, load_taxonomy
from transcripts.model import ModelId


@dataclass
class CatalogJobs:
    """The catalog, the blob store and the task runner as the flow holds them during a run:
    each item's job (None when the catalog has the result already), and storing results."""

    config: Config
    catalog: Catalog
    store: BlobStore
    ref: StoreRef
    taxonomy: Taxonomy
    runner: TaskRunner

    def ids(self, kind: str | None = None) -> list[str]:
        """The ids of the catalog's items (of one kind)."""
        return [item.id for item in self.catalog.items(kind)]  # type: ignore[arg-type]

    @functools.cached_property
    def cover(self) -> str:
        """The show's cover image's key in the store (put there once per run)."""
        image = self.config.show_image
        return self.store.put_bytes(self.config.show_image_bytes(), image.suffix.lower())

    def enclosure(self, item_id: str) -> EnclosureJob | None:
        """What making this episode's feed MP3 takes, or None if it is made."""
        return enclosure_job(self.catalog, self.store, self.catalog.item(item_id),
                             self.config.audio, self.config.show.title, self.cover)

    def store_enclosure(self, job: EnclosureJob, enclosure: Enclosure) -> None:
        """Store a made MP3 as the episode's enclosure."""
        store_enclosure(self.catalog, self.store, job, enclosure)

    def transcription(self, item_id: str, model: ModelId) -> TranscriptionJob | None:
        """The transcription job of an episode, with the model the workers named."""
        return transcription_job(self.catalog, self.store, self.catalog.item(item_id),
                                 self.config.transcription, model)

    def store_transcription(self, job: TranscriptionJob, result: TranscriptionResult) -> None:
        """Store an episode's new transcripts (their keys in the blob store)."""
        store_transcription(self.catalog, self.store, job, result)

    def tagging(self, item_id: str) -> TaggingJob | None:
        """The tagging job of an item."""
        return item_tagging_job(self.catalog, self.catalog.item(item_id), self.taxonomy,
                                semantic=self.config.tagging_semantic)

    def store_tagging(self, job: TaggingJob, tags: list[dict[str, Any]]) -> None:
        """Store an item's new tags."""
        store_tagging(self.catalog, job, tags)


@contextmanager
def catalog_jobs(config_path: str, data_dir: str) -> Iterator[CatalogJobs]:
    """The flow's catalog and store for the block, and the config's task runner.

    The runner is entered here, from the config the run reads, so that a run from the command
    line, from `innocast serve` or from a work pool's worker uses the same one.
    """
    config = load_config(Path(config_path))
    store, ref = flow_store(config.store, Path(data_dir))
    taxonomy = load_taxonomy(config.taxonomy)
    with Catalog(Path(data_dir)) as catalog, task_runner(config.runner) as runner:
        yield CatalogJobs(config, catalog, store, ref, taxonomy, runner)
