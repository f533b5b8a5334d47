"""Regional activities in the browser: a prefecture applies to CLAIR for a subsidy for its
career fair, staff approve it in admin with a message, the prefecture sees the approval and
puts the fair on the portal; and an alumnus proposes a JET Furusato Vision Project."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from regional.models import FurusatoProposal, SubsidyApplication
from tests.accounts.factories import StaffFactory, UserFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.participants.factories import ProfileFactory
from tests.regional.factories import AlumnusFactory, FurusatoCallFactory, HostMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_page(browser, base_url: str):
    """Staff at another computer: a browser context of their own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    return page


def test_prefecture_applies_staff_approve_and_the_fair_goes_on_the_portal(page, browser):
    HostMemberFactory(
        user=UserFactory(email="kokusai@pref.gunma.example"),
        host__slug="gunma-pref",
        host__prefecture="10",
        host__name_en="Gunma Prefecture",
        host__name_ja="群馬県",
    )
    StaffFactory(email="staff@clair.example")
    day = (timezone.localdate() + timedelta(days=90)).isoformat()

    # The prefecture's member applies from the organisation's page.
    log_in(page, "kokusai@pref.gunma.example", next_path="/regional/host/", fresh=True)
    expect(page.get_by_role("heading", name="Gunma Prefecture")).to_be_visible()
    page.get_by_role("link", name="Apply for a subsidy").click()
    page.get_by_label("Regional career fair").check()
    page.locator("#id_title_ja").fill("ぐんま合同企業説明会")
    page.locator("#id_title_en").fill("Gunma Career Fair")
    page.locator("#id_starts_on").fill(day)
    page.locator("#id_ends_on").fill(day)
    page.locator("#id_venue").fill("Takasaki Washington Hotel Plaza")
    page.locator("#id_city").fill("Takasaki")
    page.locator("#id_expected_participants").fill("120")
    page.locator("#id_expected_companies").fill("20")
    page.locator("#id_budget_yen").fill("1500000")
    page.locator("#id_requested_subsidy_yen").fill("2000000")  # more than the budget
    page.locator("#id_contact_name").fill("Suzuki Aya")
    page.locator("#id_contact_phone").fill("027-226-2000")
    page.locator("#id_contact_email").fill("kokusai@pref.gunma.example")
    page.get_by_role("button", name="Send to CLAIR").click()
    expect(
        page.get_by_text("The subsidy requested cannot be more than the total budget.", exact=True)
    ).to_be_visible()
    page.locator("#id_requested_subsidy_yen").fill("750000")
    screenshot(page, "regional-subsidy-form")
    page.get_by_role("button", name="Send to CLAIR").click()
    expect(page.locator(".badge", has_text="Submitted")).to_be_visible()
    screenshot(page, "regional-subsidy-submitted")
    application = SubsidyApplication.objects.get()

    # CLAIR staff approve it in admin, with a message for the prefecture.
    admin = open_page(browser, page.base_url)
    log_in(
        admin, "staff@clair.example", next_path="/admin/regional/subsidyapplication/", fresh=True
    )
    expect(admin).to_have_url(re.compile(r"/admin/regional/subsidyapplication/$"))
    admin.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Go").click()
    admin.locator("#id_message_en").fill("Approved: 750,000 yen. Please send the report after it.")
    screenshot(admin, "admin-regional-approve-message")
    admin.get_by_role("button", name="Approve and send").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 application updated")
    admin.context.close()

    # The member sees the approval and its message, and creates the event.
    page.goto(page.base_url + application.get_absolute_url())
    expect(page.locator("h1 + .badge")).to_have_text("Approved")
    expect(page.get_by_text("Please send the report after it.")).to_be_visible()
    screenshot(page, "regional-subsidy-approved")
    page.get_by_role("button", name="Create the event").click()
    expect(page.locator(".messages")).to_contain_text("created as an unpublished draft")
    expect(page.locator("h1 + .badge")).to_have_text("Draft")
    screenshot(page, "regional-event-draft")
    event = Event.objects.get()
    assert (event.organizer.slug, event.audience, event.is_published) == (
        "gunma-pref",
        "open",
        False,
    )

    # The member completes the draft and publishes it.
    page.locator("#id_description_en").fill("Meet 20 employers from Gunma.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages")).to_contain_text("The draft is saved.")
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("heading", name="Gunma Career Fair")).to_be_visible()
    screenshot(page, "regional-event-published")
    event.refresh_from_db()
    assert event.is_published
    assert event.description_en == "Meet 20 employers from Gunma."


def test_an_alumnus_proposes_a_furusato_project(page) -> None:
    call = FurusatoCallFactory(title_en="JET Furusato Vision Project 2027")
    AlumnusFactory(user__email="mia@example.com", full_name="Mia Thompson")
    ProfileFactory(user__email="emily@example.com", full_name="Emily Carter")  # current JET

    # A current participant is told the project is for alumni.
    log_in(page, "emily@example.com", next_path="/regional/furusato/", fresh=True)
    page.get_by_role("link", name="Propose a project").click()
    expect(page.get_by_role("alert")).to_contain_text("for JET alumni")
    screenshot(page, "furusato-not-alumni")

    log_in(page, "mia@example.com", next_path="/regional/furusato/", fresh=True)
    screenshot(page, "furusato-public")
    page.get_by_role("link", name="Propose a project").click()
    page.locator("#id_municipality").fill("Hamada")
    page.locator("#id_prefecture").select_option(label="Shimane")
    page.get_by_label("Tourism").check()
    page.locator("#id_plan").fill(
        "An Iwami kagura evening for foreign visitors and a tourism forum with local students."
    )
    schedule_a = page.locator("label[for=id_schedule_wanted_0]")
    expect(schedule_a).to_contain_text("Schedule A (Tue 26 October 2027 – Sun 31 October 2027)")
    schedule_a.click()
    page.locator("#id_bio").fill("ALT in Hamada 2012-2015; now at a hotel in Kobe.")
    screenshot(page, "furusato-proposal-form")
    page.get_by_role("button", name="Send my proposal").click()
    expect(page.locator(".messages")).to_contain_text("Your proposal is saved.")
    expect(page.locator(".alert-info")).to_contain_text("Your proposal: Submitted.")
    screenshot(page, "furusato-proposal-saved")
    proposal = FurusatoProposal.objects.get()
    assert (proposal.call, proposal.municipality, proposal.field, proposal.schedule_wanted) == (
        call,
        "Hamada",
        "tourism",
        "a",
    )
