"""Controls that stumbled on a phone (issue #16), in Japanese and English: the ticket's and a
booked consultation's add-to-calendar buttons make one tidy group (stacked full-width on a
phone, one row on a laptop), and after filtering a list the filter button says how many
filters are in use and offers to clear them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from events.services import consultations, registrations
from jetcareer.choices import Industry, Prefecture
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BOXES = "group => [...group.querySelectorAll('a.btn')].map(b => b.getBoundingClientRect().toJSON())"


def new_page(browser, live_server, language: str, size: dict):
    context = browser.new_context(viewport=size, locale=language)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def check_calendar_group(page, name: str) -> None:
    """Three separate buttons: on a phone stacked, each as wide as the group; on a laptop in
    one row. Nothing wider than the phone."""
    group = page.locator(".calendar-links")
    expect(group).to_be_visible()
    page.set_viewport_size(PHONE)
    boxes = group.evaluate(BOXES)
    width = group.evaluate("g => g.getBoundingClientRect().width")
    assert len(boxes) == 3
    assert all(abs(box["width"] - width) < 1 for box in boxes), boxes  # full width, all alike
    assert boxes[0]["bottom"] <= boxes[1]["top"]  # stacked
    assert boxes[1]["bottom"] <= boxes[2]["top"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"{name}-390")
    page.set_viewport_size(LAPTOP)
    boxes = group.evaluate(BOXES)
    assert len({round(box["top"]) for box in boxes}) == 1, boxes  # one row
    screenshot(page, f"{name}-1280")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_calendar_buttons_of_the_ticket_and_a_consultation(browser, live_server, language):
    start = (timezone.now() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
    event = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.IN_PERSON,
                         title_en="JET Alumni Evening", title_ja="JET OBOG交流会",
                         starts_at=start, ends_at=start + timedelta(hours=3))  # fmt: skip
    advisor = ProfileFactory(full_name="Hana Sato", status="alumni", is_advisor=True,
                             term_end_date=timezone.localdate() - timedelta(days=400),
                             advisor_fields=["it"])  # fmt: skip
    slot = consultations.offer_slot(event=event, advisor=advisor, field="it", minutes=30,
                                    starts_at=start, meeting_place_en="Table 3",
                                    meeting_place_ja="3番テーブル")  # fmt: skip
    emily = ProfileFactory(user__email="emily@example.com")
    registration = registrations.register(event=event, profile=emily)
    consultations.book_slot(slot=slot, profile=emily)

    context, page = new_page(browser, live_server, language, LAPTOP)
    log_in(page, "emily@example.com")
    page.goto(live_server.url + registration.get_absolute_url())
    check_calendar_group(page, f"ticket-calendar-{language}")

    page.goto(f"{live_server.url}/events/{event.slug}/consultations/")
    mine = page.locator("#my-consultation")
    expect(mine.locator("a[href^='https://calendar.google.com/']")).to_be_visible()
    expect(mine.locator("a[href^='https://outlook.live.com/']")).to_be_visible()
    check_calendar_group(page, f"consultation-calendar-{language}")
    context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_filter_button_counts_the_filters_in_use_and_clears_them(
    browser, live_server, language
) -> None:
    EmployerFactory(name_en="Nagano Travel", name_ja="長野トラベル", industry=Industry.TOURISM,
                    prefecture=Prefecture.NAGANO)  # fmt: skip
    EmployerFactory(name_en="Nagano Precision", name_ja="長野精密",
                    industry=Industry.MANUFACTURING, prefecture=Prefecture.NAGANO)  # fmt: skip
    context, page = new_page(browser, live_server, language, PHONE)
    page.goto(live_server.url + "/employers/?q=" + ("長野" if language == "ja" else "Nagano"))
    toggle = page.locator("button[aria-controls=employer-filters]")
    expect(toggle).to_have_attribute("data-active-filters", "0")
    expect(page.locator("[data-clear-filters]")).to_have_count(0)

    toggle.click()
    filters = page.locator("#employer-filters")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#employer-filters')).transform === 'none'"
    )
    filters.locator("select[name=industry]").select_option(Industry.TOURISM)
    filters.locator("select[name=prefecture]").select_option(Prefecture.NAGANO)
    filters.locator("button[type=submit]").click()

    expect(toggle).to_have_attribute("data-active-filters", "2")
    expect(toggle).to_contain_text("2")
    clear = page.locator("[data-clear-filters]")
    expect(clear).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"filters-in-use-{language}-phone")
    expect(page.locator("#employers .list-group-item")).to_have_count(1)

    clear.click()
    expect(toggle).to_have_attribute("data-active-filters", "0")
    expect(page.locator("#employers .list-group-item")).to_have_count(2)
    # The keyword stays: it is in its own box, not behind the button.
    assert page.get_by_role("searchbox").input_value() == ("長野" if language == "ja" else "Nagano")
    context.close()
