"""Keyword search over both languages (issue #18): PostgreSQL full-text search finds English
words and their beginnings, Japanese words inside Japanese text, the employer's name; the
portable fallback (SQLite) finds the same by substrings."""

from __future__ import annotations

import pytest
from django.db import connection

from jobs import search
from jobs.models import Job
from tests.employers.factories import EmployerFactory
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs() -> dict[str, Job]:
    return {
        "teacher": JobFactory(
            title_en="English teacher",
            title_ja="英語講師",
            description_en="Teach adults in small groups.",
            description_ja="小学校と企業で英語を教える仕事です。",
            employer=EmployerFactory(name_en="Sakura Academy", name_ja="さくら学院"),
        ),
        "sales": JobFactory(
            title_en="Sales representative",
            title_ja="法人営業職",
            description_en="Sell our software to companies across Kansai.",
            description_ja="関西の企業に自社ソフトウェアを提案します。",
        ),
        "engineer": JobFactory(
            title_en="Software engineer",
            title_ja="ソフトウェアエンジニア",
            description_en="Build the booking system of our hotels.",
            description_ja="ホテル予約システムの開発。",
        ),
    }


def found(value: str) -> set[str]:
    titles = search.search(Job.objects.all(), value).values_list("title_en", flat=True)
    return set(titles)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("teacher", {"English teacher"}),
        ("teach", {"English teacher"}),  # a beginning
        ("SOFTWARE", {"Sales representative", "Software engineer"}),
        ("engin", {"Software engineer"}),
        ("kansai", {"Sales representative"}),
        ("英語", {"English teacher"}),  # inside 「英語講師」: no spaces to split on
        ("営業", {"Sales representative"}),
        ("エンジニア", {"Software engineer"}),
        ("さくら", {"English teacher"}),  # the employer's Japanese name
        ("sakura", {"English teacher"}),
        ("software 営業", {"Sales representative"}),  # every word, in either language
        ("teacher 営業", set()),
        ("plumber", set()),
        ("a&b | !c:*", set()),  # operators of tsquery are not taken as operators
    ],
)
def test_full_text_search_finds_english_and_japanese_words(jobs, query, expected) -> None:
    assert found(query) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_the_best_match_comes_first(jobs) -> None:
    results = list(search.search(Job.objects.all(), "software").values_list("title_en", flat=True))
    assert results[0] == "Software engineer"  # in the title and the description


def test_the_portable_fallback_finds_the_same_words(jobs, monkeypatch) -> None:
    class OtherDatabase:
        vendor = "sqlite"

    monkeypatch.setattr(search, "connections", {"default": OtherDatabase()})
    assert found("teach") == {"English teacher"}
    assert found("英語") == {"English teacher"}
    assert found("software 営業") == {"Sales representative"}
    assert found("plumber") == set()
