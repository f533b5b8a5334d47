"""Booth interviews in the browser (issue #17): on a phone, a registered participant reads the
invitation of one exhibitor and the open times of the booths on the fair's page, books one,
sees it on the page and in the ticket's fair-day agenda, and downloads its calendar file; in
English and in Japanese. The booth's member then sees the booking on the booth's page."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, InterviewBooking
from events.services import exhibitors, interviews, registrations
from participants import services as participants
from tests.e2e.accounts import log_in
from tests.e2e.axe import describe, violations
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TOKYO = ZoneInfo("Asia/Tokyo")


def checked(page, name: str) -> None:
    """A full-page screenshot; nothing axe calls serious or critical; nothing wider than
    the phone."""
    screenshot(page, name)
    problems = violations(page)
    assert not problems, f"{name}:\n{describe(problems)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width} px wide on a phone"


def booth(event: Event, email: str, name_en: str, name_ja: str, label: str):
    owner = OwnerFactory(user__email=email, user__preferred_language="ja",
                         employer__name_en=name_en, employer__name_ja=name_ja)  # fmt: skip
    application = exhibitors.apply_for_booth(
        event=event, employer=owner.employer, by=owner.user, wants_booth=True,
        online_presentation=False, note="",
    )  # fmt: skip
    return exhibitors.approve_exhibitor(exhibitor=application, booth_label=label), owner.user


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_participant_books_a_booth_interview_on_a_phone(browser, live_server, language):
    day = (timezone.now().astimezone(TOKYO) + timedelta(days=21)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    fair = EventFactory(title_en="CLAIR JET Career Fair: Yokohama",
                        title_ja="CLAIR JETキャリアフェア（横浜）",
                        starts_at=day.replace(hour=13), ends_at=day.replace(hour=17),
                        booth_capacity=40)  # fmt: skip
    shinshu, recruiter = booth(fair, "hr@shinshu.example", "Shinshu Precision", "信州精密", "A1")
    kiso, kiso_recruiter = booth(fair, "hr@kiso.example", "Kiso Travel", "木曽トラベル", "B2")
    interviews.offer_slots(exhibitor=shinshu, starts_at=day.replace(hour=13),
                           ends_at=day.replace(hour=14), length_minutes=20, parallel=2,
                           by=recruiter)  # fmt: skip
    interviews.offer_slots(exhibitor=kiso, starts_at=day.replace(hour=14),
                           ends_at=day.replace(hour=15), length_minutes=30, parallel=1,
                           by=kiso_recruiter)  # fmt: skip
    emily = ProfileFactory(full_name="Emily Carter", user__email="emily@example.com",
                           user__preferred_language=language)  # fmt: skip
    participants.set_consent(profile=emily, share=True)
    registration = registrations.register(event=fair, profile=emily)
    interviews.invite(exhibitor=kiso, registration=registration, by=kiso_recruiter,
                      message="We would love to tell you about guiding in Kiso.")  # fmt: skip
    shinshu_name = "信州精密" if language == "ja" else "Shinshu Precision"
    kiso_name = "木曽トラベル" if language == "ja" else "Kiso Travel"

    context = browser.new_context(viewport=PHONE, locale=language, is_mobile=True,
                                  has_touch=True, accept_downloads=True)  # fmt: skip
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "emily@example.com")

    page.goto(f"{live_server.url}{fair.get_absolute_url()}#interviews")
    section = page.locator("#interviews")
    expect(section).to_be_visible()
    # The invitation comes first, with its message; then the other booth's open times.
    expect(section.locator("article").first).to_contain_text(kiso_name)
    expect(section).to_contain_text("We would love to tell you about guiding in Kiso.")
    expect(section).to_contain_text(shinshu_name)
    section.scroll_into_view_if_needed()
    checked(page, f"interview-slots-{language}")

    second = shinshu.interview_slots.order_by("starts_at")[1]  # 13:20–13:40
    page.locator(f"form[action$='/interviews/slots/{second.pk}/book/'] button").click()
    mine = page.locator("#my-interviews")
    expect(mine).to_contain_text(shinshu_name)
    expect(mine).to_contain_text("13:20–13:40")
    expect(page.locator(".messages")).to_be_visible()
    # One interview per booth: the booth's other times are gone.
    expect(page.locator(f"[data-booth='{shinshu.pk}'] form")).to_have_count(0)
    checked(page, f"interview-booked-{language}")
    booking = InterviewBooking.objects.get(registration=registration)
    assert (booking.slot_id, booking.status) == (second.pk, "booked")

    # The ticket shows the fair-day agenda.
    page.goto(live_server.url + registration.get_absolute_url())
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("13:00")
    expect(agenda).to_contain_text("13:20–13:40")
    expect(agenda).to_contain_text(shinshu_name)
    expect(agenda).to_contain_text("17:00")
    agenda.scroll_into_view_if_needed()
    checked(page, f"interview-agenda-{language}")

    with page.expect_download() as info:
        agenda.locator(f"a[href$='/interviews/{booking.pk}/interview.ics']").click()
    download = info.value
    assert download.suggested_filename == f"interview-{booking.pk}.ics"
    with open(download.path(), "rb") as handle:
        calendar = handle.read().decode()
    assert "BEGIN:VCALENDAR" in calendar
    assert "METHOD:PUBLISH" in calendar
    context.close()

    # The booth's member sees who booked, on a phone too.
    staff_context = browser.new_context(viewport=PHONE, locale="ja", is_mobile=True)
    staff_context.set_default_timeout(15_000)
    member = staff_context.new_page()
    member.base_url = live_server.url
    log_in(member, "hr@shinshu.example")
    member.goto(f"{live_server.url}/events/{fair.slug}/interviews/manage/")
    expect(member.locator(f"#slot-{second.pk}")).to_contain_text("Emily Carter")
    checked(member, f"interview-manage-{language}")
    staff_context.close()
