"""A data folder for the editor: a Swedish episode with a machine transcript and a news item,
both tagged, and the show's config."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from catalog import Catalog
from demo import DEMO_DIR
from steps.config import EpisodeSource, NewsSource, load_config
from steps.episodes import ensure_enclosure, ingest_episode
from steps.news import ingest_news
from steps.records import record_transcript
from steps.tagging import ensure_tags
from steps.transcription import current_transcript
from tests.shows import make_show
from themes.taxonomy import default_taxonomy
from transcripts.segments import Segment, Transcript, Word

# What the "machine" heard: each line a segment of two seconds, its words evenly timed. The
# first misspells the agency (the editor corrects it); the lines name three themes.
HEARD = (
    "Välkommen till podden om samverkat och innovation.",
    "Kommuner och regioner arbetar i samverkan med myndigheter.",
    "Informationssäkerhet och dataskydd är viktigt för invånarna.",
    "Vi testar tjänstedesign och prototyper i innovationslabbet.",
)
TRANSCRIPT_KEY = "test-machine-transcript"


@dataclass(frozen=True)
class EditorData:
    """The data folder, the config, and the episode's and news item's ids."""

    data: Path
    config: Path
    episode: str
    news: str


def machine_transcript(lines: tuple[str, ...] = HEARD, seconds: float = 2.0) -> Transcript:
    """A transcript of `lines`, one segment of `seconds` each, words timed evenly."""
    segments = []
    for n, line in enumerate(lines):
        words = line.split()
        step = seconds / len(words)
        timed = [Word(round(n * seconds + k * step, 3), round(n * seconds + (k + 1) * step, 3),
                      word, 0.5) for k, word in enumerate(words)]
        segments.append(Segment(n * seconds, (n + 1) * seconds, line, timed))
    return Transcript("sv", len(lines) * seconds, segments, model="test")


def make_editor_data(folder: Path) -> EditorData:
    """Ingest the show's Swedish episode (with a machine transcript) and one news text; tag."""
    config_path = make_show(folder / "show", episodes=("labbet",))
    config = load_config(config_path)
    data = folder / "data"
    with Catalog(data) as catalog:
        source = EpisodeSource(audio="x", title="Ett innovationslabb", id="labbet")
        item = ingest_episode(catalog, source, DEMO_DIR / "episodes" / "02-innovationslabb.mp3")
        ensure_enclosure(catalog, item.item, config.audio, "Testpodden", None)
        transcript = machine_transcript()
        catalog.put_transcript(TRANSCRIPT_KEY, audio_hash="0" * 64, model="test",
                               data=transcript.to_dict())
        record_transcript(catalog, item.item.id, TRANSCRIPT_KEY)
        news_file = folder / "show" / "news" / "partsradet-innovativa-aktiviteter.txt"
        ingest_news(catalog, NewsSource(source=str(news_file)), str(news_file))
        for stored in catalog.items():
            heard = current_transcript(catalog, stored) if stored.kind == "episode" else None
            ensure_tags(catalog, stored, default_taxonomy(), heard)
        news = catalog.items("news")[0]
        return EditorData(data, config_path, item.item.id, news.id)


@pytest.fixture(scope="session")
def editor_data_once(tmp_path_factory: pytest.TempPathFactory) -> EditorData:
    """The data folder, made once (its audio prepared once) for the session."""
    return make_editor_data(tmp_path_factory.mktemp("editor"))


@pytest.fixture
def editor_data(editor_data_once: EditorData, tmp_path: Path) -> EditorData:
    """A fresh copy of the data folder for one test."""
    data = tmp_path / "data"
    shutil.copytree(editor_data_once.data, data)
    return replace(editor_data_once, data=data)
