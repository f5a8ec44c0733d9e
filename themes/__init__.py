"""Theme tagging: the taxonomy, the Swedish-aware tagger, editor decisions and evaluation."""

from themes.decisions import TagDecision, apply_decisions
from themes.errors import TaxonomyError, TextInputError, ThemeError
from themes.tagger import THRESHOLD, Evidence, Tag, score_text, tag_segments, tag_text
from themes.taxonomy import Taxonomy, Term, Theme, default_taxonomy, load_taxonomy
from themes.textfile import read_text_file

__all__ = [
    "THRESHOLD",
    "Evidence",
    "Tag",
    "TagDecision",
    "Taxonomy",
    "TaxonomyError",
    "Term",
    "TextInputError",
    "Theme",
    "ThemeError",
    "apply_decisions",
    "default_taxonomy",
    "load_taxonomy",
    "read_text_file",
    "score_text",
    "tag_segments",
    "tag_text",
]
