"""Events in the browser: register and see the QR ticket, cancel and promote the person
waiting, staff check in from the QR URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_wait_promote_and_check_in(page) -> None:
    event = EventFactory(title_en="CLAIR JET Career Fair: Osaka", capacity=1)
    emily = ProfileFactory(full_name="Emily Carter", user__email="emily@example.com")
    daniel = ProfileFactory(full_name="Daniel Okafor", user__email="daniel@example.com")
    StaffFactory(email="staff@clair.example")

    log_in(page, "emily@example.com", fresh=True)
    page.goto(page.base_url + event.get_absolute_url())
    screenshot(page, "event-detail")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered. Your ticket is below.")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot(page, "event-ticket-qr")

    log_in(page, "daniel@example.com", fresh=True)
    page.goto(page.base_url + event.get_absolute_url())
    page.get_by_role("button", name="Join the waiting list").click()
    expect(
        page.get_by_text("The event is full: you are number 1 on the waiting list.")
    ).to_be_visible()
    screenshot(page, "event-waitlisted")

    log_in(page, "emily@example.com", fresh=True)
    page.goto(page.base_url + "/events/mine/")
    page.get_by_role("link", name="Ticket").click()
    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Cancel my seat").click()  # the confirmation (issue #16)
    expect(page.get_by_text("Your registration has been cancelled.")).to_be_visible()

    log_in(page, "daniel@example.com", fresh=True)
    page.goto(page.base_url + "/events/mine/")
    expect(page.locator(".badge", has_text="Confirmed")).to_be_visible()
    page.get_by_role("link", name="Ticket").click()
    expect(page.locator(".qr svg")).to_be_visible()
    ticket = Registration.objects.get(participant=daniel, status="confirmed")

    # The fair day: check-in opens a few hours before the start (settings.CHECKIN_OPENS_BEFORE).
    start = timezone.now() + timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=4))
    log_in(page, "staff@clair.example", fresh=True)
    page.goto(page.base_url + f"/events/checkin/{ticket.ticket_token}/")
    expect(page.get_by_text("Daniel Okafor")).to_be_visible()
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Checked in. Welcome!")).to_be_visible()
    screenshot(page, "event-check-in")
    page.reload()
    expect(page.get_by_text("Already checked in.")).to_be_visible()
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is not None
    assert Registration.objects.get(participant=emily).status == "cancelled"
