"""Manuscript sync end to end: the English demo episode, the real bundled model, published."""

from __future__ import annotations

import dataclasses
import statistics
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalog import Catalog
from demo import DEMO_CONFIG, DEMO_DIR
from steps.config import load_config
from steps.episodes import ensure_enclosure, ingest_episode
from steps.publish import publish
from steps.transcription import current_transcript, ensure_transcript, machine_transcript
from themes.taxonomy import default_taxonomy
from transcripts.formats import parse_vtt
from transcripts.manuscript import parse_manuscript

pytestmark = pytest.mark.slow
SCRIPT = DEMO_DIR / "episodes" / "04-english-summary.script.txt"


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory):
    """The English demo episode with its manuscript, transcribed and synced once."""
    config = load_config(DEMO_CONFIG)
    config = dataclasses.replace(config, episodes=config.episodes[3:])
    catalog = Catalog(tmp_path_factory.mktemp("sync") / "data")
    source = config.episodes[0]
    item = ingest_episode(catalog, source, Path(config.resolve(source.audio))).item
    ensure_enclosure(catalog, item, config.audio, "Podden", None)
    first = ensure_transcript(catalog, item, config.transcription)
    again = ensure_transcript(catalog, item, config.transcription)
    # The episode records its current transcripts: read it again to see them.
    return catalog, config, catalog.get_item(item.id), first, again


def test_sync_publishes_the_manuscript_words_timed_like_the_recogniser(synced) -> None:
    catalog, _config, item, first, again = synced
    assert (first, again) == (True, False)
    shown = current_transcript(catalog, item)
    heard = machine_transcript(catalog, item)
    sentences = parse_manuscript(SCRIPT.read_text(encoding="utf-8"), "script")
    assert [s.text for s in shown.segments] == [s.text for s in sentences]
    # The recogniser misheard words the manuscript has right; the machine's text is kept.
    assert "summarise" in shown.text and "summarise" not in heard.text
    errors = [min(abs(s.start - h.start) for h in heard.segments) for s in shown.segments]
    assert statistics.median(errors) <= 0.5
    assert max(errors) <= 1.5


def test_sync_changed_manuscript_syncs_again_without_transcribing(synced) -> None:
    catalog, config, item, _first, _again = synced
    heard = machine_transcript(catalog, item)
    changed = item.data["script"].replace("Thank you for listening.", "Thanks for listening!")
    item = catalog.update_data(item.id, script=changed)
    assert ensure_transcript(catalog, item, config.transcription) is True
    item = catalog.get_item(item.id)
    assert current_transcript(catalog, item).segments[-1].text == (
        "Thanks for listening!"
    )
    assert machine_transcript(catalog, item) == heard
    item = catalog.update_data(item.id, script=SCRIPT.read_text(encoding="utf-8"))
    # Back to the first manuscript: its sync is stored, so nothing runs and it is current again.
    assert ensure_transcript(catalog, item, config.transcription) is False


def test_sync_page_and_captions_carry_the_manuscript(synced, tmp_path: Path) -> None:
    catalog, config, item, _first, _again = synced
    out = tmp_path / "public"
    publish(catalog, config, out, default_taxonomy())
    vtt = parse_vtt((out / "transcripts" / f"{item.slug}.vtt").read_text(encoding="utf-8"), "vtt")
    assert "Today we summarise how Swedish public organisations" in vtt.text
    page = BeautifulSoup(
        (out / "episodes" / item.slug / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    note = page.select_one("p.synced")
    assert note is not None and "Manus synkat mot ljudet" in note.get_text()
    machine = out / "transcripts" / f"{item.slug}.machine.txt"
    assert note.a["href"].endswith(machine.name) and machine.read_text(encoding="utf-8")
    segments = page.select("ol.segments li")
    assert "summarise" in segments[1].get_text()
    assert float(segments[1]["data-start"]) > 2.0
