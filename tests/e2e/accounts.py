"""Logging in through the real login form, with the authenticator code where the account has
one (every staff account: issue #13)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD, totp_code


def log_in(
    page, email: str, password: str = PASSWORD, next_path: str = "", fresh: bool = False
) -> None:
    """Sign in as `email` (fresh: with no cookies of an earlier login, or language choice)."""
    if fresh:
        page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    user = User.objects.filter(email=email).first()
    has_app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if user is not None and has_app and "/2fa/authenticate/" in page.url:
        page.locator("#id_code").fill(totp_code(user))
        page.locator("#id_code").press("Enter")
        page.wait_for_load_state()
