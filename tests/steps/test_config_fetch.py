"""The config's fetch limits: [fetch] time limits and a podcast feed's item cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from steps.config import MAX_FEED_ITEMS, FetchSettings, load_config
from steps.errors import ConfigError
from tests.shows import make_show


def _with(tmp_path: Path, extra: str) -> Path:
    config = make_show(tmp_path / "show")
    config.write_text(config.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return config


def test_fetch_limits_default_when_absent(tmp_path: Path) -> None:
    config = load_config(_with(tmp_path, ""))
    assert config.fetch == FetchSettings(timeout=30.0, audio_timeout=900.0)


def test_fetch_limits_are_read_from_the_config(tmp_path: Path) -> None:
    extra = ('[fetch]\ntimeout = 5\naudio_timeout = 120.5\n\n'
             '[[podcast_feeds]]\nurl = "https://example.se/feed.xml"\nmax_items = 5000\n')
    config = load_config(_with(tmp_path, extra))
    assert config.fetch == FetchSettings(timeout=5.0, audio_timeout=120.5)
    assert config.podcast_feeds[0].max_items == 5000


def test_a_feed_without_max_items_is_capped_at_the_default(tmp_path: Path) -> None:
    config = load_config(_with(tmp_path, '[[podcast_feeds]]\nurl = "https://example.se/f.xml"\n'))
    assert config.podcast_feeds[0].max_items == MAX_FEED_ITEMS == 200


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ("[fetch]\ntimeout = 0\n", "fetch.timeout: must be a positive number of seconds"),
        ('[fetch]\naudio_timeout = "soon"\n',
         "fetch.audio_timeout: must be a positive number of seconds"),
        ("[fetch]\ntimeuot = 5\n", "fetch.timeuot: unknown field (a typo?)"),
        ('[[podcast_feeds]]\nurl = "https://example.se/f.xml"\nmax_items = 0\n',
         "podcast_feeds[1].max_items: must be 1 or more"),
    ],
)
def test_bad_fetch_limits_are_one_line_errors(tmp_path: Path, extra: str, error: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_with(tmp_path, extra))
    assert str(caught.value).endswith(error)
