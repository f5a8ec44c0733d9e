"""The config file: the demo's loads; every problem is one line naming the file and field."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from demo import DEMO_CONFIG, DEMO_DIR
from steps.config import load_config
from steps.errors import ConfigError

SHOW = """
[show]
title = "Podden"
description = "Om innovation."
link = "https://example.se/podd/"
author = "Redaktionen"
owner_name = "Redaktionen"
owner_email = "podd@example.se"
image = "cover.jpg"
categories = [["Government"]]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(DEMO_DIR / "cover.jpg", tmp_path / "cover.jpg")
    return tmp_path


def _load(folder: Path, text: str):
    path = folder / "innocast.toml"
    path.write_text(SHOW + text, encoding="utf-8")
    return load_config(path)


def test_config_demo_loads() -> None:
    config = load_config(DEMO_CONFIG)
    assert len(config.episodes) == 4
    assert config.episodes[0].notes.startswith("Arbetsgivarpodden")
    assert config.base_url == "http://localhost:8000/"
    assert config.resolve("news") == str(DEMO_DIR / "news")


def test_config_base_url_defaults_to_show_link(folder: Path) -> None:
    assert _load(folder, "").base_url == "https://example.se/podd/"


def test_config_transcription_settings_reach_the_transcriber(folder: Path) -> None:
    config = _load(folder, "[transcription]\nlanguage = 'auto'\nbatched = true\nbeam_size = 3\n")
    settings = config.transcription
    assert (settings.language, settings.batched, settings.beam_size) == ("auto", True, 3)
    assert settings.vad_filter and not settings.condition_on_previous_text


def test_config_batched_by_default_only_where_measured_as_accurate(folder: Path) -> None:
    default = _load(folder, "").transcription
    assert default.batched is None
    assert not default.resolved().batched, "Swedish, the default language, stays sequential"
    assert dataclasses.replace(default, language="en").resolved().batched
    sequential = _load(folder, "[transcription]\nlanguage = 'en'\nbatched = false\n")
    assert sequential.transcription.resolved().batched is False
    assert sequential.transcription.cache_fields() != dataclasses.replace(
        default, language="en").cache_fields(), "the path that runs is part of the cache key"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[[episodes]]\ntitle = 'x'\n", "innocast.toml: episodes[1].audio: missing"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\npublished = 'igår'\n",
         "innocast.toml: episodes[1].published: must be a TOML date or date-time"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nepisode = -1\n",
         "innocast.toml: episodes[1].episode: must be a whole number of 0 or more"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nnotes_file = 'nope.txt'\n",
         "innocast.toml: episodes[1].notes_file: cannot read nope.txt"),
        ("[publish]\nbase_url = 'ftp://x'\n", "innocast.toml: publish.base_url: must be an http"),
        ("[transcription]\nbeam_size = 'five'\n",
         "innocast.toml: transcription.beam_size: must be a int"),
        ("[transcription]\nbeam_size = true\n",
         "innocast.toml: transcription.beam_size: must be a int"),
        ("[transcription]\nbatched = 'ja'\n",
         "innocast.toml: transcription.batched: must be a bool"),
        ("[transcription]\nmodel = 5\n",
         "innocast.toml: transcription.model: must be a str"),
        ("[colour]\nx = 1\n", "innocast.toml: unknown field 'colour'"),
        ("[runner]\nkind = 'spark'\n", "innocast.toml: runner.kind: must be one of threads, dask"),
        ("[runner]\nthreads = -1\n", "innocast.toml: runner.threads: must be 0 (the cores)"),
        ("[store]\nbucket = 'x'\n", "innocast.toml: store.bucket: unknown field"),
        ("[tagging]\nsemantic = 'ja'\n",
         "innocast.toml: tagging.semantic: must be true or false"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nexplicit = 'ja'\n",
         "innocast.toml: episodes[1].explicit: must be true or false"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nimage = 'bild.gif'\n",
         "innocast.toml: episodes[1].image: must be a .jpg or .png file, not 'bild.gif'"),
        ("[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nimage = 'saknas.jpg'\n",
         "innocast.toml: episodes[1].image: saknas.jpg is not a file"),
        ("trailer = { episode = 'nej', title = 'Trailer' }\n",
         "innocast.toml: show.trailer.episode: 'nej' is not the id of an episode in this file"),
        ("[accessibility]\ncontact_email = 'ingen'\n",
         "innocast.toml: accessibility.contact_email: must be an email address, not 'ingen'"),
        ("[accessibility]\ngaps = 'allt'\n",
         "innocast.toml: accessibility.gaps: must be a list"),
        ("[accessibility]\ngaps = ['', 'x']\n",
         "innocast.toml: accessibility.gaps: must be a list of texts, one known gap each"),
        ("[accessibility]\nassessed = 'igår'\n",
         "innocast.toml: accessibility.assessed: must be a TOML date (e.g. 2026-11-30)"),
        ("[accessibility]\nphone = '123'\n",
         "innocast.toml: accessibility.phone: unknown field"),
    ],
)
def test_config_bad_field_is_named(folder: Path, text: str, error: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(folder, text)
    assert str(caught.value).startswith(error)
    assert "\n" not in str(caught.value)


def test_config_accessibility_defaults_to_the_show_owner(folder: Path) -> None:
    statement = _load(folder, "").accessibility
    assert (statement.publisher, statement.contact_email, statement.gaps) == (
        "Redaktionen", "podd@example.se", ()
    )


def test_config_demo_fills_in_every_publishing_field() -> None:
    config = load_config(DEMO_CONFIG)
    show = config.show
    assert (show.license, show.block, show.complete) == ("CC-BY-4.0", True, True)
    assert show.trailer is not None and show.trailer.episode == "english-summary"
    assert show.funding and show.location and show.update_frequency and show.websub_hub
    assert config.episodes[0].explicit is False
    assert config.episodes[3].image == str(DEMO_DIR / "episodes" / "04-english-summary.jpg")
    assert config.accessibility is not None and len(config.accessibility.gaps) == 2


def test_config_not_toml_is_named(folder: Path) -> None:
    path = folder / "innocast.toml"
    path.write_text("[show\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{path}: not valid TOML"):
        load_config(path)


def test_config_missing_cover_is_named(folder: Path) -> None:
    (folder / "cover.jpg").unlink()
    with pytest.raises(ConfigError, match="show.image: cover.jpg is not a file"):
        _load(folder, "")


def test_config_demo_episodes_carry_their_manuscripts() -> None:
    config = load_config(DEMO_CONFIG)
    english = config.episodes[3]
    assert english.script == (DEMO_DIR / "episodes" / "04-english-summary.script.txt").read_text(
        encoding="utf-8"
    )
    assert all(episode.script for episode in config.episodes)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "innocast.toml: episodes[1].script_file: cannot read manus.txt"),
        (b"HOST: \xff\xfe hej", "innocast.toml: episodes[1].script_file: manus.txt is not UTF-8"),
        (b" \n\n ", "innocast.toml: episodes[1].script_file: manus.txt has no words"),
        (b"ord " * 200_000, "innocast.toml: episodes[1].script_file: manus.txt is over"),
    ],
)
def test_config_bad_manuscript_is_named(folder: Path, content: bytes | None, error: str) -> None:
    if content is not None:
        (folder / "manus.txt").write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        _load(folder, "[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\nscript_file = 'manus.txt'\n")
    assert str(caught.value).startswith(error)


def test_config_news_listing_bound_defaults_to_fifty(folder: Path) -> None:
    config = _load(
        folder,
        "[[news]]\nsource = 'https://example.se/nyheter/'\n"
        "[[news]]\nsource = 'https://example.se/aktuellt/'\nmax_articles = 10\n",
    )
    assert [n.max_articles for n in config.news] == [50, 10]


@pytest.mark.parametrize("value", ["0", "-3", "'många'"])
def test_config_news_listing_bound_must_be_positive(folder: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=r"news\[1\]\.max_articles: must be"):
        _load(folder, f"[[news]]\nsource = 'https://example.se/nyheter/'\nmax_articles = {value}\n")


def test_config_store_and_runner_threads(folder: Path) -> None:
    config = _load(folder, "[store]\nurl = 's3://innocast/show'\n"
                   "endpoint_url = 'http://127.0.0.1:9000'\n[runner]\nthreads = 4\n")
    assert (config.store.url, config.store.endpoint_url) == ("s3://innocast/show",
                                                             "http://127.0.0.1:9000")
    assert config.runner.threads == 4
    assert _load(folder, "").store.url == ""  # the data folder


def test_config_tagging_semantic_is_off_unless_switched_on(folder: Path) -> None:
    assert not _load(folder, "").tagging_semantic
    assert not load_config(DEMO_CONFIG).tagging_semantic
    assert _load(folder, "[tagging]\nsemantic = true\n").tagging_semantic
