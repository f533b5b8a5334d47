"""Find an employer in the directory on a phone (issue #16): a keyword, then an industry from
the filters behind their button; the results come first and nothing is wider than the screen;
in Japanese and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jetcareer.choices import Industry, Prefecture
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "ja": {"keyword": "長野", "search": "検索", "filters": "絞り込み", "industry": "観光・旅行",
           "maker": "長野精密", "travel": "長野トラベル", "tokyo": "東京ソフト"},
    "en": {"keyword": "Nagano", "search": "Search", "filters": "Filters",
           "industry": "Tourism and travel",
           "maker": "Nagano Precision", "travel": "Nagano Travel", "tokyo": "Tokyo Soft"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["ja", "en"])
def test_find_an_employer_by_keyword_and_industry_on_a_phone(
    browser, live_server, language: str
) -> None:
    EmployerFactory(
        name_en="Nagano Precision", name_ja="長野精密", industry=Industry.MANUFACTURING,
        prefecture=Prefecture.NAGANO,
    )  # fmt: skip
    EmployerFactory(
        name_en="Nagano Travel", name_ja="長野トラベル", industry=Industry.TOURISM,
        prefecture=Prefecture.NAGANO,
    )  # fmt: skip
    EmployerFactory(name_en="Tokyo Soft", name_ja="東京ソフト", industry=Industry.IT)
    words = WORDS[language]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/employers/")

    filters = page.locator("#employer-filters")
    expect(filters.locator("select").first).to_be_hidden()  # behind the button
    page.get_by_role("searchbox").fill(words["keyword"])
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page.get_by_role("link", name=words["maker"])).to_be_visible()
    expect(page.get_by_role("link", name=words["travel"])).to_be_visible()
    expect(page.get_by_role("link", name=words["tokyo"])).to_have_count(0)
    assert page.get_by_role("link", name=words["maker"]).bounding_box()["y"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"find-employer-{language}-phone")

    page.get_by_role("button", name=words["filters"], exact=True).click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#employer-filters')).transform === 'none'"
    )
    assert filters.bounding_box()["x"] >= 0
    filters.locator("select[name=industry]").select_option(label=words["industry"])
    screenshot(page, f"find-employer-filters-{language}-phone")
    filters.locator("button[type=submit]").click()

    expect(page.get_by_role("link", name=words["travel"])).to_be_visible()
    expect(page.get_by_role("link", name=words["maker"])).to_have_count(0)
    assert page.get_by_role("searchbox").input_value() == words["keyword"]  # the keyword kept
    context.close()
