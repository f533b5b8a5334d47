"""A 1:1 consultation in the browser (issue #16): a registered participant books one, reads
where to meet (the place and the meeting link), downloads its calendar file, and cancels it
after a page that asks first; in English and Japanese, on a laptop and a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import ConsultationSlot, Event
from events.services import consultations, registrations
from tests.e2e.accounts import log_in
from tests.e2e.axe import describe, violations
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LINK = "https://meet.example.com/alumni-evening-hana"


def both_sizes(page, name: str) -> None:
    """A full-page screenshot at 1280×900 and at 390×844; at each size nothing axe calls
    serious or critical, and nothing wider than the phone."""
    for label, size in (("1280", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
        problems = violations(page)
        assert not problems, f"{name} at {label} px:\n{describe(problems)}"
        if label == "390":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name}: {width} px wide on a phone"
    page.set_viewport_size(LAPTOP)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_book_see_where_download_and_cancel_after_confirming(browser, live_server, language):
    start = (timezone.now() + timedelta(days=14)).replace(
        hour=5, minute=0, second=0, microsecond=0
    )  # 14:00 in Japan
    event = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.HYBRID,
                         title_en="JET Alumni Evening: Tokyo", title_ja="JET OBOG交流会（東京）",
                         starts_at=start, ends_at=start + timedelta(hours=3))  # fmt: skip
    hana = ProfileFactory(full_name="Hana Sato", status="alumni", term_end_date=date(2024, 7, 31),
                          is_advisor=True, advisor_fields=["it"],
                          advisor_bio_en="Engineer at a Tokyo start-up.")  # fmt: skip
    slot = consultations.offer_slot(event=event, advisor=hana, field="it", minutes=30,
                                    starts_at=start, meeting_place_en="Table 3, Room B",
                                    meeting_place_ja="B会議室 3番テーブル",
                                    meeting_url=LINK)  # fmt: skip
    emily = ProfileFactory(full_name="Emily Carter", user__email="emily@example.com",
                           user__preferred_language=language)  # fmt: skip
    registrations.register(event=event, profile=emily, attendance="venue")
    place = "B会議室 3番テーブル" if language == "ja" else "Table 3, Room B"

    context = browser.new_context(viewport=LAPTOP, locale=language, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "emily@example.com")
    page.goto(f"{live_server.url}/events/{event.slug}/consultations/")
    # Before booking: the place is shown, the meeting link is not anyone's yet.
    expect(page.get_by_text(place).first).to_be_visible()
    assert LINK not in page.content()
    both_sizes(page, f"consultation-slots-{language}")

    page.locator(f"form[action$='/consultations/{slot.pk}/book/'] button").click()
    mine = page.locator("#my-consultation")
    expect(mine).to_be_visible()
    expect(mine).to_contain_text("Hana Sato")
    expect(mine).to_contain_text(place)
    expect(mine.get_by_role("link", name=LINK)).to_be_visible()
    both_sizes(page, f"consultation-booked-{language}")

    with page.expect_download() as info:
        mine.locator("a[href$='consultation.ics']").click()
    download = info.value
    assert download.suggested_filename == f"consultation-{slot.pk}.ics"
    with open(download.path(), "rb") as handle:
        calendar = handle.read().decode()
    assert "BEGIN:VCALENDAR" in calendar
    assert "Hana Sato" in calendar

    mine.locator(f"a[href$='/consultations/{slot.pk}/cancel/']").click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(place)
    expect(page.locator("main")).to_contain_text("Hana Sato")
    both_sizes(page, f"consultation-cancel-confirm-{language}")
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by_id == emily.pk  # asking is not doing

    page.locator("main form[method='post'] button.btn-danger").click()
    expect(page.locator("#my-consultation")).to_have_count(0)
    expect(page.locator(f"form[action$='/consultations/{slot.pk}/book/']")).to_be_visible()
    both_sizes(page, f"consultation-cancelled-{language}")
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by_id is None
    context.close()
