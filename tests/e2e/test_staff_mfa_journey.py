"""A new CLAIR staff member sets up an authenticator app before reaching admin, then logs in
with password and code (issue #13). On a phone-sized screen, in Japanese and in English."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from jetcareer.permissions import StaffGroup
from tests.accounts.factories import PASSWORD, StaffFactory, totp_code
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "sign_in": "Sign In",
        "confirm": "Confirm",
        "activate": "Activate",
        "warning": "Staff accounts need two-factor authentication",
        "admin": "Site administration",
    },
    "ja": {
        "sign_in": "ログイン",
        "confirm": "確認",
        "activate": "有効化",
        "warning": "スタッフのアカウントには多要素認証が必要です",
        "admin": "サイト管理",
    },
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_new_staff_set_up_the_authenticator_then_log_in_with_a_code(
    browser, live_server, staff_groups, language: str
) -> None:
    words = WORDS[language]
    staff = StaffFactory(
        email=f"desk-{language}@clair.example",
        is_superuser=False,
        mfa=False,
        preferred_language=language,
        groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)],
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()

    page.goto(live_server.url + "/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")

    # Admin is not reached: first the password once more, then the set-up page.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_text(words["warning"])).to_be_visible()
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    qr = page.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # drawn, not broken
    screenshot(page, f"staff-mfa-setup-{language}-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The secret, to type into an app by hand, is shown whole on a phone (tester: cut off).
    secret_box = page.locator("#authenticator_secret")
    secret = secret_box.inner_text().strip()
    assert len(secret) >= 16
    assert secret_box.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert secret_box.evaluate("e => e.getBoundingClientRect().right <= window.innerWidth")
    # The app's previous code (accepted within one step of clock drift), so that the current
    # one is still unused for the login below: a code counts once.
    previous = format_hotp_value(hotp_value(secret, int(time.time()) // 30 - 1))
    page.locator("#id_code").fill(previous)
    page.get_by_role("button", name=words["activate"]).click()
    # The recovery codes are shown once set up.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    screenshot(page, f"staff-mfa-recovery-codes-{language}-phone")

    page.goto(live_server.url + "/admin/")
    expect(page.get_by_text(words["admin"]).first).to_be_visible()

    # Next time: password, then the code from the app.
    context.clear_cookies()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    screenshot(page, f"staff-mfa-code-{language}-phone")
    page.locator("#id_code").fill(totp_code(staff))
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text(words["admin"]).first).to_be_visible()
    context.close()
