"""Values a feed or a config brings from outside: dates, durations and chapter times parse to
valid values or to None / PodcastError, never another exception (Hypothesis); a year-0001 date
is refused on the way in and by `validate-feed`; an audio file named like an option is audio."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podcast import parse_duration, probe
from podcast.chapters import Chapter, chapters_json
from podcast.errors import FeedBuildError, PodcastError
from podcast.feed_import import parse_date
from text.dates import is_feed_date
from text.times import MAX_SECONDS

INNOCAST = str(Path(sys.executable).with_name("innocast"))
CASES = Path(__file__).parent / "validate_cases"
PROPERTIES = settings(max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])

numbers = st.one_of(st.floats().map(repr), st.integers().map(str),
                    st.text("0123456789", min_size=1, max_size=400),
                    st.sampled_from(["inf", "nan"]))
durations = st.one_of(st.text(max_size=20), st.lists(numbers, min_size=1, max_size=4).map(":".join))
dates = st.one_of(
    st.text(max_size=40),
    st.datetimes(timezones=st.just(UTC)).map(format_datetime),
    st.builds(lambda day, year, zone: f"Mon, {day:02d} Jan {year} 08:00:00 {zone}",
              st.integers(0, 40), st.text("0123456789", min_size=1, max_size=6),
              st.sampled_from(["+0000", "+1400", "-1200", "GMT", "+9999"])),
)


@PROPERTIES
@given(durations)
def test_outside_duration_is_finite_and_bounded_or_none(text: str) -> None:
    seconds = parse_duration(text)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS)


@PROPERTIES
@given(dates)
def test_outside_pubdate_is_a_feed_date_or_none(text: str) -> None:
    found = parse_date(text)
    assert found is None or (found.tzinfo is not None and is_feed_date(found))


@PROPERTIES
@given(st.one_of(st.floats(), st.integers(min_value=-(10**400), max_value=10**400)),
       st.text(max_size=20))
def test_outside_chapter_is_valid_or_a_podcast_error(start: float, title: str) -> None:
    try:
        chapter = Chapter(start=start, title=title)
    except PodcastError as exc:
        assert isinstance(exc, FeedBuildError) and "\n" not in str(exc)
        return
    assert 0 <= chapter.start <= MAX_SECONDS
    chapters_json([chapter])  # what was accepted can be published


def test_outside_validate_feed_refuses_a_year_0001_pubdate() -> None:
    case = CASES / "pubdate_year_before_1900.xml"
    result = subprocess.run([INNOCAST, "validate-feed", str(case)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "error: item 1 (innocast-0002): <pubDate> must have a year of two digits or four from "
        "1900: "
        "'Mon, 01 Jan 0001 08:00:00 +0000'"
    )


def test_outside_ingest_episode_published_in_year_0001_exits_1_in_one_line(
    speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    result = subprocess.run(
        [INNOCAST, "ingest", "episode", str(speech_in("mp3")), "--title", "Gammal",
         "--published", "0001-01-01", "--data", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: Gammal: published 0001-01-01 is not a date a feed can carry "
        "(years 1900 to 9999)\n"
    )


def test_outside_feed_date_in_year_0001_is_no_feed_date() -> None:
    assert not is_feed_date(datetime(1, 1, 1, tzinfo=UTC))
    assert parse_date("Mon, 01 Jan 1001 08:00:00 +0000") is None


def test_outside_audio_named_like_an_option_is_probed_as_audio(
    speech_in: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(speech_in("mp3"), tmp_path / "-report")
    assert probe(Path("-report")).duration > 1
    # ffprobe given `-report` as an option would have written a report file here.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-report"]


def test_outside_ingest_episode_named_like_an_option_is_stored(
    speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    shutil.copy(speech_in("mp3"), tmp_path / "-report")
    result = subprocess.run(
        [INNOCAST, "ingest", "episode", "--title", "Rapport", "--data", str(tmp_path / "data"),
         "--", "-report"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "rapport: created\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-report", "data"]
