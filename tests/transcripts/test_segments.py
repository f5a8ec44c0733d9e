"""The transcript data model: plain data out, the same transcript back."""

from __future__ import annotations

import json

import pytest

from transcripts import Segment, Transcript, TranscriptFormatError, Word


def test_segments_to_dict_is_json_and_round_trips() -> None:
    transcript = Transcript(
        language="sv",
        duration=4.0,
        segments=[
            Segment(
                0.0,
                2.0,
                "Hej då.",
                [Word(0.0, 0.8, "Hej", 0.9), Word(0.9, 2.0, "då.", 0.8)],
                "Anna",
            ),
            Segment(2.5, 4.0, "Tack."),
        ],
        model="KBLab/kb-whisper-small",
        model_revision="abc123",
        language_probability=0.97,
        settings={"beam_size": 5},
    )
    data = json.loads(json.dumps(transcript.to_dict()))
    assert data["segments"][0]["words"][1] == {
        "start": 0.9,
        "end": 2.0,
        "text": "då.",
        "probability": 0.8,
    }
    assert Transcript.from_dict(data) == transcript
    assert transcript.text == "Hej då. Tack."


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"language": "sv", "duration": 1.0},
        {"language": "sv", "duration": "long", "segments": []},
        {"language": "sv", "duration": 1.0, "segments": [{"start": 0.0, "text": "x"}]},
        {"language": "sv", "duration": 1.0, "segments": "nope"},
    ],
)
def test_segments_from_dict_rejects_malformed_data(data: dict) -> None:
    with pytest.raises(TranscriptFormatError, match=r"^transcript data: malformed"):
        Transcript.from_dict(data)
