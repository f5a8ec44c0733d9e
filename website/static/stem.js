// The Swedish Snowball stemmer, ported by hand from the Python package snowballstemmer 3.1.1
// (snowballstemmer/swedish_stemmer.py, generated from swedish.sbl by Snowball 3.1.1).
//
// The search index is built in Python with website/swedish_stem.py, a port of the same
// stemmer, and the browser stems the query words with this: a word is found only if both give
// the same stem, so change them together (tests/website/test_stem_js.py and
// test_swedish_stem.py compare each with snowballstemmer word by word).
//
// stem(word) takes one lower-cased word and returns its stem. Python counts characters in code
// points and JavaScript in UTF-16 units; for a letter beyond the BMP (two units) that matters
// where marked below.

const VOWELS = codes("aeiouyäåö");
const S_ENDING = codes("bcdfghjklmnoprtvy"); // what may precede a plural or genitive "s"
const OST_ENDING = codes("iklnprtuv"); // what may precede "öst" (-> "ös")

// Each list is longest first: the longest ending that lies in R1 wins, as with Snowball's among.
const MAIN_SUFFIXES = [
  "heterna", "hetens",
  "anden", "andes", "andet", "arens", "arnas", "ernas", "heten", "heter", "ornas",
  "ades", "ande", "arna", "arne", "aren", "aste", "erna", "erns", "orna",
  "ade", "are", "ast", "ens", "ern", "het",
  "ad", "ar", "as", "at", "en", "er", "es", "et", "or",
  "a", "e", "s",
];
const CONSONANT_PAIRS = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];
const OTHER_SUFFIXES = ["fullt", "els", "lig", "öst", "ig"];
// "-et" stays after these (as in "alfabet", "paket", "kvalitet"), see etCondition.
const ET_EXCEPTIONS = [
  "alit", "ilit", "ivit", "kvit", "stak",
  "cit", "dit", "fab", "iet", "kom", "mit", "nit", "pak", "pit", "rak", "rit", "sit", "tit",
  "uit", "xit",
  "h",
];

function codes(letters) {
  return new Set(Array.from(letters, (letter) => letter.charCodeAt(0)));
}

/** The first of `suffixes` that `word` has ending at `end` and starting at or after `from`. */
function findSuffix(word, end, suffixes, from) {
  for (const suffix of suffixes) {
    if (end - suffix.length >= from && word.endsWith(suffix, end)) return suffix;
  }
  return "";
}

/** Where R1 starts: after the first non-vowel that follows a vowel, but at least 3 letters in. */
function r1(word) {
  const n = word.length;
  let min = 0; // 3 code points: a letter beyond the BMP takes two units
  for (let k = 0; k < 3; k++) {
    if (min >= n) return n;
    min += word.codePointAt(min) > 0xffff ? 2 : 1;
  }
  let i = 0;
  while (i < n && !VOWELS.has(word.charCodeAt(i))) i++;
  i++;
  while (i < n && VOWELS.has(word.charCodeAt(i))) i++;
  if (i >= n) return n;
  i += word.codePointAt(i) > 0xffff ? 2 : 1;
  return Math.max(i, min);
}

/**
 * Whether the "et" at `i` may go: after a non-vowel after a vowel after at least one more
 * letter, and not after one of ET_EXCEPTIONS. This looks before R1 too.
 */
function etCondition(word, i) {
  let j = i - 1;
  if (j < 0 || VOWELS.has(word.charCodeAt(j))) return false;
  if (j > 0 && word.codePointAt(j - 1) > 0xffff) j--; // the non-vowel is one code point
  if (j < 2 || !VOWELS.has(word.charCodeAt(j - 1))) return false;
  return findSuffix(word, i, ET_EXCEPTIONS, 0) === "";
}

function mainSuffix(word, p1) {
  const suffix = findSuffix(word, word.length, MAIN_SUFFIXES, p1);
  const i = word.length - suffix.length;
  if (suffix === "") return word;
  if (suffix === "s") {
    // "-ets" goes whole if its "et" may go, even when that "et" starts before R1.
    if (word.startsWith("et", i - 2) && etCondition(word, i - 2)) return word.slice(0, i - 2);
    return S_ENDING.has(word.charCodeAt(i - 1)) ? word.slice(0, i) : word;
  }
  if (suffix === "et" && !etCondition(word, i)) return word;
  return word.slice(0, i);
}

function consonantPair(word, p1) {
  // "-dd", "-gd", "-nn", "-dt", "-gt", "-kt", "-tt" in R1 lose their last letter.
  return findSuffix(word, word.length, CONSONANT_PAIRS, p1) ? word.slice(0, -1) : word;
}

function otherSuffix(word, p1) {
  const suffix = findSuffix(word, word.length, OTHER_SUFFIXES, p1);
  if (suffix === "") return word;
  if (suffix === "fullt") return word.slice(0, -1); // -> "full"
  if (suffix === "öst") {
    // -> "ös" after one of OST_ENDING (which may lie before R1)
    return OST_ENDING.has(word.charCodeAt(word.length - 4)) ? word.slice(0, -1) : word;
  }
  return word.slice(0, word.length - suffix.length);
}

/** The Swedish Snowball stem of one lower-cased word. */
export function stem(word) {
  const p1 = r1(word);
  return otherSuffix(consonantPair(mainSuffix(word, p1), p1), p1);
}
