// Names as the name search compares them: the twin of jetcareer/kana.py's search_form and
// search_q, so a phone searching its offline list finds whom the check-in desk finds.
// tests/test_kana_search.py runs both on the same examples and fails when they disagree.
// A classic script (no module imports: static files get hashed names in production).
(function (scope) {
  "use strict";

  const NON_SPACING_MARK = /\p{Mn}/u;
  // Kept when accents are stripped: the voicing marks of kana (ガ is カ + U+3099 decomposed).
  const KANA_VOICING = new Set(["\u3099", "\u309a"]);

  function hiraganaToKatakana(char) {
    const code = char.codePointAt(0);
    if ((code >= 0x3041 && code <= 0x3096) || code === 0x309d || code === 0x309e) {
      return String.fromCodePoint(code + 0x60);
    }
    return char;
  }

  // Python's str.casefold() for the letters names hold: JavaScript has no case folding, and
  // toLowerCase() keeps ß and the final sigma; upper then lower case folds them as Python does.
  function casefold(text) {
    return text.toUpperCase().toLowerCase().replace(/ς/g, "σ");
  }

  // Long vowels of romanised Japanese names made short, as kana.py's fold_long_vowels does
  // (same rules, same order): "ou", "oo" -> "o", "uu" -> "u", then "oh" before a consonant, a
  // space or the end -> "o" (Satou, Satoh, Satō all read sato; Ohara keeps its h).
  function foldLongVowels(text) {
    return text
      .replace(/o[ou]+/g, "o")
      .replace(/uu+/g, "u")
      .replace(/oh(?![aeiou])/g, "o");
  }

  /** `text` NFKC-normalised, case folded, without accents (kana keep their voicing marks),
   * hiragana made katakana, runs of spaces made one and long vowels of romanised names made
   * short: 「ｻﾄｳ ﾊﾅｺ」 → 「サトウ ハナコ」, "Satou" → "sato". */
  function searchForm(text) {
    const folded = casefold(String(text ?? "").normalize("NFKC"));
    let bare = "";
    for (const char of folded.normalize("NFD")) {
      if (KANA_VOICING.has(char) || !NON_SPACING_MARK.test(char)) bare += char;
    }
    let kana = "";
    for (const char of bare.normalize("NFC")) kana += hiraganaToKatakana(char);
    return foldLongVowels(kana.split(/\s+/).filter(Boolean).join(" "));
  }

  /** Whether a name's search form (`searchName`, as the server sends it) matches `query` as
   * typed: every word of the query in it, or the query without spaces in it without spaces. */
  function matches(searchName, query) {
    const words = searchForm(query).split(" ").filter(Boolean);
    if (!words.length || !searchName) return false;
    if (words.every((word) => searchName.includes(word))) return true;
    return searchName.replaceAll(" ", "").includes(words.join(""));
  }

  scope.JetScanner = Object.assign(scope.JetScanner || {}, { searchForm, matches });
})(self);
