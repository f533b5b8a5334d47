"""The menu fits (issue #16): for every role and both languages, at 1200 and 1280 px the
document is no wider than the window and each menu entry stays on one line (「ログアウト」 was
set one character per line), and at 390 px nothing is wider than the phone."""

from __future__ import annotations

import pytest

from tests.accounts.factories import StaffFactory, UserFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [1200, 1280, 390]


def people() -> dict[str, str | None]:
    return {
        "anonymous": None,
        "participant": ProfileFactory(user__email="emily@example.com").user.email,
        "employer": OwnerFactory(user__email="hr@kiso.example").user.email,
        "staff": StaffFactory(email="tanaka@clair.example").email,
        "new account": UserFactory(email="new@example.com").email,  # no profile yet
    }


def measure(page) -> dict:
    return page.evaluate(
        """() => ({
            document: document.documentElement.scrollWidth,
            window: window.innerWidth,
            tallest: Math.max(...[...document.querySelectorAll(
                '.navbar .nav-link, .navbar .navbar-brand, .navbar .btn')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.getBoundingClientRect().height)),
        })"""
    )


def test_the_menu_fits_for_every_role_language_and_width(browser, live_server) -> None:
    too_wide = []
    for role, email in people().items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = live_server.url
        if email:
            log_in(page, email)
        for language in ("ja", "en"):
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(live_server.url + "/events/")
                figures = measure(page)
                # One line: a nav link is about 40 px high; two lines would be 64 or more.
                if figures["document"] > figures["window"] or figures["tallest"] > 48:
                    too_wide.append((role, language, width, figures))
                    screenshot(page, f"navbar-{role}-{language}-{width}".replace(" ", "-"))
        context.close()
    assert too_wide == []
