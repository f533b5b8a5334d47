"""Find an event by keyword on a phone (issue #16): the results come first, the filters wait
behind a button, nothing is wider than the screen; in Japanese and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "ja": {"keyword": "仙台", "search": "検索", "filters": "絞り込み",
           "title": "仙台キャリアフェア", "other": "千葉ウェビナー", "month": "2月"},
    "en": {"keyword": "Sendai", "search": "Search", "filters": "Filters",
           "title": "Sendai Career Fair", "other": "Chiba Webinar", "month": "February"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["ja", "en"])
def test_find_an_event_by_keyword_on_a_phone(browser, live_server, language: str) -> None:
    EventFactory(title_en="Sendai Career Fair", title_ja="仙台キャリアフェア")
    EventFactory(title_en="Chiba Webinar", title_ja="千葉ウェビナー")
    words = WORDS[language]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/events/")

    filters = page.locator("#event-filters")
    expect(filters.locator("select").first).to_be_hidden()  # behind the button
    page.get_by_role("searchbox").fill(words["keyword"])
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page.get_by_role("link", name=words["title"])).to_be_visible()
    expect(page.get_by_role("link", name=words["other"])).to_have_count(0)
    # The first result is on the first screen, above any filter.
    box = page.get_by_role("link", name=words["title"]).bounding_box()
    assert box is not None
    assert box["y"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"find-event-{language}-phone")

    page.get_by_role("button", name=words["filters"], exact=True).click()
    expect(filters.locator("select").first).to_be_visible()
    # Slid in (the panel's transition has ended): then it is whole on the screen.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#event-filters')).transform === 'none'"
    )
    assert filters.bounding_box()["x"] >= 0
    expect(filters.locator("option", has_text=words["month"]).first).to_be_attached()
    screenshot(page, f"find-event-filters-{language}-phone")
    context.close()
