"""The country list of the profile (issue #16): in Japanese in gojūon order by the reading
(kanji names read through their readings), in English alphabetically; MOFA's names."""

from __future__ import annotations

import pytest
from django.utils import translation

from jetcareer.countries import JetCountries, english_key, has_kanji, japanese_key
from jetcareer.kana import gojuon_key
from participants.forms import ProfileForm
from participants.models import ParticipantProfile


def country_choices(language: str) -> list[tuple[str, str]]:
    """The country choices of the profile form, as a person reading `language` gets them."""
    with translation.override(language):
        return [(code, str(name)) for code, name in ProfileForm().fields["country"].choices if code]


def positions(choices: list[tuple[str, str]], codes: list[str]) -> list[int]:
    order = [code for code, _ in choices]
    return [order.index(code) for code in codes]


def test_japanese_list_is_in_gojuon_order_of_the_readings() -> None:
    choices = country_choices("ja")
    names = dict(choices)

    # アイルランド, アメリカ合衆国, アラブ首長国連邦, 英国 (えいこく), 韓国 (かんこく),
    # 中国 (ちゅうごく), 日本 (にほん), ニュージーランド, 南アフリカ (みなみあふりか).
    order = ["IE", "US", "AE", "GB", "KR", "CN", "JP", "NZ", "ZA"]
    assert positions(choices, order) == sorted(positions(choices, order)), [
        names[code] for code in order
    ]
    # Not by English name nor by code: Ireland's アイルランド is the first of them all.
    assert choices[0][1].startswith("ア")
    assert [japanese_key(name) for _, name in choices] == sorted(
        japanese_key(name) for _, name in choices
    )


def test_every_japanese_name_with_kanji_has_a_reading() -> None:
    """A name with kanji and no reading would sort by its kana alone (or first of all)."""
    from jetcareer.countries import READINGS

    choices = country_choices("ja")
    unread = [name for _, name in choices if has_kanji(name) and name not in READINGS]
    assert unread == []
    assert all(not has_kanji(reading) for reading in READINGS.values())


def test_english_list_is_alphabetical_accents_and_case_aside() -> None:
    choices = country_choices("en")
    names = [name for _, name in choices]

    assert names == sorted(names, key=english_key)
    assert names.index("Afghanistan") + 1 == names.index("Åland Islands")
    assert names.index("Tunisia") < names.index("Türkiye") < names.index("Turkmenistan")
    assert names.index("United Kingdom") < names.index("United States of America")


def test_current_short_names_in_english() -> None:
    names = dict(country_choices("en"))

    assert names["TR"] == "Türkiye"
    assert names["CZ"] == "Czechia"
    assert names["SZ"] == "Eswatini"
    assert names["MK"] == "North Macedonia"
    assert names["BS"] == "Bahamas"
    assert names["NR"] == "Nauru"


def test_mofa_names_in_japanese() -> None:
    names = dict(country_choices("ja"))

    assert names["GB"] == "英国"
    assert names["GE"] == "ジョージア"
    assert names["KG"] == "キルギス"
    assert names["CD"] == "コンゴ民主共和国"
    assert names["PS"] == "パレスチナ"
    assert names["TR"] == "トルコ"  # Japan kept トルコ when the English name became Türkiye


def test_the_order_follows_the_language_of_each_request() -> None:
    """The choices are made when a form is shown, not when the code was loaded."""
    english = country_choices("en")
    japanese = country_choices("ja")

    assert english[0] == ("AF", "Afghanistan")
    assert japanese[0][0] != "AF"
    assert country_choices("en") == english


def test_a_profile_names_its_country_in_the_readers_language() -> None:
    profile = ParticipantProfile(country="IE")

    with translation.override("ja"):
        assert str(profile.country.name) == "アイルランド"
    with translation.override("en"):
        assert str(profile.country.name) == "Ireland"


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("コートジボワール", "コスタリカ"),  # ー reads as the vowel before it: コオ < コス
        ("ニカラグア", "ニュージーランド"),  # small ュ reads as ユ: ニカ < ニユ
        ("ボツワナ", "ホンジュラス"),  # voicing aside: ホツ < ホン
        ("ガーナ", "カーボベルデ"),  # voicing aside: カアナ < カアホ
        ("ハス", "バス"),  # equal but for the voicing: the plain kana first
        ("えいこく", "オーストラリア"),  # hiragana and katakana read alike
    ],
)
def test_gojuon_key(earlier: str, later: str) -> None:
    assert gojuon_key(earlier) < gojuon_key(later)


def test_the_field_uses_the_ordered_list() -> None:
    field = ParticipantProfile._meta.get_field("country")
    assert isinstance(field.countries, JetCountries)
