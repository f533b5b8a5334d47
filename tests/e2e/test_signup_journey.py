"""A visitor signs up, verifies the address from the outbox, logs in and switches language."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import outbox_for
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-2026"


def test_participant_signs_up_verifies_logs_in_and_switches_to_japanese(page) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(page.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your next career step after JET")
    screenshot(page, "home-en")

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("JET participant / alumni / job seeker").check()
    page.locator("#id_email").fill("hana@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    screenshot(page, "signup-verification-sent")

    [mail] = outbox_for("hana@example.com")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.message).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete your profile")

    page.locator("#account-menu").click()  # one menu for the person's pages and the account
    page.get_by_role("button", name="Log out").click()
    if page.get_by_role("button", name="Sign Out").count():  # allauth's confirmation page
        page.get_by_role("button", name="Sign Out").click()
    page.get_by_role("link", name="Log in").first.click()
    page.locator("#id_login").fill("hana@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete your profile")
    expect(page.locator("#account-menu")).to_have_text("My page")

    page.get_by_role("button", name="日本語").click()
    nav = page.get_by_role("navigation")
    expect(nav.locator("#account-menu")).to_have_text("マイページ")
    nav.locator("#account-menu").click()
    expect(nav.get_by_role("link", name="マイページ")).to_be_visible()
    expect(nav.get_by_role("button", name="ログアウト")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", level=1)).to_have_text("プロフィールの入力")
    screenshot(page, "profile-ja")

    page.get_by_role("link", name="ホーム").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JETの次のキャリアへ")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    screenshot(page, "home-ja")
