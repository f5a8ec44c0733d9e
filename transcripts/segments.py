"""A transcript: timed segments of text, with word timings and speakers where known."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from transcripts.errors import TranscriptFormatError


@dataclass(frozen=True)
class Word:
    """One recognised word with its timing (seconds) and the model's confidence."""

    start: float
    end: float
    text: str
    probability: float


@dataclass
class Segment:
    """A stretch of speech: its timing, text, words (when timed) and speaker (when known)."""

    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    speaker: str | None = None


@dataclass
class Transcript:
    """The transcript of one audio file, with the model and settings that made it."""

    language: str
    duration: float
    segments: list[Segment]
    model: str = ""
    model_revision: str = ""
    language_probability: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The plain text of every segment, joined by spaces.

        >>> Transcript("sv", 2.0, [Segment(0, 1, " Hej "), Segment(1, 2, "där.")]).text
        'Hej där.'
        """
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    def to_dict(self) -> dict[str, Any]:
        """Return the transcript as plain JSON-able data, words included."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Rebuild a transcript from `to_dict` data; malformed data raises TranscriptFormatError.

        >>> t = Transcript("en", 1.5, [Segment(0.0, 1.5, "Hi.", [Word(0.0, 1.5, "Hi.", 0.9)])])
        >>> Transcript.from_dict(t.to_dict()) == t
        True
        """
        try:
            segments = [
                Segment(
                    start=float(s["start"]),
                    end=float(s["end"]),
                    text=str(s["text"]),
                    words=[
                        Word(
                            float(w["start"]),
                            float(w["end"]),
                            str(w["text"]),
                            float(w["probability"]),
                        )
                        for w in s.get("words") or []
                    ],
                    speaker=None if s.get("speaker") is None else str(s["speaker"]),
                )
                for s in data["segments"]
            ]
            probability = data.get("language_probability")
            return cls(
                language=str(data["language"]),
                duration=float(data["duration"]),
                segments=segments,
                model=str(data.get("model", "")),
                model_revision=str(data.get("model_revision", "")),
                language_probability=None if probability is None else float(probability),
                settings=dict(data.get("settings") or {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TranscriptFormatError(f"transcript data: malformed ({exc!r})") from exc
