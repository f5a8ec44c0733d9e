"""`innocast demo` end to end: real audio, real Whisper, a real Prefect run, a real feed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jiwer
import podcastparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from demo import DEMO_CONFIG
from steps.config import load_config
from tests.golden import GOLDEN_DIR, RECOGNISER, golden_files, replay_transcripts

pytestmark = pytest.mark.slow
INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _demo(out: Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run(
        [INNOCAST, "demo", "--out", str(out), "--data", str(data)],
        capture_output=True, text=True, timeout=900, env=env,
    )


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("demo")
    runs = [_demo(root / "public", root / "data") for _ in range(2)]
    return root / "public", runs


def _local(out: Path, url: str) -> Path:
    """The file in `out` that a published URL points at."""
    return out / urlsplit(url).path.lstrip("/")


def test_demo_runs_and_says_where_things_are(demo_runs) -> None:
    out, (first, _second) = demo_runs
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"Feed:   {out / 'feed.xml'}" in first.stdout
    assert f"python3 -m http.server 8000 --directory {out}" in first.stdout
    assert "Transcribed 4 episode(s)" in first.stdout


def test_demo_second_run_transcribes_nothing(demo_runs) -> None:
    _out, (_first, second) = demo_runs
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Transcribed 0 episode(s), prepared 0 audio file(s), tagged 0 item(s)" in second.stdout
    assert "Episodes: 0 new, 0 updated, 4 unchanged" in second.stdout


def test_demo_feed_has_every_episode_with_real_enclosure_and_transcript(demo_runs) -> None:
    out, _runs = demo_runs
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = {entry.title for entry in feed.entries}
    expected = {episode.title for episode in load_config(DEMO_CONFIG).episodes}
    assert titles == expected
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        audio = _local(out, enclosure.href)
        assert int(enclosure.length) == audio.stat().st_size
        assert audio.read_bytes()[:3] == b"ID3"
        vtt = _local(out, _transcript_url(out, entry.id))
        assert vtt.read_text(encoding="utf-8").startswith("WEBVTT")


def _transcript_url(out: Path, guid: str) -> str:
    """The VTT URL of the feed item with this guid, read with XPath."""
    tree = etree.parse(str(out / "feed.xml"))
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    (url,) = tree.xpath(
        f"//item[guid='{guid}']/podcast:transcript[@type='text/vtt']/@url", namespaces=ns
    )
    return url


def test_demo_pages_show_the_transcripts(demo_runs) -> None:
    out, _runs = demo_runs
    english = out / "episodes" / "english-summary" / "index.html"
    page = BeautifulSoup(english.read_text(encoding="utf-8"), "lxml")
    assert page.html["lang"] == "sv"
    transcript_text = " ".join(page.get_text(" ").lower().split())
    assert "innovation" in transcript_text and "prototypes" in transcript_text
    for slug in ("samverket-coworking", "innovationslabb-i-kommunen", "digital-kompetens"):
        assert (out / "episodes" / slug / "index.html").is_file()
    assert len(list((out / "news").glob("*/index.html"))) == 5
    assert (out / "index.html").is_file()
    assert (out / "search" / "index.html").is_file()
    assert (out / "search-index" / "bundles.json").is_file()
    assert (out / "search-index" / "entry.json").is_file()


def test_demo_feed_passes_the_validator_and_podcastparser(demo_runs) -> None:
    out, _runs = demo_runs
    result = subprocess.run(
        [INNOCAST, "validate-feed", str(out / "feed.xml"), "--site", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid (4 episodes)" in result.stdout
    with (out / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse("http://localhost:8000/feed.xml", handle)
    assert len(parsed["episodes"]) == 4
    for episode in parsed["episodes"]:
        assert episode["total_time"] > 30
        (enclosure,) = episode["enclosures"]
        assert enclosure["file_size"] == _local(out, enclosure["url"]).stat().st_size


@pytest.fixture(scope="module")
def replayed_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo published from a data directory given the golden copy's recorded transcripts
    (Whisper's words differ between CPUs; see tests/golden)."""
    root = tmp_path_factory.mktemp("replayed")
    replay_transcripts(root / "data", json.loads(RECOGNISER.read_text(encoding="utf-8")))
    run = _demo(root / "public", root / "data")
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "public", run.stdout


def test_demo_publication_matches_the_golden_copy(replayed_demo) -> None:
    out, stdout = replayed_demo
    assert "Transcribed 0 episode(s)" in stdout  # the recorded transcripts were used
    published, golden = golden_files(out), golden_files(GOLDEN_DIR)
    hint = "if meant, run python -m tests.golden.regenerate and commit tests/golden"
    assert sorted(published) == sorted(golden), hint
    changed = [name for name in golden if published[name] != golden[name]]
    assert not changed, f"{changed} differ from the golden copy; {hint}"


def test_demo_recogniser_here_hears_what_the_golden_copy_recorded(demo_runs) -> None:
    # Only the English episode: the bundled base model's Swedish on the demo's synthetic voice
    # is guesswork that moves with the CPU (word error rates of 0.37-0.93 between two machines).
    out, _runs = demo_runs
    name = "transcripts/english-summary.machine.txt"
    heard, recorded = ((folder / name).read_text(encoding="utf-8") for folder in (out, GOLDEN_DIR))
    assert jiwer.wer(_words(recorded), _words(heard)) <= 0.2, heard


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
