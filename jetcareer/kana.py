"""Readings of Japanese names (furigana): typed in hiragana or katakana, stored in katakana;
and names as the search compares them, however they were typed (`search_form`)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Replace
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

# Hiragana ぁ (U+3041) to ゖ (U+3096) and the iteration marks ゝゞ sit 0x60 below katakana.
_HIRAGANA_TO_KATAKANA = {
    **{code: code + 0x60 for code in range(0x3041, 0x3097)},
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
# Katakana ァ-ヺ, the middle dot ・, the long vowel mark ー, the iteration marks ヽヾ, and
# spaces between words.
_KATAKANA_READING = re.compile(r"^[\u30A1-\u30FA\u30FB\u30FC\u30FD\u30FE ]+$")
# What a reading with anything but kana is told; a form may word its own (KanaReadingField).
KANA_MESSAGE = _("Enter the reading in katakana or hiragana only, for example シンシュウセイミツ.")


def to_katakana(text: str) -> str:
    """`text` with half-width katakana made full-width, hiragana made katakana and runs of
    spaces (full-width ones too) made one. Any other character is kept as it is, so
    `is_katakana_reading` can refuse it."""
    # NFKC turns ｶﾀｶﾅ into カタカナ (voicing marks joined) and the full-width space into " ".
    text = unicodedata.normalize("NFKC", text).translate(_HIRAGANA_TO_KATAKANA)
    return " ".join(text.split())


def is_katakana_reading(text: str) -> bool:
    """True when `text` (already through `to_katakana`) is katakana only: the kana, ・, ー and
    spaces between words."""
    return bool(_KATAKANA_READING.match(text))


def validate_katakana_reading(value: str) -> None:
    """Raise ValidationError unless `value` is empty or a katakana reading (after
    `to_katakana`: hiragana is accepted there)."""
    if value and not is_katakana_reading(to_katakana(value)):
        raise ValidationError(KANA_MESSAGE, code="kana")


class KanaReadingField(forms.CharField):
    """A reading typed in hiragana, katakana or half-width katakana, cleaned to katakana
    (`to_katakana`) and refused with the error "kana" when anything else is left (letters,
    digits, kanji): the reading of an organisation's name, or of a participant's. A form gives
    its own wording of the message with `error_messages={"kana": ...}`."""

    default_error_messages = {
        "kana": KANA_MESSAGE,
    }

    def to_python(self, value: object) -> str:
        return to_katakana(super().to_python(value))

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not is_katakana_reading(value):
            raise ValidationError(self.error_messages["kana"], code="kana")


# For the order of readings: small kana read as the large ones, and the vowel each kana ends
# in, which a long vowel mark ー after it repeats (コート reads コオト).
_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_VOWEL_OF = {
    kana: vowel
    for vowel, row in zip(
        "アイウエオ",
        [
            "アカサタナハマヤラワ",
            "イキシチニヒミリヰ",
            "ウクスツヌフムユル",
            "エケセテネヘメレヱ",
            "オコソトノホモヨロヲ",
        ],
        strict=True,
    )
    for kana in row
}
_VOICING_MARKS = {"\u3099", "\u309a"}  # dakuten and handakuten, once NFD splits ガ into カ+゛


def gojuon_key(reading: str) -> tuple[str, str]:
    """A sort key putting readings in dictionary (gojūon) order, as Japanese lists are read:
    ア, イ, ウ … ン, with カ and ガ, ハ, バ and パ read alike first and told apart only between
    otherwise equal readings (JIS X 4061's rule, simplified), small kana as large ones, ー as
    the vowel before it, and ・, spaces, brackets and anything not kana left out. Takes a
    reading in hiragana or katakana; returns (the plain reading, the reading in katakana)."""
    katakana = to_katakana(reading)
    plain: list[str] = []
    for char in unicodedata.normalize("NFD", katakana):
        if char in _VOICING_MARKS:
            continue
        char = char.translate(_SMALL_TO_LARGE)
        if char == "ー":
            if plain:
                plain.append(_VOWEL_OF.get(plain[-1], ""))
        elif "\u30a1" <= char <= "\u30fa":  # katakana; ・ (U+30FB) is not
            plain.append(char)
    return "".join(plain), katakana


# Long vowels as Japanese names are romanised in Latin letters, folded to the short vowel so
# that every spelling of one name reads alike: Satou, Satoo, Satō (accent stripped: Sato) and
# Satoh all read "sato"; Yuuki and Yūki read "yuki"; Kouji reads "koji". "oh" folds only before
# a consonant or at the end of a word (Ohno, Saitoh), the Hepburn-passport spelling of オオ/オウ;
# before a vowel the h is a consonant of its own (Ohara, Yohei) and stays. A Western name folds
# too (Johnson reads jonson, Louise loise): harmless, since stored names and queries fold alike.
# static/js/scanner/search.js applies the same three rules in the same order.
_LONG_O = re.compile(r"o[ou]+")
_LONG_U = re.compile(r"uu+")
_O_H = re.compile(r"oh(?![aeiou])")


def fold_long_vowels(text: str) -> str:
    """`text` (lower case, accents already stripped) with the long vowels of romanised Japanese
    names made short: "ou", "oo" -> "o", "uu" -> "u", and "oh" before a consonant, a space or the
    end -> "o". Leaves kana and other scripts alone. Folding twice gives the same as once."""
    text = _LONG_U.sub("u", _LONG_O.sub("o", text))
    return _O_H.sub("o", text)


def search_form(text: str) -> str:
    """`text` as the name search compares it, so a name is found however it was typed: NFKC
    (half-width ｶﾅ made full-width, full-width letters and spaces made plain), case folded,
    accents stripped (Zoë reads zoe, Müller muller; the voicing marks of kana stay), hiragana
    made katakana, runs of spaces made one, and the long vowels of romanised Japanese names made
    short (`fold_long_vowels`: Satou, Satoh and Satō all read sato). 「ｻﾄｳ ﾊﾅｺ」, 「さとう はなこ」
    and 「サトウ　ハナコ」 all give 「サトウ ハナコ」.

    Stored for each participant (ParticipantProfile.search_name) and applied to every query;
    static/js/scanner/search.js is its twin on the scanner's phones, which search offline
    (tests/test_kana_search.py checks that both agree). Issue #17."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        char
        for char in unicodedata.normalize("NFD", text)
        # Accents go, the voicing marks of kana stay (サトウ is not ザトウ).
        if char in _VOICING_MARKS or unicodedata.category(char) != "Mn"
    )
    text = unicodedata.normalize("NFC", text).translate(_HIRAGANA_TO_KATAKANA)
    return fold_long_vowels(" ".join(text.split()))


def search_q(query: str, field: str) -> Q:
    """A filter for names matching `query` in `field`, a column of `search_form` values: every
    word of the query's search form is in it (so "sato hanako" finds "Hanako Sato"), or the
    whole query without spaces is in it without spaces (so 「さとうはなこ」 finds
    「サトウ ハナコ」). Takes the query as typed; an empty query matches nothing."""
    words = search_form(query).split()
    if not words:
        return Q(pk__in=[])
    every_word = Q(*(Q(**{f"{field}__contains": word}) for word in words))
    spaceless = Replace(F(field), Value(" "), Value(""), output_field=TextField())
    compact = Contains(spaceless, "".join(words))
    return every_word | Q(compact)
