"""An attendee answers the survey from the e-mail link; staff read the fiscal-year report in
Japanese with its charts."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from post_office.models import Email

from events.services import registrations
from surveys import services as surveys
from surveys.models import Response
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_attendee_answers_from_the_mail_link(page) -> None:
    event = EventFactory(title_en="CLAIR JET Career Fair: Osaka",
                         starts_at=timezone.now() + timedelta(days=2))  # fmt: skip
    emily = ProfileFactory(user__email="emily@example.com")
    registrations.check_in(registration=registrations.register(event=event, profile=emily),
                           now=event.starts_at)  # fmt: skip
    event.starts_at = timezone.now() - timedelta(days=1)
    event.ends_at = event.starts_at + timedelta(hours=4)
    event.save()
    surveys.open_event_surveys(event=event)
    body = Email.objects.filter(to="emily@example.com", subject__contains="survey").get().message
    link = re.search(r"https?://\S+/surveys/\S+/", body).group(0)
    path = "/" + link.split("/", 3)[3]

    page.goto(page.base_url + path)  # no login: the signed link opens this survey
    page.get_by_label("Very satisfied").check()
    page.locator("input[name=usefulness][value='5']").check()
    page.locator("#id_comments").fill("Met three companies in tourism.")
    screenshot(page, "survey-answer")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you for your answer.")).to_be_visible()
    assert Response.objects.get().satisfaction == 5


def test_staff_read_the_fiscal_year_report_in_japanese(page) -> None:
    call_command("load_demo", stdout=StringIO())
    StaffFactory(email="reports@clair.example")
    log_in(page, "reports@clair.example", fresh=True)
    page.get_by_role("button", name="日本語").click()
    page.goto(page.base_url + "/reports/fy/2017/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017")
    expect(page.locator("table").first).to_contain_text("143")
    expect(page.locator("table").first).to_contain_text("96%")
    # Chart.js drew into both canvases.
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))"
    )
    screenshot(page, "report-fy2017-ja")
