"""The public employer directory (issue #16): keyword search in both languages, industry and
prefecture filters, pages that keep the filters, a query count that does not grow."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from employers import views
from jetcareer.choices import Industry, Prefecture
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

URL = reverse("employers:list")


def names_on(html: str) -> list[str]:
    """The employers' names on a directory page, in their order."""
    if 'id="employers"' not in html:
        return []
    listing = html.split('id="employers"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'class="fw-semibold">([^<]+)</a>', listing)


def get(params: dict[str, str] | None = None, language: str = "en") -> str:
    response = Client().get(URL, params or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def directory() -> None:
    EmployerFactory(
        name_en="Shinshu Precision",
        name_ja="信州精密",
        name_kana="シンシュウセイミツ",
        industry=Industry.MANUFACTURING,
        prefecture=Prefecture.NAGANO,
        description_en="We make precision parts for cameras.",
        description_ja="カメラの精密部品を作っています。",
    )
    EmployerFactory(
        name_en="Kiso Travel",
        name_ja="木曽トラベル",
        name_kana="キソトラベル",
        industry=Industry.TOURISM,
        prefecture=Prefecture.NAGANO,
        description_en="Walking tours on the Nakasendo.",
        description_ja="中山道のウォーキングツアー。",
    )
    EmployerFactory(
        name_en="Tokyo Code Works",
        name_ja="東京コードワークス",
        name_kana="トウキョウコードワークス",
        industry=Industry.IT,
        prefecture=Prefecture.TOKYO,
        description_en="Software for schools.",
        description_ja="学校向けのソフトウェア。",
    )
    EmployerFactory(name_en="Pending Precision", pending=True, industry=Industry.MANUFACTURING)


def test_without_filters_every_verified_employer_is_listed_by_name(directory) -> None:
    assert names_on(get()) == ["Kiso Travel", "Shinshu Precision", "Tokyo Code Works"]


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("precision", ["Shinshu Precision"]),  # English name, any case; not the pending one
        ("信州", ["Shinshu Precision"]),  # Japanese name
        ("キソ", ["Kiso Travel"]),  # the reading
        ("nakasendo", ["Kiso Travel"]),  # English description
        ("学校", ["Tokyo Code Works"]),  # Japanese description
        ("parts\u3000cameras", ["Shinshu Precision"]),  # every word, full-width space too
        ("parts schools", []),  # no employer holds both words
    ],
)
def test_keyword_searches_names_and_descriptions_in_both_languages(
    directory, keyword: str, expected: list[str]
) -> None:
    assert names_on(get({"q": keyword})) == expected


def test_industry_and_prefecture_filter_together(directory) -> None:
    assert names_on(get({"prefecture": Prefecture.NAGANO})) == [
        "Kiso Travel",
        "Shinshu Precision",
    ]
    assert names_on(get({"prefecture": Prefecture.NAGANO, "industry": Industry.TOURISM})) == [
        "Kiso Travel"
    ]
    assert names_on(get({"industry": Industry.IT, "q": "Kiso"})) == []


def test_nothing_found_says_so_and_the_form_keeps_the_choice(directory) -> None:
    html = get({"industry": Industry.EDUCATION})

    assert names_on(html) == []
    assert "No organisations match these filters." in html
    assert f'<option value="{Industry.EDUCATION}" selected>' in html


def test_a_bad_choice_is_explained_and_the_other_filters_still_apply(directory) -> None:
    html = get({"industry": "no-such-industry", "prefecture": Prefecture.TOKYO, "page": "x"})

    assert "Select a valid choice." in html
    assert names_on(html) == ["Tokyo Code Works"]


def test_lists_read_as_words_in_the_visitors_language(directory) -> None:
    english = get()
    japanese = get(language="ja")

    assert "---------" not in english
    assert "All industries" in english
    assert "All prefectures" in english
    assert ">Apply</button>" in english  # the filter button
    assert "すべての都道府県" in japanese
    assert names_on(japanese) == ["木曽トラベル", "信州精密", "東京コードワークス"]  # by reading


def test_page_links_keep_the_filters(monkeypatch) -> None:
    monkeypatch.setattr(views, "PUBLIC_LIST_PAGE_SIZE", 2)
    for n in range(5):
        EmployerFactory(name_en=f"Nagano Maker {n}", prefecture=Prefecture.NAGANO)
    EmployerFactory(name_en="Tokyo Maker", prefecture=Prefecture.TOKYO)

    first = get({"prefecture": Prefecture.NAGANO, "q": "maker"})
    assert names_on(first) == ["Nagano Maker 0", "Nagano Maker 1"]
    next_link = re.search(r'href="\?([^"]+)">Next', first).group(1).replace("&amp;", "&")
    assert next_link == f"prefecture={Prefecture.NAGANO}&q=maker&page=2"

    last = Client().get(f"{URL}?prefecture={Prefecture.NAGANO}&q=maker&page=3").content.decode()
    assert names_on(last) == ["Nagano Maker 4"]
    assert "Tokyo Maker" not in last
    previous = re.search(r'href="\?([^"]+)">Previous', last).group(1).replace("&amp;", "&")
    assert previous == f"prefecture={Prefecture.NAGANO}&q=maker&page=2"


@pytest.mark.parametrize("params", [{}, {"q": "maker", "industry": Industry.IT, "page": "2"}])
def test_query_count_does_not_grow_with_the_employers(django_assert_num_queries, params) -> None:
    EmployerFactory.create_batch(5, name_en="Maker", industry=Industry.IT)
    with django_assert_num_queries(2):  # the count for the pages, then one page of employers
        get(params)
    EmployerFactory.create_batch(45, name_en="Maker", industry=Industry.IT)
    with django_assert_num_queries(2):
        html = get(params)
    assert len(names_on(html)) > 0
