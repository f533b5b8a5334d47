"""Staff accounts use a second factor before they reach any staff page (issue #13, ASVS 2.2)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jetcareer.accounts.mfa import STAFF_FACTORS


class StaffMFAMiddleware:
    """Sends a signed-in staff account without an authenticator app to set one up.

    Only the pages needed to do that stay open: allauth's account and MFA pages (set-up,
    logout, password), language switching, health checks and static files. Everything else,
    admin included, answers with a redirect to the set-up page. Logging in with an
    authenticator then always asks for its code (allauth's login stage), and admin's own
    login form is replaced by allauth's (jetcareer/urls.py), so there is no door around it.
    """

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/health/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and not request.path_info.startswith(self.OPEN_PREFIXES)
            and not get_mfa_adapter().is_mfa_enabled(user, types=STAFF_FACTORS)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set up an authenticator "
                    "app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
