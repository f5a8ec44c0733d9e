"""Manuscript alignment on built cases: speech with known word times and pauses."""

from __future__ import annotations

from itertools import pairwise

import pytest

from transcripts.alignment import align, normalise, reliable_anchors
from transcripts.errors import TranscriptFormatError
from transcripts.manuscript import MAX_MANUSCRIPT_CHARS, parse_manuscript
from transcripts.segments import Segment, Transcript, Word

WORD_SECONDS = 0.4
PAUSE_SECONDS = 0.6


def spoken(sentences: list[str], start: float = 1.0):
    """Speech of these sentences, a word every 0.4 s and a pause after each sentence: the
    recogniser's transcript (a segment per sentence), the speech spans, the true starts."""
    segments, spans, starts, at = [], [], [], start
    for sentence in sentences:
        words = []
        for text in sentence.split():
            words.append(Word(round(at, 3), round(at + WORD_SECONDS - 0.05, 3), text, 0.9))
            at += WORD_SECONDS
        segments.append(Segment(words[0].start, words[-1].end, sentence, words))
        spans.append((words[0].start, words[-1].end))
        starts.append(words[0].start)
        at += PAUSE_SECONDS
    return Transcript("sv", round(at + 1.0, 3), segments), spans, starts


MANUSCRIPT = (
    "HOST: Välkommen till innovationspodden om offentlig sektor.\n"
    "GUEST: Kommunerna testar tjänstedesign tillsammans med invånarna. "
    "Prototyper visar snabbt vad som fungerar.\n"
    "HOST: Tack för att du lyssnade på avsnittet.\n"
)
SENTENCES = [s.text for s in parse_manuscript(MANUSCRIPT, "test")]


def test_alignment_gives_manuscript_words_the_recognised_times_and_speakers() -> None:
    heard, spans, starts = spoken(SENTENCES)
    result = align(parse_manuscript(MANUSCRIPT, "test"), heard, spans).transcript
    assert [s.text for s in result.segments] == SENTENCES
    assert [s.start for s in result.segments] == pytest.approx(starts, abs=0.01)
    assert [s.speaker for s in result.segments] == ["HOST", "GUEST", "GUEST", "HOST"]
    heard_words = [w for s in heard.segments for w in s.words]
    synced_words = [w for s in result.segments for w in s.words]
    assert [(w.start, w.end) for w in synced_words] == [(w.start, w.end) for w in heard_words]


def test_alignment_keeps_the_manuscript_spelling_where_the_recogniser_misspells() -> None:
    garbled = [s.replace("tjänstedesign", "tjänste-designen").replace("Prototyper", "prototyp")
               for s in SENTENCES]
    heard, spans, starts = spoken(garbled)
    result = align(parse_manuscript(MANUSCRIPT, "test"), heard, spans).transcript
    assert "tjänstedesign" in result.text and "Prototyper" in result.text
    assert [s.start for s in result.segments] == pytest.approx(starts, abs=0.01)


def test_alignment_puts_sentence_starts_at_the_pauses_when_no_word_is_recognised() -> None:
    # Words the manuscript never says: only the voice activity can place the sentences.
    nonsense = [" ".join(f"x{n}{k}q" for k in range(len(s.split()))) for n, s in
                enumerate(SENTENCES)]
    heard, spans, starts = spoken(nonsense)
    result = align(parse_manuscript(MANUSCRIPT, "test"), heard, spans).transcript
    assert [s.text for s in result.segments] == SENTENCES
    assert [s.start for s in result.segments] == pytest.approx(starts, abs=0.05)
    for segment in result.segments:
        assert segment.start < segment.end
        assert all(a.end <= b.start + 1e-6 for a, b in pairwise(segment.words))


def test_alignment_leaves_out_a_sentence_the_speaker_skipped() -> None:
    long_manuscript = MANUSCRIPT + (
        "GUEST: Ledarskapet avgör om nya idéer får fäste i organisationen.\n"
        "HOST: Nästa gång besöker vi ett regionalt innovationslabb i Umeå.\n"
    )
    sentences = [s.text for s in parse_manuscript(long_manuscript, "test")]
    said = sentences[:2] + sentences[3:]
    heard, spans, starts = spoken(said)
    alignment = align(parse_manuscript(long_manuscript, "test"), heard, spans)
    assert alignment.dropped == (sentences[2],)
    assert [s.text for s in alignment.transcript.segments] == said
    assert [s.start for s in alignment.transcript.segments] == pytest.approx(starts, abs=0.01)


def test_alignment_keeps_what_was_said_but_is_not_in_the_manuscript() -> None:
    extra = "Vi fick också besök av bibliotekarien som lånar ut verktyg."
    said = [*SENTENCES[:2], extra, *SENTENCES[2:]]
    heard, spans, starts = spoken(said)
    alignment = align(parse_manuscript(MANUSCRIPT, "test"), heard, spans)
    assert alignment.added == (extra,)
    segments = alignment.transcript.segments
    assert [s.text for s in segments] == said
    assert segments[2].start == pytest.approx(starts[2], abs=0.01)
    assert segments[2].speaker is None


def test_alignment_ignores_short_words_matched_far_from_their_place() -> None:
    script = [normalise(w) for w in ["Innovation,", "sedan", "för", "en", "gång"]]
    heard = [normalise(w) for w in ["innovation", "hmm", "ja", "nej", "hmm", "ja", "för", "en"]]
    assert reliable_anchors(script, heard) == [(0, 0)]


def test_alignment_with_no_speech_found_spreads_over_the_whole_file() -> None:
    heard = Transcript("sv", 10.0, [])
    result = align(parse_manuscript("Hej och välkommen. Tack för i dag.", "t"), heard, [])
    first, second = result.transcript.segments
    assert 0.0 <= first.start < first.end <= second.start < second.end <= 10.0


def test_manuscript_labels_are_speakers_but_ordinary_colons_are_text() -> None:
    sentences = parse_manuscript("Anna: Hej.\nAnna: Datum: i morgon.\nPlats: Umeå.", "m")
    assert [(s.speaker, s.text) for s in sentences] == [
        ("Anna", "Hej."), ("Anna", "Datum: i morgon."), (None, "Plats: Umeå."),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  \n\n ", "m.txt: the manuscript has no words"),
        ("ord " * (MAX_MANUSCRIPT_CHARS // 4 + 1), "m.txt: too large for a manuscript"),
    ],
)
def test_manuscript_refuses_empty_and_oversized_text(text: str, message: str) -> None:
    with pytest.raises(TranscriptFormatError, match=message):
        parse_manuscript(text, "m.txt")
