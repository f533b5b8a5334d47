"""Japanese country names use full-width brackets with no spaces around them (issue #16
re-walk): 「ヴァージン諸島（アメリカ領）」 and 「ココス（キーリング）諸島」, in the list and on a
profile; English names keep theirs."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from jetcareer.countries import JetCountries, japanese_brackets
from participants.models import ParticipantProfile


def test_japanese_brackets() -> None:
    assert japanese_brackets("ヴァージン諸島(アメリカ領)") == "ヴァージン諸島（アメリカ領）"
    assert japanese_brackets("ココス (キーリング) 諸島") == "ココス（キーリング）諸島"
    assert japanese_brackets("Cocos (Keeling) Islands") == "Cocos (Keeling) Islands"
    assert japanese_brackets("日本") == "日本"


def test_no_ascii_bracket_in_the_japanese_country_list() -> None:
    with translation.override("ja"):
        names = [str(name) for _code, name in JetCountries()]
        assert [n for n in names if re.search(r"[()]", n) and re.search(r"[ぁ-ヿ一-鿿]", n)] == []
        assert dict(JetCountries())["CC"] == "ココス（キーリング）諸島"
        assert dict(JetCountries())["VI"] == "ヴァージン諸島（アメリカ領）"
        assert ParticipantProfile(country="CC").country.name == "ココス（キーリング）諸島"
    with translation.override("en"):
        assert ParticipantProfile(country="CC").country.name == "Cocos (Keeling) Islands"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_country_keeps_its_place(language: str) -> None:
    with translation.override(language):
        assert len(list(JetCountries())) == len(JetCountries().countries)
