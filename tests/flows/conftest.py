"""Fixtures for flow tests: one Prefect test harness for the session, a small show config."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo import DEMO_DIR

SMALL_SHOW = """
[show]
title = "Testpodden"
description = "En liten podd för tester."
link = "http://localhost:8000/"
author = "Test"
owner_name = "Test"
owner_email = "test@example.se"
image = "cover.jpg"
categories = [["Government"]]

[[episodes]]
id = "english"
title = "Innovation in English"
audio = "english.mp3"
notes = "A short summary."
published = 2022-01-17
episode = 1
language = "en"

[[episodes]]
id = "labbet"
title = "Ett innovationslabb"
audio = "labbet.mp3"
notes = "Tjänstedesign och prototyper i kommunen."
published = 2021-09-20
episode = 2

[[news]]
source = "news"
"""


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API and database for every in-process flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def small_show(tmp_path: Path) -> Path:
    """A config with two short demo episodes (one English) and two news texts; its path."""
    folder = tmp_path / "show"
    (folder / "news").mkdir(parents=True)
    shutil.copy(DEMO_DIR / "cover.jpg", folder / "cover.jpg")
    shutil.copy(DEMO_DIR / "episodes" / "04-english-summary.mp3", folder / "english.mp3")
    shutil.copy(DEMO_DIR / "episodes" / "02-innovationslabb.mp3", folder / "labbet.mp3")
    for name in ("digad-digital-innovation-offentlig-sektor.txt",
                 "partsradet-innovativa-aktiviteter.txt"):
        shutil.copy(DEMO_DIR / "news" / name, folder / "news" / name)
    config = folder / "innocast.toml"
    config.write_text(SMALL_SHOW, encoding="utf-8")
    return config
