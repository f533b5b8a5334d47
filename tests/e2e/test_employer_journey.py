"""Employer journeys in a real browser: register a Japanese-only organisation and have CLAIR
staff verify it from its admin page; invite a colleague who signs up from the e-mailed link (an
employer account, whatever they would choose) and joins the team."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from employers import services
from employers.models import Employer, Invitation
from tests.accounts.factories import EmployerUserFactory, StaffFactory, UserFactory
from tests.conftest import outbox_for
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-passphrase-2026"
INVITATION_PATH = re.compile(r"/employers/invitations/[^/\s]+/")


def open_page(browser, base_url: str):
    """A second person at another computer: a browser context of their own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    return page


def test_employer_registers_and_staff_verify_it_in_admin(page, browser) -> None:
    # A Japanese-speaking employer: after login the portal speaks Japanese. The assertions use
    # the organisation's names and the status labels, so they hold in either language.
    EmployerUserFactory(email="hr@shinshu-seimitsu.example", preferred_language="ja")
    StaffFactory(email="staff@clair.example")

    log_in(page, "hr@shinshu-seimitsu.example")
    expect(page).to_have_url(re.compile(r"/employers/register/$"))
    page.locator("#id_name_ja").fill("株式会社信州精密")
    page.locator("#id_name_kana").fill("しんしゅうせいみつ")  # hiragana, stored in katakana
    page.locator("#id_corporate_number").fill("２０１０００５０１８８１１")  # full-width
    page.locator("#id_industry").select_option("manufacturing")
    page.locator("#id_prefecture").select_option("20")
    page.locator("#id_size").select_option("50-299")
    page.locator("#id_website").fill("https://shinshu-seimitsu.example")
    page.locator("#id_description_ja").fill("長野県松本市の精密部品メーカーです。")
    page.locator("#id_description_en").fill("A maker of precision parts in Matsumoto, Nagano.")
    page.locator("#id_contact_name").fill("田中 健二")
    page.locator("#id_contact_phone").fill("０２６３－１２－３４５６")  # full-width, as typed
    screenshot(page, "employer-register-form")
    page.locator("input[type=submit][name=submit]").click()

    expect(page).to_have_url(re.compile(r"/employers/mine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("株式会社信州精密")
    expect(page.locator(".badge").first).to_have_text("確認待ち")  # "Pending verification"
    screenshot(page, "employer-dashboard-pending")
    employer = Employer.objects.get()
    assert employer.contact_phone == "0263-12-3456"
    assert (employer.name_en, employer.name_kana, employer.corporate_number) == (
        "",
        "シンシュウセイミツ",
        "2010005018811",
    )

    # Staff verify it from the employer's own admin page; the button asks first.
    admin = open_page(browser, page.base_url)
    change_path = f"/admin/employers/employer/{employer.pk}/change/"
    log_in(admin, "staff@clair.example", next_path=change_path)
    expect(admin).to_have_url(re.compile(re.escape(change_path) + "$"))
    screenshot(admin, "admin-employer-page-buttons")
    admin.get_by_role("button", name="Verify (e-mails the members)").click()
    expect(admin.locator("#content")).to_contain_text("1 member will be told by e-mail")
    screenshot(admin, "admin-verify-confirmation")
    admin.get_by_role("button", name="Verify and e-mail the members").click()
    expect(admin).to_have_url(re.compile(re.escape(change_path) + "$"))
    expect(admin.locator(".messagelist")).to_contain_text("1 employer verified")
    screenshot(admin, "admin-employer-verified")
    admin.context.close()

    page.reload()
    expect(page.locator(".badge").first).to_have_text("確認済み")  # "Verified"
    screenshot(page, "employer-dashboard-verified")
    [_, verified_mail] = outbox_for("hr@shinshu-seimitsu.example")
    assert "株式会社信州精密" in verified_mail.subject

    page.goto(page.base_url + employer.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("株式会社信州精密")
    screenshot(page, "employer-public-page")

    # The next working day: logging in lands on the organisation's dashboard.
    log_in(page, "hr@shinshu-seimitsu.example", fresh=True)
    expect(page).to_have_url(re.compile(r"/employers/mine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("株式会社信州精密")


def test_owner_invites_a_colleague_who_signs_up_and_joins(page, browser) -> None:
    owner = OwnerFactory(
        user__email="owner@kiso-travel.example",
        employer__name_en="Kiso Travel",
        employer__name_ja="木曽トラベル",
    ).user

    log_in(page, owner.email)
    page.goto(page.base_url + "/employers/mine/")
    page.locator("form[action$='/employers/mine/invite/'] #id_email").fill(
        "mai@kiso-travel.example"
    )
    page.locator("form[action$='/employers/mine/invite/'] button[type=submit]").click()
    expect(page.locator("#invitations")).to_contain_text("mai@kiso-travel.example")
    screenshot(page, "employer-invitation-sent")

    [mail] = outbox_for("mai@kiso-travel.example")
    invitation_path = INVITATION_PATH.search(mail.message).group(0)

    colleague = open_page(browser, page.base_url)
    colleague.goto(colleague.base_url + invitation_path)
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Join Kiso Travel")
    screenshot(colleague, "employer-invitation-anonymous")

    colleague.get_by_role("link", name="Sign up as an employer").click()
    expect(colleague.locator("#id_email")).to_have_value("mai@kiso-travel.example")
    # The invitation fixes the type of account: employer, chosen and not changeable.
    employer_choice = colleague.get_by_label("Employer (company or organisation)")
    expect(employer_choice).to_be_checked()
    expect(employer_choice).to_be_disabled()
    expect(colleague.locator("form[action$='/accounts/signup/']")).to_contain_text(
        "invitation to join Kiso Travel"
    )
    screenshot(colleague, "employer-invitation-signup")
    colleague.locator("#id_password1").fill(NEW_PASSWORD)
    colleague.locator("#id_password2").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Sign Up").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    confirm = next(m for m in outbox_for("mai@kiso-travel.example") if "confirm-email" in m.message)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirm.message).group(0)
    colleague.goto(link)
    colleague.get_by_role("button", name="Confirm").click()
    # allauth keeps the sign-up's `next` through the e-mail confirmation in the same browser.
    expect(colleague).to_have_url(re.compile(re.escape(invitation_path) + "$"))
    screenshot(colleague, "employer-invitation-logged-in")

    colleague.get_by_role("button", name="Join Kiso Travel").click()
    expect(colleague).to_have_url(re.compile(r"/employers/mine/$"))
    expect(colleague.locator(".messages")).to_contain_text("Welcome to the team.")
    expect(colleague.locator("#team")).to_contain_text("mai@kiso-travel.example")
    expect(colleague.locator("#team")).to_contain_text("owner@kiso-travel.example")
    screenshot(colleague, "employer-colleague-joined")
    colleague.context.close()

    page.reload()
    expect(page.locator("#team")).to_contain_text("mai@kiso-travel.example")
    expect(page.locator("#invitations")).to_have_count(0)
    assert Invitation.objects.get().accepted_at is not None
    screenshot(page, "employer-team-with-colleague")

    # The owner hands over ownership; the second click confirms.
    page.locator("#team summary", has_text="Make owner").click()
    screenshot(page, "employer-transfer-ownership-confirm")
    page.get_by_role("button", name="Make mai@kiso-travel.example the owner").click()
    expect(page.locator("#team li", has_text="mai@kiso-travel.example")).to_contain_text("Owner")
    expect(page.locator("form[action$='/employers/mine/invite/']")).to_have_count(0)


def test_an_invitee_who_signed_up_as_a_participant_changes_the_type_and_joins(page) -> None:
    # Before invitations fixed the account type, Kenji signed up as a participant and was
    # stuck: now he changes the type from the invitation page and joins.
    owner = OwnerFactory(employer__name_en="Kiso Travel", employer__name_ja="木曽トラベル")
    invitation = Invitation.objects.create(
        employer=owner.employer, email="kenji@kiso-travel.example", invited_by=owner.user
    )
    UserFactory(email="kenji@kiso-travel.example", preferred_language="ja")
    path = reverse("employers:accept_invitation", args=[services.invitation_token(invitation)])

    log_in(page, "kenji@kiso-travel.example", next_path=path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.locator(".alert-danger")).to_be_visible()  # only employer accounts can join
    screenshot(page, "invitation-participant-refused")

    page.locator("#change-account-type a").click()
    expect(page).to_have_url(re.compile(r"/accounts/account-type/\?next="))
    screenshot(page, "account-type-change")
    page.locator("form[action$='/accounts/account-type/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    page.locator("form[method=post] button.btn-primary").last.click()
    expect(page).to_have_url(re.compile(r"/employers/mine/$"))
    expect(page.locator("#team")).to_contain_text("kenji@kiso-travel.example")
    screenshot(page, "invitation-joined-after-type-change")
