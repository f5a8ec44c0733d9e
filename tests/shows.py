"""A small show for tests that run the pipeline: demo audio and news, in a folder of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from demo import DEMO_DIR

SHOW = """
[show]
title = "Testpodden"
description = "En liten podd för tester."
link = "http://localhost:8000/"
author = "Test"
owner_name = "Test"
owner_email = "test@example.se"
image = "cover.jpg"
categories = [["Government"]]

[[news]]
source = "news"
"""
EPISODES = {
    "english": ("04-english-summary.mp3", """
[[episodes]]
id = "english"
title = "Innovation in English"
audio = "english.mp3"
notes = "A short summary."
published = 2022-01-17
episode = 1
language = "en"
"""),
    "labbet": ("02-innovationslabb.mp3", """
[[episodes]]
id = "labbet"
title = "Ett innovationslabb"
audio = "labbet.mp3"
notes = "Tjänstedesign och prototyper i kommunen."
published = 2021-09-20
episode = 2
"""),
}
NEWS = ("digad-digital-innovation-offentlig-sektor.txt", "partsradet-innovativa-aktiviteter.txt")


def make_show(folder: Path, episodes: tuple[str, ...] = ("english",), extra: str = "") -> Path:
    """Write a show of demo episodes (the 41 s English one by default) and two news texts.

    Returns the path of its config file; `extra` is appended to the config.
    """
    (folder / "news").mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO_DIR / "cover.jpg", folder / "cover.jpg")
    config = SHOW
    for name in episodes:
        audio, table = EPISODES[name]
        shutil.copy(DEMO_DIR / "episodes" / audio, folder / f"{name}.mp3")
        config += table
    for name in NEWS:
        shutil.copy(DEMO_DIR / "news" / name, folder / "news" / name)
    path = folder / "innocast.toml"
    path.write_text(config + extra, encoding="utf-8")
    return path
