"""Transcript files: writers for WebVTT, SRT, Podcasting 2.0 JSON, text and full JSON, and
parsers for the WebVTT and SRT files editors correct."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import NoReturn

from transcripts.cues import SRT_MAX_LINE, build_cues
from transcripts.errors import TranscriptFormatError
from transcripts.segments import Segment, Transcript
from transcripts.timecode import format_timestamp, parse_timestamp

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "parse_srt",
    "parse_vtt",
    "to_full_json",
    "to_podcast_json",
    "to_srt",
    "to_text",
    "to_vtt",
]

# Transcript files bigger than this are not an editor's correction of one episode.
MAX_FILE_CHARS = 20_000_000
_MAX_SPEAKER_CHARS = 100


def _escape_vtt(text: str) -> str:
    """Escape text for a WebVTT cue payload.

    >>> _escape_vtt("R&D <b>-->")
    'R&amp;D &lt;b&gt;--&gt;'
    """
    return html.escape(text, quote=False)


def _speaker(name: str | None) -> str | None:
    """A speaker name safe to write: one line, bounded, None when blank."""
    if name is None:
        return None
    name = " ".join(name.split())[:_MAX_SPEAKER_CHARS]
    return name or None


def to_vtt(transcript: Transcript) -> str:
    """WebVTT: cues of at most two 65-character lines, `<v Name>` where the speaker is known."""
    blocks = ["WEBVTT\n"]
    for cue in build_cues(transcript.segments):
        lines = [_escape_vtt(line) for line in cue.lines]
        speaker = _speaker(cue.speaker)
        if speaker and lines:
            lines[0] = f"<v {_escape_vtt(speaker)}>{lines[0]}"
        timing = f"{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}"
        blocks.append("\n".join([timing, *lines]) + "\n")
    return "\n".join(blocks)


def to_srt(transcript: Transcript) -> str:
    """SubRip: numbered cues of at most two 32-character lines, as Podcasting 2.0 asks (SRT
    has no speakers)."""
    blocks = []
    for number, cue in enumerate(build_cues(transcript.segments, SRT_MAX_LINE), start=1):
        timing = f"{format_timestamp(cue.start, ',')} --> {format_timestamp(cue.end, ',')}"
        blocks.append("\n".join([str(number), timing, *cue.lines]) + "\n")
    return "\n".join(blocks)


def to_podcast_json(transcript: Transcript) -> str:
    """Podcasting 2.0 JSON: {"version": "1.0.0", "segments": [{startTime, endTime, body}]}."""
    segments = []
    for segment in transcript.segments:
        item: dict[str, object] = {
            "startTime": round(segment.start, 3),
            "endTime": round(segment.end, 3),
            "body": segment.text.strip(),
        }
        speaker = _speaker(segment.speaker)
        if speaker:
            item["speaker"] = speaker
        segments.append(item)
    return (
        json.dumps({"version": "1.0.0", "segments": segments}, ensure_ascii=False, indent=2) + "\n"
    )


def to_text(transcript: Transcript) -> str:
    """Plain text: a line per segment, `Name: ` before a line where the speaker changes."""
    lines, previous = [], None
    for segment in transcript.segments:
        text = " ".join(segment.text.split())
        if not text:
            continue
        speaker = _speaker(segment.speaker)
        lines.append(f"{speaker}: {text}" if speaker and speaker != previous else text)
        previous = speaker
    return "".join(f"{line}\n" for line in lines)


def to_full_json(transcript: Transcript) -> str:
    """The whole transcript as JSON, words, model and settings included."""
    return json.dumps(transcript.to_dict(), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Transcript], str]] = {
    "vtt": to_vtt,
    "srt": to_srt,
    "json": to_podcast_json,
    "txt": to_text,
    "words.json": to_full_json,
}

MEDIA_TYPES: dict[str, str] = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "txt": "text/plain",
    "words.json": "application/json",
}

_TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]*)*[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
# SRT has no escaping: only the formatting tags players know are markup, the rest is text.
_SRT_TAG = re.compile(r"</?(?:i|b|u|font)(?:[ \t][^>]*)?>", re.IGNORECASE)


def parse_vtt(text: str, source: str) -> Transcript:
    """Read a WebVTT file into a transcript; malformed files raise naming `source` and line."""
    lines = _lines(text, source)
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        _fail(source, 1, "not a WebVTT file (the first line must be WEBVTT)")
    # The header runs from the WEBVTT line to the first blank line.
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    segments: list[Segment] = []
    for number, block in _blocks(lines[header_end:], first=header_end + 1):
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        if "-->" not in block[0]:
            number, block = number + 1, block[1:]  # a cue identifier line
        if not block or "-->" not in block[0]:
            _fail(source, number, "expected a cue timing line (00:00:01.000 --> 00:00:04.000)")
        start, end = _timing(block[0], source, number)
        payload = " ".join(block[1:]).strip()
        voice = _VOICE.match(payload)
        body = " ".join(html.unescape(_TAG.sub("", payload)).split())
        if body:
            speaker = _speaker(html.unescape(voice.group(1))) if voice else None
            _append(segments, Segment(start, end, body, speaker=speaker), source, number)
    transcript = _transcript(segments)
    for line in lines[1:header_end]:
        key, _, value = line.partition(":")
        if key.strip().lower() == "language" and re.fullmatch(r"[A-Za-z-]{2,12}", value.strip()):
            transcript.language = value.strip()
    return transcript


def parse_srt(text: str, source: str) -> Transcript:
    """Read a SubRip file into a transcript; malformed files raise naming `source` and line."""
    segments: list[Segment] = []
    for number, block in _blocks(_lines(text, source), first=1):
        if "-->" not in block[0]:
            if not block[0].strip().isdigit():
                _fail(source, number, f"expected a cue number, found {block[0][:40]!r}")
            number, block = number + 1, block[1:]
        if not block or "-->" not in block[0]:
            _fail(source, number, "expected a cue timing line (00:00:01,000 --> 00:00:04,000)")
        start, end = _timing(block[0], source, number)
        body = " ".join(_SRT_TAG.sub("", " ".join(block[1:])).split())
        if body:
            _append(segments, Segment(start, end, body), source, number)
    if not segments:
        _fail(source, 1, "no subtitle cues found")
    return _transcript(segments)


def _lines(text: str, source: str) -> list[str]:
    """The file's lines, without a byte-order mark; too large a file raises."""
    if len(text) > MAX_FILE_CHARS:
        raise TranscriptFormatError(
            f"{source}: too large for a transcript ({len(text)} characters)"
        )
    return text.removeprefix("\ufeff").splitlines()


def _blocks(lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the number of its first line in the file."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first
    for offset, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first + offset
            current.append(line.rstrip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _timing(line: str, source: str, number: int) -> tuple[float, float]:
    """Start and end seconds from a cue timing line."""
    match = _TIMING.match(line.strip())
    start = parse_timestamp(match.group(1)) if match else None
    end = parse_timestamp(match.group(2)) if match else None
    if start is None or end is None:
        _fail(source, number, f"bad cue timing {line.strip()[:60]!r}")
    if end < start:
        _fail(source, number, "the cue ends before it starts")
    return start, end


def _append(segments: list[Segment], segment: Segment, source: str, number: int) -> None:
    """Add a cue's segment, refusing one that starts before the previous one."""
    if segments and segment.start < segments[-1].start:
        _fail(source, number, "the cue starts before the previous cue")
    segments.append(segment)


def _transcript(segments: list[Segment]) -> Transcript:
    """A transcript from parsed cues; the model (and language, unless stated) is the caller's."""
    duration = max((s.end for s in segments), default=0.0)
    return Transcript(language="", duration=duration, segments=segments)


def _fail(source: str, number: int, problem: str) -> NoReturn:
    """Raise the one-line error for a malformed transcript file."""
    raise TranscriptFormatError(f"{source}: line {number}: {problem}")
