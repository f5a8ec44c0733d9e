"""The Swedish Snowball stemmer: a fast pure-Python port of snowballstemmer 3.1.1's.

snowballstemmer's `SwedishStemmer` (generated from swedish.sbl by Snowball 3.1.1) moves a cursor
over the word a letter at a time; this takes the same steps with one regular expression, a dict
look-up and `str.endswith`, about nine times faster. `static/stem.js` is the browser's port of the
same stemmer and says more about the algorithm's surprises. Python strings count code points, as
snowballstemmer does, so stem.js's care for UTF-16 has no counterpart here.
tests/website/test_swedish_stem.py checks this against snowballstemmer word by word.

Three steps, each on what the one before left, each looking only at endings that lie wholly in
R1 (see `_R1`), though the letters their conditions look at may lie before it:

- main_suffix: the longest of `MAIN_SUFFIXES` in R1 goes, and no shorter one is tried when it may
  not. A plural or genitive "s" goes after a letter of `S_ENDING`, or with the "et" before it
  when that "et" may go (`_et_may_go`); "-et" goes when it may.
- consonant_pair: a word ending in one of `CONSONANT_PAIRS` in R1 loses its last letter.
- other_suffix: "-lig", "-ig" and "-els" go, "-fullt" becomes "full", and "-öst" becomes "ös"
  after a letter of `OST_ENDING`.
"""

from __future__ import annotations

import re

# What the stems are: another stemmer makes another search index from the same pages.
STEMMER = "snowball swedish 3.1.1"
VOWELS = frozenset("aeiouyäåö")
S_ENDING = frozenset("bcdfghjklmnoprtvy")  # what may precede a plural or genitive "s"
OST_ENDING = frozenset("iklnprtuv")  # what may precede "öst" (-> "ös")

MAIN_SUFFIXES = (
    "heterna", "hetens",
    "anden", "andes", "andet", "arens", "arnas", "ernas", "heten", "heter", "ornas",
    "ades", "ande", "arna", "arne", "aren", "aste", "erna", "erns", "orna",
    "ade", "are", "ast", "ens", "ern", "het",
    "ad", "ar", "as", "at", "en", "er", "es", "et", "or",
    "a", "e", "s",
)  # fmt: skip
CONSONANT_PAIRS = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
OTHER_SUFFIXES = ("fullt", "els", "lig", "öst", "ig")
# "-et" stays after these (as in "alfabet", "paket", "kvalitet").
ET_EXCEPTIONS = (
    "alit", "ilit", "ivit", "kvit", "stak",
    "cit", "dit", "fab", "iet", "kom", "mit", "nit", "pak", "pit", "rak", "rit", "sit", "tit",
    "uit", "xit",
    "h",
)  # fmt: skip

_V = "".join(sorted(VOWELS))
# Matches the part of a word before R1: up to and including the first non-vowel after a vowel,
# but at least 3 letters ("ab" then any letter), or else the whole word (R1 is empty).
_R1 = re.compile(f"[{_V}][^{_V}].?|[^{_V}]*[{_V}]+[^{_V}]|.*", re.DOTALL)


def _by_ending(suffixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """`suffixes` grouped by their last two letters, longest first, each group ending with the
    one-letter suffix its key ends with, if any; and each one-letter suffix alone under itself.

    >>> _by_ending(("ades", "es", "as", "s"))
    {'es': ('ades', 'es', 's'), 'as': ('as', 's'), 's': ('s',)}
    """
    groups: dict[str, list[str]] = {}
    for suffix in sorted(suffixes, key=len, reverse=True):
        groups.setdefault(suffix[-2:], []).append(suffix)
    for key, group in groups.items():
        if len(key) == 2 and key[-1] in suffixes:
            group.append(key[-1])
    return {key: tuple(group) for key, group in groups.items()}


# The main suffixes a word may end with, by its last two letters, else by its last letter.
_MAIN_BY_ENDING = _by_ending(MAIN_SUFFIXES)
# What consonant_pair or other_suffix could take: most words have none of these in R1.
_CONSONANT_PAIRS_AND_OTHER_SUFFIXES = CONSONANT_PAIRS + OTHER_SUFFIXES


def _et_may_go(word: str, i: int) -> bool:
    """Whether the "et" at `i` may go: after a non-vowel after a vowel that is not the word's
    first letter, and not after one of `ET_EXCEPTIONS`. This looks before R1 too."""
    return (
        i >= 3
        and word[i - 1] not in VOWELS
        and word[i - 2] in VOWELS
        and not word.endswith(ET_EXCEPTIONS, 0, i)
    )


def stem(word: str) -> str:
    """The Swedish Snowball stem of one lower-cased word, as snowballstemmer 3.1.1 gives it.

    >>> stem("innovationer"), stem("arbetsgivarna"), stem("myndigheternas"), stem("labb")
    ('innovation', 'arbetsgiv', 'myndighet', 'labb')
    >>> stem("paketet"), stem("alfabet"), stem("löst"), stem("hopplöst"), stem("vänligt")
    ('paket', 'alfabet', 'löst', 'hopplös', 'vän')
    """
    p1 = _R1.match(word).end()  # type: ignore[union-attr]  # R1 starts here

    # main_suffix
    for suffix in _MAIN_BY_ENDING.get(word[-2:]) or _MAIN_BY_ENDING.get(word[-1:], ()):
        if word.endswith(suffix, p1):
            if suffix == "s":
                # "-ets" goes whole if its "et" may go, even when that "et" starts before R1.
                if word.endswith("ets") and _et_may_go(word, len(word) - 3):
                    word = word[:-3]
                elif word[-2] in S_ENDING:
                    word = word[:-1]
            elif suffix != "et" or _et_may_go(word, len(word) - 2):
                word = word[: -len(suffix)]
            break

    if word.endswith(_CONSONANT_PAIRS_AND_OTHER_SUFFIXES, p1):
        # consonant_pair
        if word.endswith(CONSONANT_PAIRS, p1):
            word = word[:-1]
        # other_suffix: of the endings in R1, "lig" before "ig"; the others do not overlap.
        if word.endswith(OTHER_SUFFIXES, p1):
            if word.endswith("fullt"):
                word = word[:-1]  # -> "full"
            elif word.endswith("öst"):
                if word[-4] in OST_ENDING:
                    word = word[:-1]  # -> "ös"
            elif word.endswith("lig", p1):
                word = word[:-3]
            else:
                word = word[:-2] if word.endswith("ig") else word[:-3]  # "ig" or "els"
    return word
