"""An editor's saves: a corrected segment keeps the timing of its unchanged words and re-tags
the item; confirmed, rejected and added themes; the queue of unreviewed items."""

from __future__ import annotations

import pytest

from catalog import Catalog
from steps.errors import InputError
from steps.records import read_article
from steps.review import (
    EDITOR_SOURCE,
    correct_segment,
    decide_themes,
    revert_segment,
    review_queue,
    theme_reviews,
)
from steps.tagging import stored_tags
from steps.transcription import current_transcript
from tests.editor.conftest import EditorData
from themes.taxonomy import default_taxonomy

TAXONOMY = default_taxonomy()


def _themes(catalog: Catalog, ref: str) -> dict[str, str]:
    item = catalog.get_item(ref)
    return {review.theme: review.status for review in theme_reviews(catalog, item, TAXONOMY)}


def test_correct_segment_keeps_unchanged_words_timing_and_retags(editor_data: EditorData) -> None:
    with Catalog(editor_data.data) as catalog:
        before = current_transcript(catalog, catalog.get_item(editor_data.episode)).segments[2]
        assert "security-trust" in _themes(catalog, editor_data.episode)
        correct_segment(catalog, editor_data.episode, 2,
                        "Informationen om   parken är viktig för invånarna.", " Anna ", TAXONOMY)
        item = catalog.get_item(editor_data.episode)
        after = current_transcript(catalog, item).segments[2]
        assert catalog.get_override(item.id) is not None
        # The security words are gone from the text, so the theme is gone from the tags.
        assert "security-trust" not in {tag.theme for tag in stored_tags(catalog, item)}
    assert after.text == "Informationen om parken är viktig för invånarna."
    assert after.speaker == "Anna"
    assert (after.start, after.end) == (before.start, before.end)
    old = {w.text: (w.start, w.end, w.probability) for w in before.words}
    new = {w.text: (w.start, w.end, w.probability) for w in after.words}
    for kept in ("är", "för", "invånarna."):
        assert new[kept] == old[kept], kept
    assert new["parken"][2] == 1.0  # an editor's word
    starts = [w.start for w in after.words]
    assert starts == sorted(starts) and after.words[0].start >= before.start
    assert after.words[-1].end <= before.end


def test_revert_segment_restores_the_machine_text_and_drops_the_correction(
    editor_data: EditorData,
) -> None:
    with Catalog(editor_data.data) as catalog:
        machine = current_transcript(catalog, catalog.get_item(editor_data.episode))
        correct_segment(catalog, editor_data.episode, 0, "Välkommen till podden.", None,
                        TAXONOMY)
        assert catalog.get_override(editor_data.episode) is not None
        shown = revert_segment(catalog, editor_data.episode, 0, TAXONOMY)
        assert catalog.get_override(editor_data.episode) is None
    assert shown.segments == machine.segments


def test_decisions_confirm_reject_and_add_and_leave_the_queue(editor_data: EditorData) -> None:
    with Catalog(editor_data.data) as catalog:
        queue = review_queue(catalog, TAXONOMY)
        assert [e.item.id for e in queue] == [editor_data.news, editor_data.episode]
        assert queue[0].certainty <= queue[1].certainty
        decide_themes(catalog, editor_data.episode,
                      {"design-methods": True, "security-trust": False,
                       "funding-programs": True}, TAXONOMY)
        themes = _themes(catalog, editor_data.episode)
        assert [e.item.id for e in review_queue(catalog, TAXONOMY)] == [editor_data.news]
        added = next(r for r in theme_reviews(catalog, catalog.get_item(editor_data.episode),
                                              TAXONOMY) if r.theme == "funding-programs")
    assert themes == {"design-methods": "confirmed", "funding-programs": "confirmed",
                      "collaboration": "suggested", "security-trust": "rejected"}
    assert added.score is None and added.evidence == ()


def test_saves_refuse_what_cannot_be_edited(editor_data: EditorData) -> None:
    with Catalog(editor_data.data) as catalog:
        with pytest.raises(InputError, match="no-such-theme: no such theme"):
            decide_themes(catalog, editor_data.episode, {"no-such-theme": True}, TAXONOMY)
        with pytest.raises(InputError, match="no segment 9 \\(the transcript has 4\\)"):
            correct_segment(catalog, editor_data.episode, 8, "Text.", None, TAXONOMY)
        with pytest.raises(InputError, match="segment 1: the text is empty"):
            correct_segment(catalog, editor_data.episode, 0, "  ", None, TAXONOMY)
        with pytest.raises(InputError, match="only an episode has a transcript"):
            correct_segment(catalog, editor_data.news, 0, "Text.", None, TAXONOMY)
        assert catalog.get_override(editor_data.episode) is None
        assert catalog.decisions(editor_data.episode) == {}


def test_evidence_is_grouped_and_placed_in_its_paragraph(editor_data: EditorData) -> None:
    with Catalog(editor_data.data) as catalog:
        reviews = theme_reviews(catalog, catalog.get_item(editor_data.news), TAXONOMY)
        body = read_article(catalog.get_item(editor_data.news)).body
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    for review in reviews:
        texts = [e.text.casefold() for e in review.evidence]
        assert len(texts) == len(set(texts)), review.theme
        for place in review.evidence:
            if place.paragraph is not None:
                assert place.text.casefold() in paragraphs[place.paragraph].casefold()
    assert any(place.count > 1 for review in reviews for place in review.evidence)


def test_the_editors_correction_is_marked_as_the_editors(editor_data: EditorData) -> None:
    with Catalog(editor_data.data) as catalog:
        correct_segment(catalog, editor_data.episode, 1, "Kommuner samverkar.", None, TAXONOMY)
        row = catalog.db.execute("SELECT source FROM transcript_overrides").fetchone()
    assert row["source"] == EDITOR_SOURCE
