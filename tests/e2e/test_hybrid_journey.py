"""A hybrid fair in the browser (issue #16), in English and Japanese, on a laptop and a phone:
register choosing to watch online, see the ticket's join section (no door code), switch to the
venue (the QR code appears), then cancel after the confirmation page. Elements are found by
their names and values, not their words, so the journey reads the same in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from events.models import Event, Registration
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
TITLE = {"en": "CLAIR JET Career Fair: Osaka", "ja": "JET青年のためのキャリアフェア 大阪会場"}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", ["en", "ja"])
def test_hybrid_fair_online_then_venue_then_cancel(
    browser, live_server, language: str, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    fair = EventFactory(
        format=Event.Format.HYBRID,
        title_en=TITLE["en"],
        title_ja=TITLE["ja"],
        stream_url="https://stream.example.org/osaka-fair",
        capacity=300,
    )
    emily = ProfileFactory(
        full_name="Emily Carter",
        user__email="emily@example.com",
        user__preferred_language=language,
    )
    context = browser.new_context(viewport={"width": width, "height": height}, locale=language)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "emily@example.com")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    name = f"hybrid-{language}-{viewport}"

    def fits() -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The event page asks which way; the browser refuses a registration without a choice.
    page.goto(live_server.url + fair.get_absolute_url())
    expect(page.locator("h1")).to_have_text(TITLE[language])
    register = page.locator(f'form[action="/events/{fair.slug}/register/"] button[type="submit"]')
    register.click()
    assert not Registration.objects.exists()
    page.locator("#attendance-online").check()
    fits()
    screenshot(page, f"{name}-register")
    register.click()

    # The ticket: the join section, no QR code to show at a door.
    page.wait_for_url("**/ticket/**")
    expect(page.locator("#join")).to_be_visible()
    expect(page.locator(".qr svg")).to_have_count(0)
    registration = Registration.objects.get(participant=emily)
    assert (registration.status, registration.attendance) == ("confirmed", "online")
    fits()
    screenshot(page, f"{name}-ticket-online")

    # One tap to come to the venue instead: the QR code, no join section.
    page.locator('button[name="attendance"][value="venue"]').click()
    expect(page.locator(".qr svg")).to_be_visible()
    expect(page.locator("#join")).to_have_count(0)
    expect(page.locator('button[name="attendance"][value="online"]')).to_be_visible()
    registration.refresh_from_db()
    assert registration.attendance == "venue"
    fits()
    screenshot(page, f"{name}-ticket-venue")

    # Cancelling asks first; "keep my seat" would change nothing, the red button cancels.
    page.locator(f'a[href="/events/ticket/{registration.ticket_token}/cancel/"]').click()
    expect(page.locator("main .card-body").first).to_contain_text(TITLE[language])
    keep = page.locator(f'form a[href="/events/ticket/{registration.ticket_token}/"]')
    expect(keep).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    fits()
    screenshot(page, f"{name}-cancel-confirm")
    confirm = page.locator('form[method="post"] button.btn-danger')
    if viewport == "phone":  # both buttons full width, one above the other
        assert confirm.bounding_box()["width"] > width * 0.8
    confirm.click()
    page.wait_for_url(f"**{fair.get_absolute_url()}")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    screenshot(page, f"{name}-cancelled")
    context.close()
