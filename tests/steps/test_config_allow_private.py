"""`allow_private = true` on an `[[episodes]]` entry, as the README offers it, is accepted."""

from __future__ import annotations

from pathlib import Path

from steps.config import load_config
from tests.shows import make_show


def test_episode_allow_private_is_read(tmp_path: Path) -> None:
    config_path = make_show(tmp_path / "show")
    text = config_path.read_text(encoding="utf-8")
    private = text.replace('language = "en"\n', 'language = "en"\nallow_private = true\n')
    config_path.write_text(private, encoding="utf-8")
    config = load_config(config_path)
    assert [e.allow_private for e in config.episodes] == [True]
    assert load_config(make_show(tmp_path / "other")).episodes[0].allow_private is False
