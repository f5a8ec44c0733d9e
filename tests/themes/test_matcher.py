"""The matcher's lookup tables: every form of every term, its entries in taxonomy order."""

from __future__ import annotations

from themes import default_taxonomy
from themes.matcher import MIN_INFLECTED, Entry, Matcher
from themes.swedish import inflections, modifier_forms


def expanded(entries: list[Entry]) -> dict[str, dict[str, list[Entry]]]:
    """The tables built the plain way: each form of each term appended to a list in turn."""
    tables: dict[str, dict[str, list[Entry]]] = {"words": {}, "heads": {}, "modifiers": {}}
    for entry in entries:
        lemma = entry.term.words[0]
        mode = "none" if len(lemma) < MIN_INFLECTED or "-" in lemma else entry.term.compound
        for form in inflections(lemma):
            tables["words"].setdefault(form, []).append(entry)
            if mode in ("any", "last"):
                tables["heads"].setdefault(form, []).append(entry)
        if mode in ("any", "first"):
            for form in modifier_forms(lemma):
                tables["modifiers"].setdefault(form, []).append(entry)
    return tables


def test_matcher_tables_hold_every_form_with_its_entries_in_taxonomy_order() -> None:
    taxonomy = default_taxonomy()
    entries = [
        Entry(theme.id, term, negative)
        for theme in taxonomy.themes
        for terms, negative in ((theme.terms, False), (theme.negative, True))
        for term in terms
    ]
    matcher = Matcher(taxonomy)
    single = [entry for entry in entries if len(entry.term.words) == 1]
    for name, table in expanded(single).items():
        assert {form: list(found) for form, found in getattr(matcher, name).items()} == table
    phrases: dict[str, list[Entry]] = {}
    for entry in entries:
        if len(entry.term.words) > 1:
            for form in inflections(entry.term.words[0]):
                phrases.setdefault(form, []).append(entry)
    assert {form: [entry for entry, _ in found] for form, found in matcher.phrases.items()} == (
        phrases
    )
    # Some forms belong to more than one term, so the order within a form is tested too.
    assert any(len(found) > 1 for found in matcher.words.values())
