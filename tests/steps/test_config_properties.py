"""Config values from outside: any value in a time, date or number field loads as a valid value
or fails as ConfigError in one line naming the field, never another exception (Hypothesis);
duplicate identities and hostile covers are refused by name."""

from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo import DEMO_DIR
from steps.config import load_config
from steps.errors import ConfigError
from tests.steps import test_config
from text.dates import is_feed_date
from text.times import MAX_SECONDS

INNOCAST = str(Path(sys.executable).with_name("innocast"))
# The show table of test_config, its cover named by each test.
SHOW = test_config.SHOW.replace('"cover.jpg"', '"{image}"')
EPISODE = "\n[[episodes]]\naudio = 'a.mp3'\ntitle = 'x'\n"


def _toml_float(value: float) -> str:
    return "nan" if math.isnan(value) else {math.inf: "inf", -math.inf: "-inf"}.get(value,
                                                                                   repr(value))


def _toml_string(value: str) -> str:
    # JSON's escapes (\\n, \\u0001) are TOML's; astral characters stay as they are (JSON would
    # write them as surrogate pairs, which TOML refuses).
    return json.dumps(value, ensure_ascii=False)


# A value as a TOML file may write it: numbers of every size, inf and nan, text, dates.
values = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(_toml_float),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x7f"),
            max_size=20).map(_toml_string),
    st.sampled_from(["'00:12:30'", "'9999:00:00'", f"'{'9' * 300}:00:00'", "true"]),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
)
# Where it goes: each field that takes a time, a date or a number.
PLACES = {
    "published": EPISODE + "published = {v}\n",
    "episode": EPISODE + "episode = {v}\n",
    "chapter start": EPISODE + "[[episodes.chapters]]\nstart = {v}\ntitle = 'Intro'\n",
    "soundbite start": EPISODE + "[[episodes.soundbites]]\nstart = {v}\nduration = 30\n",
    "soundbite duration": EPISODE + "[[episodes.soundbites]]\nstart = 0\nduration = {v}\n",
    "max_articles": "\n[[news]]\nsource = 'news'\nmax_articles = {v}\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("config")
    shutil.copy(DEMO_DIR / "cover.jpg", folder / "cover.jpg")
    return folder


def _write(folder: Path, text: str, image: str = "cover.jpg") -> Path:
    path = folder / "innocast.toml"
    path.write_text(SHOW.format(image=image) + text, encoding="utf-8")
    return path


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(sorted(PLACES)), value=values)
def test_config_any_value_loads_valid_or_fails_naming_the_field(
    folder: Path, place: str, value: str
) -> None:
    try:
        config = load_config(_write(folder, PLACES[place].format(v=value)))
    except ConfigError as exc:
        assert "\n" not in str(exc)
        assert str(exc).startswith(("innocast.toml: ", f"{folder / 'innocast.toml'}: "))
        return
    for episode in config.episodes:
        assert episode.published is None or is_feed_date(episode.published)
        for chapter in episode.chapters:
            assert math.isfinite(chapter.start) and 0 <= chapter.start <= MAX_SECONDS
        for bite in episode.soundbites:
            assert 0 <= bite.start <= MAX_SECONDS and 0 < bite.duration <= MAX_SECONDS
    for news in config.news:
        assert news.max_articles >= 1


@pytest.mark.parametrize(("text", "error"), [
    (EPISODE + "[[episodes.chapters]]\nstart = inf\ntitle = 'a'\n",
     "innocast.toml: episodes[1].chapters[1].start: must be seconds"),
    (EPISODE + "[[episodes.chapters]]\nstart = nan\ntitle = 'a'\n",
     "innocast.toml: episodes[1].chapters[1].start: must be seconds"),
    (EPISODE + f"[[episodes.chapters]]\nstart = '{'1' * 300}:00:00'\ntitle = 'a'\n",
     "innocast.toml: episodes[1].chapters[1].start: must be seconds"),
    (EPISODE + "[[episodes.soundbites]]\nstart = 0\nduration = inf\n",
     "innocast.toml: episodes[1].soundbites[1].duration: must be a positive number"),
    (EPISODE + "published = 0001-01-01\n",
     "innocast.toml: episodes[1].published: 0001-01-01 is not a date a feed can carry"),
    (EPISODE + "id = 'a'\n" + EPISODE + "id = 'b'\n" + EPISODE + "id = 'a'\n",
     "innocast.toml: episodes[3].id: 'a' is already episodes[1]'s id"),
    ("\n[[news]]\nsource = 'news'\n[[news]]\nsource = './news'\n",
     "innocast.toml: news[2].source: '"),
    (EPISODE + "id = 'a'\n" + EPISODE + "id = 'b'\n",
     "innocast.toml: episodes[2].audio: '"),
])
def test_config_hostile_value_is_one_line_naming_the_field(
    folder: Path, text: str, error: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(folder, text))
    assert str(caught.value).startswith(error)
    assert "\n" not in str(caught.value)


def _png_header(width: int, height: int) -> bytes:
    """A PNG's signature, header and the start of its pixels: enough for any reader to know
    its size, and nothing a decoder could finish."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(50_000, 50_000), (6000, 6000)])
def test_config_huge_cover_is_refused_from_its_header(folder: Path, size: tuple[int, int]) -> None:
    # A real 50000x50000 PNG of one colour is a few MB; the header alone must be enough.
    (folder / "huge.png").write_bytes(_png_header(*size))
    with pytest.raises(ConfigError) as caught:
        load_config(_write(folder, "", image="huge.png"))
    assert str(caught.value) == (
        f"innocast.toml: show.image: {folder / 'huge.png'}: cover art is {size[0]}x{size[1]} "
        "px, over the limit of 25000000 pixels (Apple asks for 1400x1400 to 3000x3000)"
    )
    assert "\n" not in str(caught.value)


def test_config_duplicate_episode_id_exits_1_in_one_line(folder: Path) -> None:
    path = _write(folder, EPISODE + "id = 'samma'\n" + EPISODE + "id = 'samma'\n")
    result = subprocess.run([INNOCAST, "run", "--config", str(path), "--data",
                             str(folder / "data"), "--out", str(folder / "public")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: innocast.toml: episodes[2].id: 'samma' is already episodes[1]'s id\n"
    )
    assert not (folder / "public").exists()


def test_config_huge_cover_exits_1_in_one_line(folder: Path) -> None:
    (folder / "huge.png").write_bytes(_png_header(50_000, 50_000))
    path = _write(folder, "", image="huge.png")
    result = subprocess.run([INNOCAST, "run", "--config", str(path), "--data",
                             str(folder / "data"), "--out", str(folder / "public")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: innocast.toml: show.image: {folder / 'huge.png'}: cover art is 50000x50000 px, "
        "over the limit of 25000000 pixels (Apple asks for 1400x1400 to 3000x3000)\n"
    )
