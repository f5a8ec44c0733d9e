"""Finding a taxonomy's terms in a text: inflected forms, compound parts, phrases, negatives.

A taxonomy is compiled once into lookup tables keyed by word form, so a text is scanned
once, word by word, with dictionary lookups (no per-term regular expressions). Each distinct
word is analysed once per process and the result cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from themes.swedish import MIN_INFLECTED, TOKEN_RE, inflections, modifier_forms, normalise
from themes.taxonomy import Taxonomy, Term

# The shortest first part of a compound whose second part is a term ("it-" is a hyphen part,
# not a compound; "redesign" is not "design").
MIN_MODIFIER = 3
# The shortest rest of a word after a term that begins it ("kompetens|lyft").
MIN_REST = 3
# Longer words are not split into compound parts: no Swedish compound is this long, and
# splitting costs time quadratic in the length (untrusted text could be one huge "word").
MAX_COMPOUND_LENGTH = 64
# Distinct words remembered per compiled taxonomy before the cache is emptied.
MAX_CACHED_WORDS = 500_000

_T = TypeVar("_T")


@dataclass(frozen=True)
class Entry:
    """A term of one theme in the lookup tables; negative terms block their theme."""

    theme: str
    term: Term
    negative: bool


@dataclass(frozen=True)
class Hit:
    """One match of a term in the text: the whole word(s) it sits in, and its sentence."""

    entry: Entry
    start: int
    end: int
    sentence: int


class Matcher:
    """The compiled lookup tables of one taxonomy.

    A table maps a word form to the tuple of its entries, in taxonomy order. The default
    taxonomy's terms expand to some 20,000 forms, nearly all with a single entry; those share
    their entry's one-element tuple, so compiling makes no container per form. (A list per
    form made 20,000 objects for the garbage collector to scan and to free at exit, which
    cost a fresh `innocast tag` about as much again as building the tables.)
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.words: dict[str, tuple[Entry, ...]] = {}
        self.heads: dict[str, tuple[Entry, ...]] = {}
        self.modifiers: dict[str, tuple[Entry, ...]] = {}
        self.phrases: dict[str, tuple[tuple[Entry, tuple[frozenset[str], ...]], ...]] = {}
        self._cache: dict[str, tuple[str, tuple[Entry, ...]]] = {}
        for theme in taxonomy.themes:
            for term in theme.terms:
                self._add(Entry(theme.id, term, negative=False))
            for term in theme.negative:
                self._add(Entry(theme.id, term, negative=True))

    def _add(self, entry: Entry) -> None:
        words = entry.term.words
        if len(words) > 1:
            forms = tuple(inflections(word) for word in words)
            _extend(self.phrases, forms[0], ((entry, forms[1:]),))
            return
        lemma = words[0]
        mode = entry.term.compound
        if len(lemma) < MIN_INFLECTED or "-" in lemma:
            mode = "none"
        only = (entry,)
        forms = inflections(lemma)
        _extend(self.words, forms, only)
        if mode in ("any", "last"):
            _extend(self.heads, forms, only)
        if mode in ("any", "first"):
            _extend(self.modifiers, modifier_forms(lemma), only)

    def scan(self, text: str) -> tuple[list[Hit], int]:
        """Return every term match in `text` in text order, and the number of words."""
        tokens = self._tokens(text)
        phrases = self.phrases
        hits: list[Hit] = []
        for index, (key, entries, start, end, sentence) in enumerate(tokens):
            if key in phrases:
                for entry, rest in phrases[key]:
                    last = index + len(rest)
                    if (
                        last < len(tokens)
                        and tokens[last][4] == sentence
                        and all(tokens[index + 1 + k][0] in forms for k, forms in enumerate(rest))
                    ):
                        hits.append(Hit(entry, start, tokens[last][3], sentence))
            if entries:
                hits.extend(Hit(entry, start, end, sentence) for entry in entries)
        return hits, len(tokens)

    def _tokens(self, text: str) -> list[tuple[str, tuple[Entry, ...], int, int, int]]:
        """Return (lookup key, entries, start, end, sentence number) per word of the text."""
        sentence = 0
        cache = self._cache
        tokens = []
        for match in TOKEN_RE.finditer(text):
            word = match["word"]
            if word is None:
                sentence += 1
                continue
            found = cache.get(word)
            if found is None:
                if len(cache) >= MAX_CACHED_WORDS:
                    cache.clear()
                key = normalise(word)
                found = cache[word] = (key, tuple(self._analyse(key)))
            tokens.append((found[0], found[1], match.start(), match.end(), sentence))
        return tokens

    def _analyse(self, word: str) -> list[Entry]:
        """The entries a word matches: as a whole, by its hyphen parts, or by compound parts.

        A word that is a term as a whole may still name other themes by its parts
        ("välfärdsteknik": digital as a whole, welfare services by its first part).
        """
        whole = self.words.get(word, ())
        if "-" in word:
            parts = [entry for part in word.split("-") if part for entry in self._analyse(part)]
        elif len(word) <= MAX_COMPOUND_LENGTH:
            parts = self._compound(word)
        else:
            parts = []
        themes = {entry.theme for entry in whole}
        return [*whole, *(entry for entry in parts if entry.theme not in themes)]

    def _compound(self, word: str) -> list[Entry]:
        """Entries of the longest known last part and of the longest known first part.

        Where the two overlap they read the same letters twice; the longer one wins.
        """
        head: tuple[int, tuple[Entry, ...]] | None = None
        for start in range(MIN_MODIFIER, len(word) - MIN_INFLECTED + 1):
            if word[start:] in self.heads:
                head = (start, self.heads[word[start:]])
                break
        head_start = head[0] if head else len(word)
        for end in range(len(word) - MIN_REST, MIN_INFLECTED - 1, -1):
            modifiers = self.modifiers.get(word[:end])
            if not modifiers:
                continue
            if end <= head_start:
                return [*(head[1] if head else ()), *modifiers]
            if end > len(word) - head_start:
                return list(modifiers)
        return list(head[1]) if head else []


def _extend(table: dict[str, tuple[_T, ...]], keys: frozenset[str], items: tuple[_T, ...]) -> None:
    """Append `items` to the tuple of each key in `table` (`items` itself for a new key)."""
    for key in keys:
        found = table.get(key)
        table[key] = items if found is None else found + items


_MATCHERS: dict[str, Matcher] = {}


def matcher_for(taxonomy: Taxonomy) -> Matcher:
    """Return the compiled matcher of a taxonomy (compiled once per taxonomy file content)."""
    matcher = _MATCHERS.get(taxonomy.digest)
    if matcher is None:
        matcher = _MATCHERS[taxonomy.digest] = Matcher(taxonomy)
    return matcher
