"""An editor's corrections: a corrected transcript and confirmed or rejected themes win."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import themes
from catalog import Catalog
from demo import DEMO_CONFIG, DEMO_DIR
from steps.config import EpisodeSource, load_config
from steps.episodes import ensure_enclosure, ingest_episode
from steps.publish import publish
from steps.tagging import ensure_tags
from steps.transcription import current_transcript, ensure_transcript, machine_transcript
from tests.shows import make_show
from themes.taxonomy import default_taxonomy
from transcripts.settings import TranscribeSettings

INNOCAST = str(Path(sys.executable).with_name("innocast"))
CORRECTED = """WEBVTT

00:00:00.000 --> 00:00:03.000
<v Värd>Välkommen till den engelska utgåvan.

00:00:03.400 --> 00:00:07.800
Idag sammanfattar vi hur offentliga organisationer arbetar med innovation.
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory with the English demo episode, its audio prepared."""
    data = tmp_path / "data"
    config = load_config(DEMO_CONFIG)
    with Catalog(data) as catalog:
        source = EpisodeSource(audio="x", title="English", id="english", language="en")
        item = ingest_episode(catalog, source, DEMO_DIR / "episodes" / "04-english-summary.mp3")
        ensure_enclosure(catalog, item.item, config.audio, "Podden", None)
    return data


def _innocast(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([INNOCAST, *args], capture_output=True, text=True, timeout=120)


def _publish(data: Path, out: Path) -> BeautifulSoup:
    with Catalog(data) as catalog:
        for item in catalog.items():
            ensure_tags(catalog, item, default_taxonomy(),
                        current_transcript(catalog, item))
        publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy())
    page = out / "episodes" / "english" / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")


def test_transcript_set_is_used_everywhere(data: Path, tmp_path: Path) -> None:
    corrected = tmp_path / "corrected.vtt"
    corrected.write_text(CORRECTED, encoding="utf-8")
    result = _innocast("transcript", "set", "english", str(corrected), "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "english: transcript replaced by corrected.vtt; publish to show it.\n"
    page = _publish(data, tmp_path / "public")
    assert "sammanfattar vi hur offentliga organisationer" in page.get_text(" ")
    vtt = (tmp_path / "public" / "transcripts" / "english.vtt").read_text(encoding="utf-8")
    assert "<v Värd>Välkommen till den engelska utgåvan." in vtt


@pytest.mark.slow
def test_transcript_set_survives_a_transcription_and_clear_restores(
    data: Path, tmp_path: Path
) -> None:
    corrected = tmp_path / "corrected.srt"
    corrected.write_text("1\n00:00:00,000 --> 00:00:02,000\nRättad text.\n", encoding="utf-8")
    assert _innocast("transcript", "set", "english", str(corrected), "--data", str(data)
                     ).returncode == 0
    with Catalog(data) as catalog:
        item = catalog.get_item("english")
        assert ensure_transcript(catalog, item, TranscribeSettings()) is True
        shown = current_transcript(catalog, item)
        assert [s.text for s in shown.segments] == ["Rättad text."]
    assert _innocast("transcript", "clear", "english", "--data", str(data)).stdout == (
        "english: correction removed.\n")
    with Catalog(data) as catalog:
        item = catalog.get_item("english")
        shown, heard = current_transcript(catalog, item), machine_transcript(catalog, item)
    # What the recogniser heard is back (its words move with the CPU, so they are not named).
    assert shown == heard and "Rättad text." not in shown.text
    assert shown.duration > 30 and len(shown.segments) > 5


def test_transcript_set_bad_file_is_one_line(data: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.vtt"
    broken.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBakåt i tiden\n", encoding="utf-8")
    result = _innocast("transcript", "set", "english", str(broken), "--data", str(data))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {broken}: line 3: ")
    assert result.stderr.count("\n") == 1
    notes = tmp_path / "notes.txt"
    notes.write_text("hej", encoding="utf-8")
    result = _innocast("transcript", "set", "english", str(notes), "--data", str(data))
    assert result.stderr == f"Error: {notes}: a corrected transcript must be a .vtt or .srt file\n"


def test_tags_set_confirmed_shown_rejected_hidden(data: Path, tmp_path: Path) -> None:
    result = _innocast("tags", "set", "english", "+collaboration", "-digital-transformation",
                       "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("english: confirmed collaboration; "
                             "rejected digital-transformation\n")
    text = _publish(data, tmp_path / "public").get_text(" ")
    # The tagger did not find collaboration in this episode: an editor's word, no percentage.
    assert "Samverkan (bekräftat av redaktör)" in " ".join(text.split())
    assert "Digital transformation" not in text


def test_tags_set_takes_the_themes_of_the_configs_taxonomy(data: Path, tmp_path: Path) -> None:
    taxonomy = (Path(themes.__file__).parent / "taxonomy.toml").read_text(encoding="utf-8")
    custom = tmp_path / "teman.toml"
    custom.write_text(taxonomy.replace('id = "collaboration"', 'id = "partssamverkan"'), "utf-8")
    config = make_show(tmp_path / "show", extra='[tagging]\ntaxonomy = "../teman.toml"\n')
    result = _innocast("tags", "set", "english", "+partssamverkan", "--data", str(data),
                       "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "english: confirmed partssamverkan; rejected -\n"
    refused = _innocast("tags", "set", "english", "+collaboration", "--data", str(data),
                        "--config", str(config))
    assert refused.returncode == 2 and "partssamverkan" in refused.stderr


def test_tags_set_unknown_item_is_one_line(data: Path) -> None:
    result = _innocast("tags", "set", "nope", "+collaboration", "--data", str(data))
    assert result.returncode == 1
    assert result.stderr == "Error: nope: no episode or news item with this id or slug\n"
