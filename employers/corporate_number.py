"""Corporate numbers (法人番号): the 13-digit number the National Tax Agency gives every
registered company and organisation in Japan, the first digit of which is a check digit."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LENGTH = 13
# Separators people type between groups of digits: hyphens and dashes of every width, spaces.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def normalise(text: str) -> str:
    """`text` with full-width digits made ASCII (NFKC) and spaces and hyphens removed:
    "１２３４-５６７８" becomes "12345678". Nothing else is changed, so `validate` can refuse
    letters."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def check_digit(base: str) -> int:
    """The check digit of the 12-digit base number `base` (法人番号の指定等に関する省令 第2条):
    9 - (Σ Pn × Qn mod 9) for n = 1..12, where Pn is the n-th digit counted from the right of
    the base number and Qn is 1 when n is odd and 2 when n is even. The check digit is written
    first, before the base number."""
    if len(base) != LENGTH - 1 or not base.isascii() or not base.isdigit():
        raise ValueError(f"A base number has {LENGTH - 1} digits: {base!r}")
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base), 1))
    return 9 - total % 9


def validate(number: str) -> None:
    """Raise ValidationError unless `number` (normalised) is 13 ASCII digits whose first digit
    is the check digit of the other twelve. Empty is left to the field's `blank`."""
    if not number:
        return
    if not number.isascii() or not number.isdigit():
        raise ValidationError(
            _("A corporate number has digits only (13 of them)."), code="corporate_number_digits"
        )
    if len(number) != LENGTH:
        raise ValidationError(
            _("A corporate number has 13 digits; this one has %(length)d."),
            code="corporate_number_length",
            params={"length": len(number)},
        )
    if int(number[0]) != check_digit(number[1:]):
        raise ValidationError(
            _(
                "This is not a valid corporate number: its first digit does not match the "
                "other twelve. Please check it against the National Tax Agency's record."
            ),
            code="corporate_number_check_digit",
        )
