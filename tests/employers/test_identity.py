"""What identifies an organisation in Japan: the corporate number (法人番号) with its check
digit, and the reading of the name (furigana) that orders the Japanese directory."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from employers import corporate_number
from jetcareer.kana import is_katakana_reading, to_katakana, validate_katakana_reading

# Numbers whose first digit our implementation computes from the other twelve, checked by hand
# against the rule of 法人番号の指定等に関する省令 第2条 (9 - Σ Pn×Qn mod 9):
# 2010005018811: given in the brief as CLAIR's (一般財団法人自治体国際化協会), Σ = 34, 9 - 7 = 2;
# 7000012050002: the National Tax Agency's own number, Σ = 11, 9 - 2 = 7;
# 1180301018771: Toyota Motor Corporation's, Σ = 53, 9 - 8 = 1.
VALID = ["2010005018811", "7000012050002", "1180301018771"]


@pytest.mark.parametrize("number", VALID)
def test_the_check_digit_of_real_corporate_numbers(number) -> None:
    assert corporate_number.check_digit(number[1:]) == int(number[0])
    corporate_number.validate(number)  # does not raise


def test_a_sum_divisible_by_nine_gives_check_digit_nine() -> None:
    assert corporate_number.check_digit("000000000000") == 9
    assert corporate_number.check_digit("000000000009") == 9  # 9 x 1 = 9, 9 mod 9 = 0
    corporate_number.validate("9000000000009")


def test_weights_alternate_one_two_from_the_right() -> None:
    # Only the right-most digit (n = 1, weight 1): 9 - 1 = 8.
    assert corporate_number.check_digit("000000000001") == 8
    # Only the second from the right (n = 2, weight 2): 9 - 2 = 7.
    assert corporate_number.check_digit("000000000010") == 7
    # The left-most of twelve is n = 12 (weight 2).
    assert corporate_number.check_digit("100000000000") == 7


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("3010005018811", "corporate_number_check_digit"),  # CLAIR's with a wrong first digit
        ("2010005018812", "corporate_number_check_digit"),  # a typo in the last digit
        ("2010005081811", "corporate_number_check_digit"),  # two digits swapped
        ("201000501881", "corporate_number_length"),  # 12 digits
        ("20100050188111", "corporate_number_length"),  # 14 digits
        ("201000501881X", "corporate_number_digits"),
        ("２０１０００５０１８８１１", "corporate_number_digits"),  # not normalised yet
    ],
)
def test_invalid_corporate_numbers_are_refused(number, code) -> None:
    with pytest.raises(ValidationError) as raised:
        corporate_number.validate(number)
    assert raised.value.code == code


@pytest.mark.parametrize(
    "typed",
    [
        "２０１０００５０１８８１１",  # full-width digits, as a Japanese keyboard types them
        "2-0100-0501-8811",
        "２－０１００－０５０１－８８１１",
        " 2010 0050 18811 ",
        "2010005018811",
    ],
)
def test_typed_corporate_numbers_are_normalised_to_ascii_digits(typed) -> None:
    assert corporate_number.normalise(typed) == "2010005018811"


def test_an_empty_corporate_number_is_left_to_the_field() -> None:
    corporate_number.validate("")  # optional: blank on the model


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("しんしゅうせいみつ", "シンシュウセイミツ"),
        ("ｼﾝｼｭｳｾｲﾐﾂ", "シンシュウセイミツ"),  # half-width katakana
        ("ｶﾞｰﾃﾞﾝ", "ガーデン"),  # the voicing mark joins its kana
        ("きそ　とらべる", "キソ トラベル"),  # a full-width space
        ("ジチタイコクサイカキョウカイ", "ジチタイコクサイカキョウカイ"),
        ("えぬ・てぃ・てぃ", "エヌ・ティ・ティ"),
        ("いすゞ", "イスヾ"),
    ],
)
def test_readings_are_stored_in_katakana(typed, reading) -> None:
    assert to_katakana(typed) == reading
    assert is_katakana_reading(reading)


@pytest.mark.parametrize("typed", ["Shinshu", "信州精密", "シンシュウ1", "シンシュウ(株)"])
def test_anything_but_kana_is_not_a_reading(typed) -> None:
    assert not is_katakana_reading(to_katakana(typed))
    with pytest.raises(ValidationError):
        validate_katakana_reading(typed)
