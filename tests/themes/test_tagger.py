"""The tagger: compounds, whole words only, phrases, negatives, evidence offsets, transcripts."""

from __future__ import annotations

import unicodedata

import pytest

from themes import THRESHOLD, score_text, tag_segments, tag_text
from themes.evaluation import SEEDS_DIR, TEXTS_DIR, load_labelled_set


def themes_of(text: str) -> set[str]:
    return {tag.theme for tag in tag_text(text)}


def evidence_of(text: str, theme: str) -> set[str]:
    return {e.text for tag in score_text(text) if tag.theme == theme for e in tag.evidence}


@pytest.mark.parametrize(
    ("text", "theme", "word"),
    [
        ("Vi startar ett innovationslabb i höst.", "design-methods", "innovationslabb"),
        ("Labbet heter Innovationslabbet.", "design-methods", "Innovationslabbet"),
        ("Sveriges första coworkinghubb har öppnat.", "collaboration", "coworkinghubb"),
        (
            "Satsningen på kompetensutvecklingen fortsätter.",
            "skills-learning",
            "kompetensutvecklingen",
        ),
        (
            "Informationssäkerhetsarbetet granskas.",
            "security-trust",
            "Informationssäkerhetsarbetet",
        ),
        (
            "Kommunens nya digitaliseringsstrategi antogs.",
            "digital-transformation",
            "digitaliseringsstrategi",
        ),
        ("Projektet är Vinnovafinansierat.", "funding-programs", "Vinnovafinansierat"),
        ("Hon är tjänstedesigner på regionen.", "design-methods", "tjänstedesigner"),
    ],
)
def test_tagger_matches_compound_words_by_their_parts(text: str, theme: str, word: str) -> None:
    assert theme in themes_of(text)
    assert word in evidence_of(text, theme)


def test_tagger_finds_nothing_inside_unrelated_words() -> None:
    text = (
        "Hon är säker på att datumet stämmer. Ekonomichefen och programledaren gick på "
        "kulturnatten. Vattenledningen sprang läck vid AIK:s arena. Texten står i kursiv stil, "
        "och hennes tjänstgöring börjar i juni."
    )
    assert score_text(text) == []


def test_tagger_matches_inflected_forms() -> None:
    text = "Medborgarna möttes av e-tjänsterna, och säkerheten kring personuppgifterna."
    assert {"medborgarna", "e-tjänsterna", "säkerheten", "personuppgifterna"} <= {
        e.text.lower() for tag in score_text(text) for e in tag.evidence
    }


def test_tagger_matches_phrases_and_prefers_them_to_their_words() -> None:
    text = "Kommunen arbetar med design thinking och Agenda 2030."
    assert evidence_of(text, "design-methods") == {"design thinking"}
    assert evidence_of(text, "sustainability-future") == {"Agenda 2030"}


def test_tagger_phrases_do_not_cross_sentences() -> None:
    text = "Vi pratade om design. Thinking outside the box kom senare."
    assert evidence_of(text, "design-methods") == {"design"}


def test_tagger_negative_terms_cancel_their_sentence_only() -> None:
    traffic = "Trafiksäkerheten vid skolan ska öka. Polisen är nöjd med säkerheten."
    assert evidence_of(traffic, "security-trust") == set()
    mixed = traffic + " IT-säkerheten och informationssäkerheten ska stärkas."
    assert evidence_of(mixed, "security-trust") == {"IT-säkerheten", "informationssäkerheten"}


def test_tagger_repeating_a_common_word_does_not_make_a_tag() -> None:
    assert "digital-transformation" not in themes_of("Data, data och åter data. " * 20)


def test_tagger_empty_and_wordless_text_gives_no_tags() -> None:
    assert tag_text("") == []
    assert tag_text(" \n\t—!?") == []


def test_tagger_tags_are_above_threshold_and_best_first() -> None:
    text = "Vinnova finansierar en utbildning i samverkan. Vi samlar också in data."
    tags = tag_text(text)
    assert [tag.theme for tag in tags][:1] == ["funding-programs"]
    assert all(THRESHOLD <= tag.score <= 1 for tag in tags)
    assert [tag.score for tag in tags] == sorted((tag.score for tag in tags), reverse=True)
    weak = [tag for tag in score_text(text) if tag.theme == "digital-transformation"]
    assert weak and 0 < weak[0].score < THRESHOLD
    assert "digital-transformation" not in {tag.theme for tag in tags}


@pytest.mark.parametrize("folder", [SEEDS_DIR, TEXTS_DIR], ids=["seeds", "texts"])
def test_tagger_evidence_offsets_point_at_the_matched_text(folder) -> None:
    for item in load_labelled_set(folder):
        for tag in score_text(item.text):
            for evidence in tag.evidence:
                assert item.text[evidence.start : evidence.end] == evidence.text


def test_tagger_offsets_hold_for_decomposed_unicode() -> None:
    text = unicodedata.normalize("NFD", "Ökad tillgänglighet och kompetensutveckling.")
    tags = tag_text(text)
    assert {tag.theme for tag in tags} == {"accessibility-inclusion", "skills-learning"}
    for tag in tags:
        for evidence in tag.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


def test_tagger_to_dict_is_the_json_contract() -> None:
    data = tag_text("Vinnova finansierar projektet.")[0].to_dict()
    assert data == {
        "theme": "funding-programs",
        "score": data["score"],
        "evidence": [
            {"text": "Vinnova", "start": 0, "end": 7},
            {"text": "finansierar", "start": 8, "end": 19},
        ],
    }
    assert isinstance(data["score"], float)


def test_tag_segments_evidence_carries_segment_and_time() -> None:
    segments = [
        (0.0, "Välkommen till podden."),
        (4.5, "Idag pratar vi om tjänstedesign och prototyper."),
        (12.25, "Och om hur man testar med riktiga användare i ett innovationslabb."),
    ]
    tags = tag_segments(segments)
    assert [tag.theme for tag in tags] == ["design-methods"]
    found = {(e.text, e.segment, e.time) for e in tags[0].evidence}
    assert found == {
        ("tjänstedesign", 1, 4.5),
        ("prototyper", 1, 4.5),
        ("innovationslabb", 2, 12.25),
    }
    for evidence in tags[0].evidence:
        text = segments[evidence.segment][1]
        assert text[evidence.start : evidence.end] == evidence.text
    assert tags[0].evidence[0].to_dict().keys() == {"text", "start", "end", "segment", "time"}


def test_tag_segments_phrases_stay_inside_a_segment() -> None:
    tags = tag_segments([(0.0, "Vi jobbar med design"), (3.0, "thinking är ett ord")])
    assert all(e.text != "design thinking" for tag in tags for e in tag.evidence)


def test_tag_segments_scores_like_the_joined_text() -> None:
    segments = [(0.0, "Vinnova finansierar projektet."), (2.0, "Det handlar om samverkan.")]
    joined = tag_text("Vinnova finansierar projektet.\nDet handlar om samverkan.")
    assert [(t.theme, t.score) for t in tag_segments(segments)] == [
        (t.theme, t.score) for t in joined
    ]


def test_tagger_compound_part_limits_are_respected() -> None:
    # "chef" counts as a first part (chefsstöd) but not as a last part (a job title).
    assert evidence_of("Chefsstödet byggs ut.", "leadership-culture") == {"Chefsstödet"}
    assert evidence_of("Ekonomichefen har ordet.", "leadership-culture") == set()
    # "kultur" counts as a last part (innovationskultur) but not as a first part.
    assert evidence_of("En innovationskultur växer.", "leadership-culture") == {"innovationskultur"}
    assert evidence_of("Kulturhuset har öppet.", "leadership-culture") == set()


def test_tagger_whole_term_still_names_other_themes_by_its_parts() -> None:
    found = {tag.theme for tag in score_text("Välfärdsteknik")}
    assert found == {"digital-transformation", "citizen-service"}


def test_tagger_huge_word_is_not_split() -> None:
    text = "x" * 200_000 + "digitalisering vid Vinnova"
    assert [tag.theme for tag in score_text(text)] == ["funding-programs"]
