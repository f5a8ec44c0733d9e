"""Publishing from the catalog: whole, incremental, and the editor's word on themes."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from catalog import Catalog
from demo import DEMO_CONFIG, DEMO_DIR
from steps.config import EpisodeSource, NewsSource, load_config
from steps.episodes import ensure_enclosure, ingest_episode
from steps.errors import InputError
from steps.news import ingest_news
from steps.publish import publish
from steps.tagging import ensure_tags
from themes.taxonomy import default_taxonomy


def demo_catalog(data: Path) -> Catalog:
    """A catalog in `data` with two demo episodes (audio prepared, not transcribed) and the
    demo's news, tagged."""
    catalog = Catalog(data)
    config = load_config(DEMO_CONFIG)
    for source in config.episodes[2:]:
        upsert = ingest_episode(catalog, source, Path(config.resolve(source.audio)))
        ensure_enclosure(catalog, upsert.item, config.audio, "Podden", None)
    ingest_news(catalog, NewsSource("news"), str(DEMO_DIR / "news"))
    for item in catalog.items():
        ensure_tags(catalog, item, default_taxonomy())
    return catalog


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """The demo catalog of `demo_catalog` in a fresh folder."""
    return demo_catalog(tmp_path / "data")


def _add_episode(catalog: Catalog) -> None:
    config = load_config(DEMO_CONFIG)
    source = EpisodeSource(audio="x", title="Ett nytt avsnitt", id="nytt", episode=5,
                           notes="Om samverkan mellan kommuner.")
    upsert = ingest_episode(catalog, source, DEMO_DIR / "episodes" / "01-coworking.mp3")
    ensure_enclosure(catalog, upsert.item, config.audio, "Podden", None)


def test_publish_writes_feed_pages_and_audio(catalog: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy())
    assert (report.episodes, report.news) == (2, 5)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert len(feed.entries) == 2
    for entry in feed.entries:
        assert int(entry.enclosures[0].length) == (out / "audio" / Path(
            entry.enclosures[0].href).name).stat().st_size
    assert len(list((out / "news").glob("*/index.html"))) == 5
    assert feedparser.parse((out / "news.xml").read_bytes()).entries


def test_publish_after_one_new_episode_rewrites_only_what_changed(
    catalog: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    config = load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    assert publish(catalog, config, out, default_taxonomy()).written == []
    _add_episode(catalog)
    written = set(publish(catalog, config, out, default_taxonomy()).written)
    assert {"audio/nytt.mp3", "feed.xml", "episodes/nytt/index.html", "index.html",
            "episodes/index.html"} <= written
    untouched = {"episodes/digital-kompetens/index.html", "news.xml",
                 "audio/digital-kompetens.mp3"}
    assert not untouched & written
    # A news page changes only where it now lists the new episode among its related items.
    for name in (n for n in written if n.startswith("news/")):
        page = BeautifulSoup((out / name).read_text(encoding="utf-8"), "lxml")
        assert page.select_one("section.related a[href='../../episodes/nytt/']"), name


def test_publish_across_file_systems_copies_audio_once(catalog: Catalog, tmp_path: Path) -> None:
    # Hard links cannot cross file systems, and the data and the output may be on two: here
    # the output is in /dev/shm (a tmpfs).
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on another file system than the temporary folder")
    scratch = Path(tempfile.mkdtemp(dir=shm))
    try:
        out = scratch / "public"
        config = load_config(DEMO_CONFIG)
        first = publish(catalog, config, out, default_taxonomy()).written
        assert {"audio/digital-kompetens.mp3", "cover.jpg"} <= set(first)
        enclosure = catalog.get_item("digital-kompetens").data["enclosure"]
        stored = catalog.blob_path(enclosure["sha"], ".mp3")
        assert (out / "audio" / "digital-kompetens.mp3").read_bytes() == stored.read_bytes()
        assert publish(catalog, config, out, default_taxonomy()).written == []
    finally:
        shutil.rmtree(scratch)


def test_publish_removes_what_is_gone(catalog: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "public"
    config = load_config(DEMO_CONFIG)
    _add_episode(catalog)
    publish(catalog, config, out, default_taxonomy())
    assert (out / "audio" / "nytt.mp3").exists()
    with catalog.transaction() as db:
        db.execute("DELETE FROM items WHERE slug = 'nytt'")
    report = publish(catalog, config, out, default_taxonomy())
    assert "audio/nytt.mp3" in report.removed
    assert not (out / "audio" / "nytt.mp3").exists()
    assert not (out / "episodes" / "nytt").exists()


def test_publish_shows_editor_confirmed_and_hides_rejected(
    catalog: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    item = catalog.get_item("digital-kompetens")
    suggested = [tag["theme"] for tag in catalog.get_tags(item.id)[1]]
    assert "funding-programs" in suggested
    catalog.decide(item.id, {"funding-programs": False, "accessibility-inclusion": True})
    publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy())
    page = BeautifulSoup((out / "episodes" / "digital-kompetens" / "index.html").read_text(),
                         "lxml")
    themes = page.get_text(" ")
    assert "Tillgänglighet och inkludering" in themes
    assert "Finansiering och program" not in themes


def test_publish_output_is_never_half_written(catalog: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "public"
    config = load_config(DEMO_CONFIG)
    publish(catalog, config, out, default_taxonomy())
    before = (out / "feed.xml").read_bytes()
    shutil.rmtree(catalog.blob_dir)  # the stored audio is gone: the next publication fails
    _broken = catalog.get_item("digital-kompetens")
    with pytest.raises(InputError, match=r"^[a-z0-9-]+: its feed MP3 .* is missing"):
        publish(catalog, config, out, default_taxonomy())
    assert (out / "feed.xml").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


def test_publish_chapters_and_persons_reach_the_feed(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "data")
    config = load_config(DEMO_CONFIG)
    first = config.episodes[0]
    item = ingest_episode(catalog, first, Path(config.resolve(first.audio))).item
    ensure_enclosure(catalog, item, config.audio, "Podden", None)
    out = tmp_path / "public"
    publish(catalog, config, out, default_taxonomy())
    tree = etree.parse(str(out / "feed.xml"))
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    (url,) = tree.xpath("//item/podcast:chapters/@url", namespaces=ns)
    chapters = json.loads((out / urlsplit(url).path.lstrip("/")).read_text(encoding="utf-8"))
    assert [c["title"] for c in chapters["chapters"]] == [
        "Välkommen", "Tid för Samverket", "Tillgänglighet och olikheter"]
    assert chapters["chapters"][1]["startTime"] == 19
    assert tree.xpath("//item/podcast:person/text()", namespaces=ns) == [
        "Sofie Andersson", "Niklas Huss"]
    assert tree.xpath("//item/podcast:person/@role", namespaces=ns) == ["host", "guest"]


PODCAST_NS = {"podcast": "https://podcastindex.org/namespace/1.0"}


def _read_aloud(catalog: Catalog, slug: str, script: Path) -> float:
    """Give an episode a transcript of its manuscript spread over its audio (as an editor's
    correction would); return the audio's duration."""
    from transcripts.manuscript import parse_manuscript
    from transcripts.segments import Segment, Transcript

    item = next(i for i in catalog.items("episode") if i.slug == slug)
    duration = item.data["enclosure"]["duration"]
    sentences = parse_manuscript(script.read_text(encoding="utf-8"), script.name)
    step = duration / len(sentences)
    segments = [Segment(round(n * step, 3), round((n + 0.9) * step, 3), s.text)
                for n, s in enumerate(sentences)]
    catalog.set_override(item.id, source="test.vtt",
                         data=Transcript("sv", duration, segments).to_dict())
    return duration


def test_publish_finds_chapters_and_soundbites_in_the_transcript(
    catalog: Catalog, tmp_path: Path
) -> None:
    duration = _read_aloud(catalog, "digital-kompetens",
                           DEMO_DIR / "episodes" / "03-digital-kompetens.script.txt")
    out = tmp_path / "public"
    publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy())
    chapters = json.loads((out / "chapters" / "digital-kompetens.json").read_text())["chapters"]
    assert chapters[0]["startTime"] == 0 and chapters[0]["title"]
    item = next(i for i in etree.fromstring((out / "feed.xml").read_bytes()).iter("item")
                if i.findtext("title") == "Digital kompetens i offentlig sektor")
    assert item.xpath("podcast:chapters/@url", namespaces=PODCAST_NS) == [
        "http://localhost:8000/chapters/digital-kompetens.json"
    ]
    bites = item.xpath("podcast:soundbite", namespaces=PODCAST_NS)
    assert 1 <= len(bites) <= 3
    for bite in bites:
        start, length = float(bite.get("startTime")), float(bite.get("duration"))
        assert 15 <= length <= 60 and start + length <= duration + 0.01 and bite.text
    page = BeautifulSoup((out / "episodes" / "digital-kompetens" / "index.html").read_text(),
                         "html.parser")
    assert page.select_one(".chapters li a")["href"] == "#t=0.00"
    assert page.select(".soundbites li")


def test_publish_finds_a_transcripts_chapters_once(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import themes.topics

    scripts = DEMO_DIR / "episodes"
    _read_aloud(catalog, "digital-kompetens", scripts / "03-digital-kompetens.script.txt")
    config, taxonomy = load_config(DEMO_CONFIG), default_taxonomy()
    publish(catalog, config, tmp_path / "first", taxonomy)
    found = (tmp_path / "first" / "chapters" / "digital-kompetens.json").read_bytes()

    def found_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged transcript's chapters were found again")

    # A publish into a new folder builds every episode again; the transcript is the same.
    monkeypatch.setattr(themes.topics, "chapters", found_again)
    publish(catalog, config, tmp_path / "second", taxonomy)
    assert (tmp_path / "second" / "chapters" / "digital-kompetens.json").read_bytes() == found
    # An editor's new transcript is a new one: its chapters are found.
    _read_aloud(catalog, "digital-kompetens", scripts / "01-coworking.script.txt")
    with pytest.raises(AssertionError, match="found again"):
        publish(catalog, config, tmp_path / "third", taxonomy)


def test_publish_keeps_no_chapters_found_while_the_installed_model_fails_to_load(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import themes.embedding

    scripts = DEMO_DIR / "episodes"
    _read_aloud(catalog, "digital-kompetens", scripts / "03-digital-kompetens.script.txt")
    config, taxonomy = load_config(DEMO_CONFIG), default_taxonomy()
    monkeypatch.setattr(themes.embedding, "load_embedder", lambda: None)
    publish(catalog, config, tmp_path / "first", taxonomy)
    assert (tmp_path / "first" / "chapters" / "digital-kompetens.json").exists()
    kept = Path(catalog.data_dir) / "chapters"
    assert not list(kept.glob("*.json"))
    monkeypatch.undo()
    publish(catalog, config, tmp_path / "second", taxonomy)
    assert len(list(kept.glob("*.json"))) == 1


def test_publish_configured_chapters_and_soundbites_win(catalog: Catalog, tmp_path: Path) -> None:
    from podcast.chapters import Chapter
    from podcast.podcast_namespace import Soundbite

    config = load_config(DEMO_CONFIG)
    source = EpisodeSource(audio="x", title="Med kapitel", id="kapitel", episode=6,
                           chapters=(Chapter(0, "Början"), Chapter(20, "Slutet")),
                           soundbites=(Soundbite(5.0, 16.0, "Det bästa"),))
    upsert = ingest_episode(catalog, source, DEMO_DIR / "episodes" / "01-coworking.mp3")
    ensure_enclosure(catalog, upsert.item, config.audio, "Podden", None)
    _read_aloud(catalog, "kapitel", DEMO_DIR / "episodes" / "01-coworking.script.txt")
    out = tmp_path / "public"
    publish(catalog, config, out, default_taxonomy())
    chapters = json.loads((out / "chapters" / "kapitel.json").read_text())["chapters"]
    assert [(c["startTime"], c["title"]) for c in chapters] == [(0, "Början"), (20, "Slutet")]
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    bites = feed.xpath("//item[title='Med kapitel']/podcast:soundbite", namespaces=PODCAST_NS)
    assert [(b.get("startTime"), b.get("duration"), b.text) for b in bites] == [
        ("5.0", "16.0", "Det bästa")
    ]
