"""Repetition loops are cut to one copy; ordinary speech is left alone."""

from __future__ import annotations

from transcripts.repetition import remove_repetitions
from transcripts.segments import Segment, Word


def words(text: str, start: float = 0.0) -> list[Word]:
    return [Word(start + i, start + i + 0.5, w, 0.9) for i, w in enumerate(text.split())]


def test_repetition_loop_inside_a_segment_is_cut_to_one_copy() -> None:
    looped = "Tack för att ni lyssnade. " + "Prenumerera på podden. " * 6 + "Hej då."
    segment = Segment(0.0, 40.0, looped.strip(), words(looped))
    (cleaned,) = remove_repetitions([segment])
    assert cleaned.text == "Tack för att ni lyssnade. Prenumerera på podden. Hej då."
    assert [w.text for w in cleaned.words] == cleaned.text.split()
    assert cleaned.end == cleaned.words[-1].end


def test_repetition_loop_of_identical_segments_keeps_the_first() -> None:
    segments = (
        [Segment(0.0, 2.0, "Välkommen.")]
        + [Segment(2.0 + i, 3.0 + i, "Tack så mycket.") for i in range(5)]
        + [Segment(9.0, 10.0, "Nästa fråga.")]
    )
    cleaned = remove_repetitions(segments)
    assert [s.text for s in cleaned] == ["Välkommen.", "Tack så mycket.", "Nästa fråga."]
    assert cleaned[1].start == 2.0


def test_repetition_leaves_ordinary_speech_alone() -> None:
    text = "Nej, nej, nej. Det var inte så. Ja, ja. Det var det."
    segments = [
        Segment(0.0, 5.0, text, words(text)),
        Segment(5.0, 6.0, "Ja."),
        Segment(6.0, 7.0, "Ja."),
        Segment(7.0, 8.0, "   "),
    ]
    assert remove_repetitions(segments) == segments[:3]
