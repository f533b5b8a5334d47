"""Readings of Japanese names (furigana): typed in hiragana or katakana, stored in katakana."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
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
        raise ValidationError(
            _("Enter the reading in katakana or hiragana only, for example シンシュウセイミツ."),
            code="kana",
        )
