"""allauth adapter: the account type at sign-up, where people land, mail through the outbox."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from jetcareer.outbox.rendering import base_context, build_message, portal_site, render_parts
from jetcareer.outbox.services import recipient_language, store
from jetcareer.web.redirects import is_site_address

from .email_addresses import validate_length
from .models import User

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address: the one address every rate limit of the portal counts (the
    login, sign-up and password limits through `AccountAdapter`, and the contact form).

    Behind `ALLAUTH_TRUSTED_PROXY_COUNT` proxies (env `TRUSTED_PROXY_COUNT`) allauth takes that
    many places from the right of X-Forwarded-For: the address the outermost trusted proxy saw,
    so an address the visitor writes into the header itself is never read. With no trusted
    proxy it is REMOTE_ADDR. A chain shorter than the proxy count means the request bypassed a
    proxy; allauth raises ImproperlyConfigured (a 500) there, we count the peer that connected.
    Raises PermissionDenied (403) when no valid address can be read, as allauth does.
    """
    try:
        return DefaultAccountAdapter(request).get_client_ip(request)
    except ImproperlyConfigured:
        logger.warning(
            "X-Forwarded-For has fewer addresses than TRUSTED_PROXY_COUNT; counting REMOTE_ADDR."
        )
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        raise PermissionDenied("Unable to determine client IP address") from None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits count the address `client_ip` reads."""
        return client_ip(request)

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.account_type = data.get("account_type") or User.AccountType.PARTICIPANT
        user.preferred_language = data.get("preferred_language") or translation.get_language()
        if commit:
            user.save()
        return user

    def clean_email(self, email: str) -> str:
        """allauth's hook for every address typed into its forms (sign-up, another address,
        password reset): the length limits of email_addresses, with their message."""
        validate_length(email)
        return super().clean_email(email)

    def is_safe_url(self, url: str) -> bool:
        """allauth's test of a `next` (log in, sign up, log out), with the rule of the portal's
        own pages (jetcareer.web.redirects): a path from the root or an address of this site,
        never a relative path."""
        return is_site_address(url) and super().is_safe_url(url)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Where a login lands when no `next` was given (allauth prefers an explicit one)."""
        return landing_url(request.user) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return next_step_url(request.user) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        return landing_url(email_address.user) or super().get_email_verification_redirect_url(
            email_address
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message in the recipient's stored language and store it in the
        outbox (a worker delivers it after commit)."""
        language = recipient_language(email, context.get("user"))
        with translation.override(language):
            ctx = {**base_context(language), "email": email, **context}
            message = self.render_mail(template_prefix, email, ctx)
        store(message)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """allauth's templates through the outbox's rendering: subject and text unescaped, the
        HTML part only where a template for it exists."""
        parts = render_parts(
            subject=f"{template_prefix}_subject.txt",
            text=f"{template_prefix}_message.txt",
            html=f"{template_prefix}_message.html",
            context=context,
        )
        return build_message(
            to=[email] if isinstance(email, str) else list(email),
            subject=self.format_email_subject(parts.subject),
            text=parts.text,
            html=parts.html,
            headers=headers,
        )

    def format_email_subject(self, subject: str) -> str:
        """The portal's name in the reader's language before allauth's subjects."""
        return f"[{portal_site().name}] {subject}"


def next_step_url(user: Any) -> str | None:
    """Send a new participant to the profile and a new employer to organisation registration."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    if user.is_participant and not hasattr(user, "participant_profile"):
        return reverse("participants:profile")
    if user.is_employer and not hasattr(user, "employer_membership"):
        return reverse("employers:register")
    return None


def landing_url(user: Any) -> str | None:
    """Where a person lands after logging in: the next step of a new account, else an employer
    member's organisation dashboard (the page of their daily work). None for the others, who
    land on LOGIN_REDIRECT_URL (the home page)."""
    step = next_step_url(user)
    if step is not None:
        return step
    if getattr(user, "is_authenticated", False) and not user.is_staff and user.is_employer:
        return reverse("employers:dashboard")
    return None
