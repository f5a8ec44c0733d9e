"""Cue times from outside text: any VTT or SRT file parses to finite, bounded times or raises
TranscriptFormatError in one line, never another exception (property-based, Hypothesis)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocast.errors import InnocastError
from text.times import MAX_SECONDS, media_seconds
from transcripts import Transcript, TranscriptFormatError, parse_srt, parse_vtt, to_srt, to_vtt
from transcripts.timecode import format_timestamp, parse_timestamp

INNOCAST = str(Path(sys.executable).with_name("innocast"))
PROPERTIES = settings(max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])

# Times as a hostile file writes them: real ones, hundreds of digits, inf, nan, signs, junk.
digits = st.text("0123456789", min_size=1, max_size=400)
times = st.one_of(
    st.builds(format_timestamp, st.floats(0, 10 * MAX_SECONDS, allow_nan=False)),
    st.builds(lambda h, rest: f"{h}:{rest}", digits, st.sampled_from(["00:00.000", "59:59,999"])),
    st.sampled_from(["inf", "nan", "-00:00:01.000", "1e400", "00:00:00.000", "١٢:٠٠.٠٠٠"]),
    st.text(max_size=30),
)
cue_line = st.builds(lambda a, b: f"{a} --> {b}", times, times)
cue = st.builds(lambda timing, text: f"{timing}\n{text}\n", cue_line,
                st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))


def _check(transcript: Transcript) -> None:
    for segment in transcript.segments:
        assert math.isfinite(segment.start) and math.isfinite(segment.end)
        assert 0 <= segment.start <= segment.end <= MAX_SECONDS
    # What parses must publish: both writers run on it.
    to_vtt(transcript), to_srt(transcript)


@PROPERTIES
@given(st.lists(cue, max_size=6))
def test_timecode_any_vtt_parses_bounded_or_fails_in_our_error(cues: list[str]) -> None:
    try:
        transcript = parse_vtt("WEBVTT\n\n" + "\n".join(cues), source="x.vtt")
    except TranscriptFormatError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.vtt: line ")
        return
    _check(transcript)


@PROPERTIES
@given(st.lists(cue, max_size=6))
def test_timecode_any_srt_parses_bounded_or_fails_in_our_error(cues: list[str]) -> None:
    text = "\n".join(f"{n}\n{body}" for n, body in enumerate(cues, 1))
    try:
        transcript = parse_srt(text, source="x.srt")
    except TranscriptFormatError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.srt: line ")
        return
    _check(transcript)


@PROPERTIES
@given(st.text(max_size=60) | times)
def test_timecode_any_text_is_a_bounded_time_or_none(text: str) -> None:
    seconds = parse_timestamp(text)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS)


@PROPERTIES
@given(st.one_of(st.floats(), st.integers(), st.text(max_size=5), st.booleans(), st.none()))
def test_timecode_media_seconds_is_finite_and_bounded_or_none(value: object) -> None:
    seconds = media_seconds(value)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS)


@pytest.mark.parametrize("timing", [
    "9" * 300 + ":00:00.000 --> " + "9" * 300 + ":00:01.000",
    "inf --> inf",
    "nan --> 00:00:01.000",
])
def test_timecode_vtt_with_a_hostile_time_is_refused_in_one_line(timing: str) -> None:
    with pytest.raises(TranscriptFormatError, match=r"^x\.vtt: line 3: bad cue timing"):
        parse_vtt(f"WEBVTT\n\n{timing}\nHej.\n", source="x.vtt")
    assert issubclass(TranscriptFormatError, InnocastError)


def test_timecode_transcript_set_with_hundreds_of_digits_exits_1_in_one_line(
    tmp_path: Path,
) -> None:
    corrected = tmp_path / "corrected.vtt"
    corrected.write_text(f"WEBVTT\n\n{'9' * 300}:00:00.000 --> 00:00:01.000\nHej.\n",
                         encoding="utf-8")
    from catalog import Catalog, sha256_bytes

    with Catalog(tmp_path / "data") as catalog:
        catalog.upsert_item(kind="episode", source_key="episode:a", content_hash=sha256_bytes(b"a"),
                            title="A", published=None, data={}, item_id="episode-a", slug_hint="a")
    result = subprocess.run(
        [INNOCAST, "transcript", "set", "a", str(corrected), "--data", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {corrected}: line 3: bad cue timing '999")
    assert result.stderr.count("\n") == 1
