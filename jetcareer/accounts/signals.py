"""Account signals: language at login, a welcome e-mail once the address is verified."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from jetcareer.outbox.services import queue_mail


@receiver(user_logged_in, dispatch_uid="accounts.activate_language")
def activate_preferred_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """After login on a device where no page language was chosen yet, show the portal in the
    person's stored language. A page language chosen with the switcher stays (it is separate
    from the language of e-mails since issue #11)."""
    if request is None or not user.preferred_language:
        return
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language
    # LanguageCookieMiddleware stores it in the language cookie on the way out.
    request.set_language_cookie = user.preferred_language


@receiver(email_confirmed, dispatch_uid="accounts.welcome")
def send_welcome(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    """Welcome a new account once, in its own language, with its next step."""
    from .adapter import next_step_url

    user = email_address.user
    if not email_address.primary or user.emailaddress_set.filter(verified=True).count() > 1:
        return  # a changed address, not a new account
    next_url = settings.SITE_URL + (next_step_url(user) or "/")
    queue_mail(
        to=[email_address.email],
        template="welcome",
        context={"user": user, "next_url": next_url},
        language=user.preferred_language,
    )
