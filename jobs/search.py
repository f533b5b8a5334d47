"""Keyword search over jobs in both languages: PostgreSQL full-text search (the 'simple'
configuration, which neither stems nor drops words, so English and Japanese are treated alike)
with prefixes ("engin" finds "engineer"), and a substring match for words in Japanese script,
which has no spaces between words for a text search parser to split on (「営業」 inside
「法人営業職」). On other databases (SQLite in development) every word is a substring match.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Q, QuerySet

# Kana, kanji and half-width katakana: words a text search parser cannot split.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# What a prefix query keeps of a word: letters and digits (no tsquery operators).
TOKEN = re.compile(r"[^\W_]+")
MAX_WORDS = 10

FIELDS = (
    "title_en", "title_ja", "description_en", "description_ja", "experience_en",
    "experience_ja", "city_en", "city_ja", "employer__name_en", "employer__name_ja",
)  # fmt: skip


def words(value: str) -> list[str]:
    """The words of a search, split at spaces (also the full-width space), at most MAX_WORDS."""
    return value.replace("\u3000", " ").split()[:MAX_WORDS]


def _contains(word: str) -> Q:
    condition = Q()
    for field in FIELDS:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def search(queryset: QuerySet, value: str) -> QuerySet:
    """The jobs of `queryset` holding every word of `value`, in either language; on
    PostgreSQL the best matches of the other words first."""
    found = words(value)
    if not found:
        return queryset
    japanese = [word for word in found if JAPANESE.search(word)]
    for word in japanese:
        queryset = queryset.filter(_contains(word))
    others = [word for word in found if word not in japanese]
    if not others:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        for word in others:
            queryset = queryset.filter(_contains(word))
        return queryset
    tokens = [token.lower() for word in others for token in TOKEN.findall(word)]
    if not tokens:
        return queryset
    query = SearchQuery(
        " & ".join(f"{token}:*" for token in tokens), search_type="raw", config="simple"
    )
    vector = SearchVector(*FIELDS, config="simple")
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-published_at", "-pk")
    )
