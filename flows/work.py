"""The flow's side of the per-item steps: what each item needs, and what workers return, filed.

Only the flow process opens the catalog. Workers get jobs (content keys and values) and give
back values or keys of what they wrote to the blob store; the flow records them here.
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
from steps.episodes import EnclosureJob, enclosure_job, file_enclosure
from steps.records import Enclosure
from steps.store import flow_store
from steps.tagging import TagJob, file_tags, tag_job
from steps.transcription import (
    TranscriptJob,
    current_transcript,
    file_transcript,
    transcript_job,
)
from themes.taxonomy import Taxonomy, load_taxonomy
from transcripts.model import ModelId


@dataclass
class ItemWork:
    """The catalog and the store as the flow holds them during a run."""

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
        return self.store.put_file(image, image.suffix.lower())

    def enclosure_job(self, item_id: str) -> EnclosureJob | None:
        """What making this episode's feed MP3 takes, or None if it is made."""
        return enclosure_job(self.catalog, self.store, self.catalog.get_item(item_id),
                             self.config.audio, self.config.show.title, self.cover)

    def file_enclosure(self, item_id: str, job: EnclosureJob, enclosure: Enclosure) -> None:
        """File a made MP3 as the episode's enclosure."""
        file_enclosure(self.catalog, self.store, item_id, enclosure)

    def transcript_job(self, item_id: str, model: ModelId) -> TranscriptJob | None:
        """What transcribing this episode takes, or None if it is transcribed."""
        return transcript_job(self.catalog, self.store, self.catalog.get_item(item_id),
                              self.config.transcription, model)

    def file_transcript(self, item_id: str, job: TranscriptJob, transcript: str) -> None:
        """File a transcript a worker wrote to the store."""
        file_transcript(self.catalog, self.store, item_id, job, transcript)

    def tag_job(self, item_id: str) -> TagJob | None:
        """What tagging this item takes, or None if its text and the taxonomy are unchanged."""
        item = self.catalog.get_item(item_id)
        transcript = current_transcript(self.catalog, item) if item.kind == "episode" else None
        return tag_job(self.catalog, item, self.taxonomy, transcript)

    def file_tags(self, item_id: str, job: TagJob, tags: list[dict[str, Any]]) -> None:
        """File an item's tags."""
        file_tags(self.catalog, item_id, job, tags)


@contextmanager
def item_work(config_path: str, data_dir: str) -> Iterator[ItemWork]:
    """The flow's catalog and store for the block, and the config's task runner.

    The runner is entered here, from the config the run reads, so that a run from the command
    line, from `innocast serve` or from a work pool's worker uses the same one.
    """
    config = load_config(Path(config_path))
    store, ref = flow_store(config.store, Path(data_dir))
    taxonomy = load_taxonomy(config.taxonomy)
    with Catalog(Path(data_dir)) as catalog, task_runner(config.runner) as runner:
        yield ItemWork(config, catalog, store, ref, taxonomy, runner)
