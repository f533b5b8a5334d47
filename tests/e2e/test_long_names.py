"""Text people type wraps on a phone (issue #16 re-walk): a 150-character name without spaces
made my page 1,720 px wide on a 390 px phone. With that name (and a long job title and
organisation name) my page and the ticket page stay as wide as the screen, in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.services import registrations
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 4 + "x" * 10  # 150 characters, no space
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def assert_fits(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    screenshot(page, name)
    assert width <= inner, (width, page.evaluate(WIDEST))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_long_name_wraps_on_my_page_and_the_ticket(browser, live_server, language) -> None:
    assert len(LONG_NAME) == 150
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    event = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.IN_PERSON,
                         title_en="Evening" + "E" * 80, title_ja="交流会" + "会" * 60,
                         starts_at=start, ends_at=start + timedelta(hours=2))  # fmt: skip
    profile = ProfileFactory(user__email="long@example.com", full_name=LONG_NAME,
                             full_name_kana="ア" * 150,
                             contracting_organization="Board" + "O" * 120)  # fmt: skip
    registration = registrations.register(event=event, profile=profile)

    context = browser.new_context(viewport=PHONE, locale=language)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "long@example.com")
        page.goto(live_server.url + "/participants/me/")
        assert_fits(page, f"long-name-my-page-{language}-390")
        page.goto(live_server.url + registration.get_absolute_url())
        assert_fits(page, f"long-name-ticket-{language}-390")
    finally:
        context.close()
