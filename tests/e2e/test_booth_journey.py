"""A booth in the browser: a verified employer applies for a fair, CLAIR staff approve it in
admin, the fair's page lists the organisation, and the employer reads the résumé book, which
shows the registrant who consents and not the one who does not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.models import Exhibitor
from events.services import registrations
from participants import services as participants
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_page(browser, base_url: str):
    """Staff at another computer: a browser context of their own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    return page


def test_employer_applies_staff_approve_and_the_resume_book_opens(page, browser) -> None:
    fair = EventFactory(title_en="CLAIR JET Career Fair: Osaka", booth_capacity=40)
    OwnerFactory(
        user__email="hr@kiso-travel.example",
        employer__name_en="Kiso Travel",
        employer__name_ja="木曽トラベル",
    )
    StaffFactory(email="staff@clair.example")
    emily = ProfileFactory(full_name="Emily Carter", introduction="CIR in Nagano, N2.")
    participants.replace_cv(profile=emily, upload=pdf_upload("emily.pdf"))
    participants.set_consent(profile=emily, share=True)
    registrations.register(event=fair, profile=emily)
    daniel = ProfileFactory(full_name="Daniel Okafor")  # registered, but does not consent
    registrations.register(event=fair, profile=daniel)

    # The employer applies from its organisation's page.
    log_in(page, "hr@kiso-travel.example")
    page.goto(page.base_url + "/employers/mine/")
    page.get_by_role("link", name="Apply for a booth at an upcoming fair").click()
    expect(page.locator("#fairs")).to_contain_text("CLAIR JET Career Fair: Osaka")
    screenshot(page, "booth-fairs")
    page.get_by_role("link", name="Apply to exhibit").click()
    page.get_by_label("An online presentation").check()
    page.get_by_label("Note to CLAIR").fill("Two recruiters; we are hiring tour guides.")
    screenshot(page, "booth-apply-form")
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("CLAIR will review your application")
    expect(page.locator("#application .badge")).to_have_text("Applied")
    screenshot(page, "booth-applied")
    exhibitor = Exhibitor.objects.get()
    assert exhibitor.note == "Two recruiters; we are hiring tour guides."

    # CLAIR staff approve it in admin.
    admin = open_page(browser, page.base_url)
    log_in(admin, "staff@clair.example", next_path="/admin/events/exhibitor/")
    expect(admin).to_have_url(re.compile(r"/admin/events/exhibitor/$"))
    admin.locator(f"input[name=_selected_action][value='{exhibitor.pk}']").check()
    admin.locator("select[name=action]").select_option("approve_selected")
    screenshot(admin, "admin-booth-approve-action")
    admin.get_by_role("button", name="Go").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 exhibitor approved")
    screenshot(admin, "admin-booth-approved")
    admin.context.close()

    # The employer sees the approval; the fair's page lists the organisation.
    page.goto(page.base_url + "/employers/mine/")
    expect(page.locator("#exhibitions .badge")).to_have_text("Approved")
    screenshot(page, "booth-dashboard-approved")
    page.goto(page.base_url + fair.get_absolute_url())
    exhibitors = page.locator("section[aria-labelledby=exhibitors-title]")
    expect(exhibitors).to_contain_text("Kiso Travel")
    expect(exhibitors).to_contain_text("First time")
    screenshot(page, "booth-fair-exhibitors")

    # The résumé book: the consenting registrant only.
    page.goto(page.base_url + "/employers/mine/")
    page.locator("#exhibitions").get_by_role("link", name="Résumé book").click()
    book = page.locator("#resume-book")
    expect(book).to_contain_text("Emily Carter")
    expect(book).to_contain_text("CIR in Nagano, N2.")
    expect(book).not_to_contain_text("Daniel Okafor")
    expect(book.get_by_role("link", name="Download CV (PDF)")).to_have_count(1)
    screenshot(page, "booth-resume-book")
