"""`innocast transcribe AUDIO`: transcribe one audio file and print its segments."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from transcripts import TranscribeSettings, Transcript, transcribe
from transcripts.timecode import format_timestamp

_BAR_STEPS = 1000


@click.command("transcribe")
@click.argument("audio", type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--language",
    default="sv",
    show_default=True,
    help="Language code of the speech (sv, en, ...), or 'auto' to detect it.",
)
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    default=None,
    help="A local faster-whisper model directory or a hub name (e.g. KBLab/kb-whisper-small); "
    "the bundled multilingual base model when omitted.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"language", "duration", "model", "segments": [{"start", "end", "text"}]}.',
)
@click.option(
    "--batched/--sequential",
    default=None,
    help="faster-whisper's batched pipeline or the sequential one; by default batched for the "
    "languages where it was measured at least as accurate (English), else sequential.",
)
def command(
    audio: Path, language: str, model: str | None, as_json: bool, batched: bool | None
) -> None:
    """Transcribe one audio file (any format ffmpeg reads) and print its timed segments.

    Example: innocast transcribe episode.mp3 --language sv --json
    """
    settings = TranscribeSettings(model=model, language=language, batched=batched)
    with _progress_bar() as progress:
        transcript = transcribe(audio, settings, progress=progress)
    click.echo(_as_json(transcript) if as_json else _as_lines(transcript), nl=False)


def _as_json(transcript: Transcript) -> str:
    """The documented JSON shape of a transcript."""
    segments = [{"start": s.start, "end": s.end, "text": s.text} for s in transcript.segments]
    data = {
        "language": transcript.language,
        "duration": transcript.duration,
        "model": transcript.model,
        "segments": segments,
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


def _as_lines(transcript: Transcript) -> str:
    """One `[start --> end] text` line per segment."""
    return "".join(
        f"[{format_timestamp(s.start)} --> {format_timestamp(s.end)}] {s.text}\n"
        for s in transcript.segments
    )


@contextmanager
def _progress_bar() -> Iterator[Callable[[float, float], None] | None]:
    """A progress bar on stderr when it is a terminal; None (no progress) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=_BAR_STEPS, label="Transcribing", file=sys.stderr) as bar:

        def update(done: float, total: float) -> None:
            target = round(_BAR_STEPS * done / total) if total else _BAR_STEPS
            bar.update(max(0, target - bar.pos))

        yield update
