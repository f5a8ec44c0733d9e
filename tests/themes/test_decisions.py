"""Editor decisions win over the tagger."""

from __future__ import annotations

from themes import Evidence, Tag, apply_decisions, tag_text

TAGS = [
    Tag("collaboration", 0.9, (Evidence("samverkan", 0, 9),)),
    Tag("skills-learning", 0.7, (Evidence("workshop", 20, 28),)),
    Tag("design-methods", 0.6, ()),
]


def test_decisions_none_leaves_all_tags_as_suggestions() -> None:
    result = apply_decisions(TAGS, {})
    assert [(d.theme, d.status, d.score) for d in result] == [
        ("collaboration", "suggested", 0.9),
        ("skills-learning", "suggested", 0.7),
        ("design-methods", "suggested", 0.6),
    ]
    assert result[0].evidence == TAGS[0].evidence


def test_decisions_rejected_theme_is_dropped() -> None:
    result = apply_decisions(TAGS, {"collaboration": False})
    assert "collaboration" not in {d.theme for d in result}


def test_decisions_confirmed_theme_is_kept_even_when_the_tagger_missed_it() -> None:
    result = apply_decisions(TAGS, {"funding-programs": True, "design-methods": True})
    assert [(d.theme, d.status, d.score) for d in result] == [
        ("design-methods", "confirmed", 0.6),
        ("funding-programs", "confirmed", None),
        ("collaboration", "suggested", 0.9),
        ("skills-learning", "suggested", 0.7),
    ]
    assert result[1].evidence == ()
    assert all(d.confirmed for d in result[:2]) and not result[2].confirmed


def test_decisions_survive_retagging() -> None:
    decisions = {"funding-programs": False, "security-trust": True}
    for text in ("Vinnova finansierar projektet.", "Vinnova finansierar ett nytt projekt."):
        result = apply_decisions(tag_text(text), decisions)
        assert [(d.theme, d.status) for d in result] == [("security-trust", "confirmed")]


def test_decisions_to_dict_shows_status() -> None:
    data = apply_decisions(TAGS[:1], {"collaboration": True})[0].to_dict()
    assert data == {
        "theme": "collaboration",
        "status": "confirmed",
        "score": 0.9,
        "evidence": [{"text": "samverkan", "start": 0, "end": 9}],
    }
