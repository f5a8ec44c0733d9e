"""Transcript writers and parsers against golden files, round trips and malformed files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from transcripts import (
    FORMATS,
    MEDIA_TYPES,
    Segment,
    Transcript,
    TranscriptFormatError,
    Word,
    parse_srt,
    parse_vtt,
    to_srt,
    to_vtt,
)

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PARSE = Path(__file__).parent / "golden_parse"
CASES = sorted(p for p in GOLDEN.glob("*.json") if ".expected." not in p.name)
PARSE_CASES = sorted(p for p in GOLDEN_PARSE.iterdir() if p.suffix in {".vtt", ".srt"})
PARSERS = {".vtt": parse_vtt, ".srt": parse_srt}


def load(case: Path) -> Transcript:
    return Transcript.from_dict(json.loads(case.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("case", "fmt"),
    [(case, fmt) for case in CASES for fmt in FORMATS],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_formats_writers_match_golden_files(case: Path, fmt: str) -> None:
    expected = case.with_name(f"{case.stem}.expected.{fmt}").read_text(encoding="utf-8")
    assert FORMATS[fmt](load(case)) == expected


@pytest.mark.parametrize("case", PARSE_CASES, ids=lambda p: p.name)
def test_formats_parsers_match_golden_files(case: Path) -> None:
    expected = json.loads(case.with_name(f"{case.name}.expected.json").read_text("utf-8"))
    parsed = PARSERS[case.suffix](case.read_text(encoding="utf-8"), case.name)
    assert parsed.to_dict() == expected


def test_formats_every_format_has_a_media_type() -> None:
    assert set(MEDIA_TYPES) == set(FORMATS)
    assert MEDIA_TYPES["vtt"] == "text/vtt"


LONG_TEXT = (
    "Kommunen testade en ny tjänst för äldre, och resultatet blev bättre än väntat. "
    "Personalen fick mer tid; invånarna fick svar snabbare!"
)


def long_transcript() -> Transcript:
    """Two minutes of timed words in long segments, with sentences and clauses."""
    sentence = LONG_TEXT.split()
    segments, at = [], 0.0
    for speaker in ["Anna", None, "Olle Ö"]:
        words = []
        for text in sentence * 3:
            words.append(Word(round(at, 3), round(at + 0.3, 3), text, 0.9))
            at += 0.4
        segments.append(
            Segment(words[0].start, words[-1].end, " ".join(w.text for w in words), words, speaker)
        )
    return Transcript("sv", at, segments)


def test_formats_vtt_cues_have_at_most_two_lines_of_65_characters() -> None:
    vtt = to_vtt(long_transcript())
    for block in vtt.split("\n\n")[1:]:
        lines = block.strip().splitlines()[1:]
        visible = [re.sub(r"^<v [^>]*>", "", line) for line in lines]
        assert 1 <= len(visible) <= 2
        assert all(len(line) <= 65 for line in visible)


def test_formats_srt_cues_have_at_most_two_lines_of_32_characters() -> None:
    for transcript in (long_transcript(), load(GOLDEN / "interview.json")):
        srt = to_srt(transcript)
        for block in srt.strip().split("\n\n"):
            lines = block.splitlines()[2:]
            assert 1 <= len(lines) <= 2
            # Only a word longer than a line (a URL) keeps its own line, whole.
            assert all(len(line) <= 32 or " " not in line for line in lines), lines
        # Nothing is lost to the shorter lines.
        assert parse_srt(srt, "long.srt").text == transcript.text


def test_formats_vtt_cues_split_at_sentence_or_clause_ends() -> None:
    cues = parse_vtt(to_vtt(long_transcript()), "long.vtt").segments
    assert len(cues) > 3
    # Every cue but the last of each segment ends where a sentence or a clause does.
    ends = [c.text[-1] for c in cues]
    assert sum(e in ".!?,;" for e in ends) == len(cues)


def test_formats_vtt_round_trip_keeps_text_times_and_speakers() -> None:
    original = long_transcript()
    parsed = parse_vtt(to_vtt(original), "long.vtt")
    assert parsed.text == original.text
    assert parsed.segments[0].start == original.segments[0].start
    assert parsed.segments[-1].end == original.segments[-1].end
    starts = [c.start for c in parsed.segments]
    assert starts == sorted(starts)
    assert {c.speaker for c in parsed.segments} == {"Anna", None, "Olle Ö"}


def test_formats_srt_round_trip_keeps_text_and_times() -> None:
    original = load(GOLDEN / "interview.json")
    parsed = parse_srt(to_srt(original), "interview.srt")
    assert parsed.text == original.text
    assert parsed.duration == original.segments[-1].end


def test_formats_vtt_round_trip_unescapes_markup_in_text() -> None:
    original = load(GOLDEN / "interview.json")
    parsed = parse_vtt(to_vtt(original), "interview.vtt")
    assert "R&D-enheten <inte jag>" in parsed.text
    assert parsed.segments[3].speaker == "Sara <R&D>"


INVALID = [
    ("bad.vtt", "hello\n", "bad.vtt: line 1: not a WebVTT file (the first line must be WEBVTT)"),
    ("bad.vtt", "", "bad.vtt: line 1: not a WebVTT file (the first line must be WEBVTT)"),
    (
        "bad.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nhej\n",
        "bad.vtt: line 3: bad cue timing '00:00:01.000 --> 00:00:0x.000'",
    ),
    (
        "bad.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhej\n\nhej\nhopp\n",
        "bad.vtt: line 7: expected a cue timing line (00:00:01.000 --> 00:00:04.000)",
    ),
    (
        "bad.vtt",
        "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhej\n",
        "bad.vtt: line 3: the cue ends before it starts",
    ),
    (
        "bad.vtt",
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nhej\n\n00:00:01.000 --> 00:00:02.000\nhå\n",
        "bad.vtt: line 6: the cue starts before the previous cue",
    ),
    ("bad.srt", "", "bad.srt: line 1: no subtitle cues found"),
    (
        "bad.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nhi\n\nfoo\n00:00:03,000 --> 00:00:04,000\nbar\n",
        "bad.srt: line 5: expected a cue number, found 'foo'",
    ),
    (
        "bad.srt",
        "1\n00:00:01,000 -> 00:00:02,000\nhi\n",
        "bad.srt: line 2: expected a cue timing line (00:00:01,000 --> 00:00:04,000)",
    ),
    (
        "bad.srt",
        "1\n00:00:01,000 --> 00:00:02\nhi\n",
        "bad.srt: line 2: bad cue timing '00:00:01,000 --> 00:00:02'",
    ),
]


@pytest.mark.parametrize(("source", "text", "message"), INVALID)
def test_formats_parsers_reject_malformed_files_naming_source_and_line(
    source: str, text: str, message: str
) -> None:
    parse = parse_vtt if source.endswith(".vtt") else parse_srt
    with pytest.raises(TranscriptFormatError) as caught:
        parse(text, source)
    assert str(caught.value) == message


def test_formats_parsers_refuse_huge_files() -> None:
    with pytest.raises(TranscriptFormatError, match=r"^huge\.srt: too large"):
        parse_srt("x" * 20_000_001, "huge.srt")
