"""Swedish word handling: tokens, normalisation and the inflected forms of a lemma.

The tagger does not stem running text (Snowball's Swedish stemmer conflates "säkerhet" with
"säker" and leaves "programmet" whole); instead every taxonomy term is expanded once into the
inflected forms Swedish builds with suffixes, and the text's words are looked up in that table.
Compound words are handled by the matcher, which splits them against these forms.
"""

from __future__ import annotations

import re
import unicodedata

# A word: letters/digits (with combining marks, for decomposed å ä ö), joined by hyphens
# ("IT-säkerhet", "e-tjänster"; U+2010/U+2011 count as hyphens); or a sentence break: end
# punctuation or a line break, which phrases do not cross and which bounds negative terms.
TOKEN_RE = re.compile(
    r"(?P<word>[\w\u0300-\u036f]+(?:[-\u2010\u2011][\w\u0300-\u036f]+)*)|(?P<brk>[.!?;\n]+)"
)

# Suffixes of nouns, adjectives and verbs: plural -ar/-er/-or, definite -en/-et/-na/-n,
# genitive -s, adjective -a/-t/-e, verb -r/-de/-t/-s.
_CONSONANT_ENDINGS = (
    "", "s", "a", "e", "t", "ts", "en", "ens", "et", "ets", "er", "ers", "erna", "ernas",
    "ar", "ars", "arna", "arnas", "or", "ors", "orna", "ornas", "na", "nas", "n", "ns",
    "ade", "at", "as", "ad", "ande",
)  # fmt: skip
_VOWEL_ENDINGS = ("", "s", "n", "ns", "t", "ts", "r", "rs", "rna", "rnas", "na", "nas", "de", "d")
# After a final vowel is dropped ("skola" -> "skolor", "medborgare" -> "medborgarna").
_STEM_ENDINGS = ("ar", "arna", "or", "orna", "er", "erna", "na", "nas", "ns", "an", "en", "et")
# After a doubled final consonant ("program" -> "programmet", "labb" stays "labbet").
_DOUBLED_ENDINGS = ("en", "ens", "et", "ets", "er", "erna", "ar", "arna", "a", "e", "ade")
_VOWELS = "aeiouyåäö"
# Words this short are too ambiguous to inflect or to find inside compounds.
MIN_INFLECTED = 4


def normalise(word: str) -> str:
    """Return the lookup key of a word: NFC, lower case, one kind of hyphen.

    >>> normalise("IT\u2011Säkerhet")
    'it-säkerhet'
    >>> normalise("A\u030arsredovisning") == "årsredovisning"
    True
    """
    word = unicodedata.normalize("NFC", word).lower()
    return word.replace("\u2010", "-").replace("\u2011", "-")


def inflections(lemma: str) -> frozenset[str]:
    """Return the inflected forms of a normalised lemma (the lemma itself included).

    >>> sorted(f for f in inflections("säkerhet") if f.startswith("säkerheten"))
    ['säkerheten', 'säkerhetens']
    >>> {"programmet", "program", "programmen"} <= inflections("program")
    True
    >>> {"medborgarna", "medborgaren", "medborgares"} <= inflections("medborgare")
    True
    >>> "säker" in inflections("säkerhet")
    False
    >>> sorted(inflections("ai"))
    ['ai', 'ais']
    """
    if len(lemma) < MIN_INFLECTED or not lemma[-1].isalpha():
        return frozenset({lemma, lemma + "s"} if lemma[-1:].isalpha() else {lemma})
    last = lemma[-1]
    if last in _VOWELS:
        forms = {lemma + e for e in _VOWEL_ENDINGS}
        if last in "ae":
            forms |= {lemma[:-1] + e for e in _STEM_ENDINGS}
        return frozenset(forms)
    forms = {lemma + e for e in _CONSONANT_ENDINGS}
    if lemma[-2] in _VOWELS:
        forms |= {lemma + last + e for e in _DOUBLED_ENDINGS}
    return frozenset(forms)


def modifier_forms(lemma: str) -> frozenset[str]:
    """Return the forms a lemma takes as the first part of a compound word.

    Swedish joins parts directly ("coworkinghubb"), with a linking -s- ("innovationslabb"),
    drops a final vowel ("skolbarn"), or swaps a final -e for the -s- ("samarbetspartner").

    >>> sorted(modifier_forms("innovation"))
    ['innovation', 'innovations']
    >>> sorted(modifier_forms("samarbete"))
    ['samarbet', 'samarbete', 'samarbetes', 'samarbets']
    """
    forms = {lemma, lemma + "s"}
    if lemma[-1] in "ae":
        forms.add(lemma[:-1])
    if lemma[-1] == "e":
        forms.add(lemma[:-1] + "s")
    return frozenset(forms)
