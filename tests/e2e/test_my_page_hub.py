"""My page as the participant's hub (issue #16) on a phone: every section fits 390 px in both
languages, the waiting-list number shows, and "Copy" puts the calendar address on the
clipboard (a static script: the Content Security Policy allows no inline one)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import ConsultationSlot, Event
from events.services import registrations
from surveys.models import Invitation, Survey
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory, RegistrationFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def busy_participant() -> str:
    """A participant with a row in every section of my page; returns the e-mail address."""
    me = ProfileFactory(user__email="emily@example.com", full_name="Emily Carter")
    registrations.register(
        event=EventFactory(
            title_en="Tokyo Career Fair for JET Participants and Alumni",
            title_ja="JET参加者・経験者のための東京キャリアフェア",
        ),
        profile=me,
    )
    full = EventFactory(title_en="Osaka Fair", title_ja="大阪フェア", capacity=1)
    registrations.register(event=full, profile=ProfileFactory())
    registrations.register(event=full, profile=me)
    start = timezone.now() - timedelta(days=20)
    past = EventFactory(title_en="Sendai Fair", starts_at=start, ends_at=start + timedelta(hours=4))
    RegistrationFactory(event=past, participant=me)
    evening = EventFactory(kind=Event.Kind.NETWORKING, title_en="Alumni Evening")
    registrations.register(event=evening, profile=me)
    ConsultationSlot.objects.create(
        event=evening,
        advisor=ProfileFactory(status="alumni", is_advisor=True, full_name="Carol Advisor"),
        field="tourism",
        starts_at=evening.starts_at,
        ends_at=evening.starts_at + timedelta(minutes=30),
        booked_by=me,
    )
    programme = ProgrammeFactory(
        response_deadline=timezone.now() + timedelta(days=5), title_en="Summer Internships"
    )
    application = ApplicationFactory(participant=me, programme=programme)
    published_offer(PositionFactory(programme=programme), application)
    survey = Survey.objects.create(
        kind=Survey.Kind.ATTENDEE, event=past, closes_at=timezone.now() + timedelta(days=10)
    )
    Invitation.objects.create(survey=survey, user=me.user)
    return me.user.email


def test_my_page_fits_a_phone_and_copies_the_calendar_address(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, busy_participant())
    for language in ("ja", "en"):
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(live_server.url + "/participants/me/")
        for section in ("upcoming", "consultations", "applications", "surveys", "past"):
            expect(page.locator(f"#{section}")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{language}: the page is {width} px wide"
        screenshot(page, f"my-page-hub-390-{language}")
        if language == "ja":
            expect(page.locator("#upcoming")).to_contain_text("キャンセル待ちの1番目です。")

    copy = page.get_by_role("button", name="Copy", exact=True)
    expect(copy).to_be_visible()  # shown by the script, which the policy let run
    copy.click()
    expect(page.locator("#calendar-copy-status")).to_have_text("Copied.")
    address = page.locator("#calendar-feed-url").input_value()
    assert address.endswith(".ics")
    assert page.evaluate("navigator.clipboard.readText()") == address
    context.close()
