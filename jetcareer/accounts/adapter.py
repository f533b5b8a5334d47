"""allauth adapter: the account type at sign-up, where people land, mail through the outbox."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from post_office import mail

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.account_type = data.get("account_type") or User.AccountType.PARTICIPANT
        user.preferred_language = data.get("preferred_language") or translation.get_language()
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return next_step_url(request.user) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return next_step_url(request.user) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        return next_step_url(email_address.user) or super().get_email_verification_redirect_url(
            email_address
        )

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue allauth's messages in the outbox instead of sending inside the request."""
        msg = self.render_mail(template_prefix, email, context)
        alternatives = getattr(msg, "alternatives", [])
        html = next((body for body, kind in alternatives if kind == "text/html"), None)
        mail.send(
            recipients=msg.to,
            sender=msg.from_email,
            subject=msg.subject,
            message=msg.body,
            html_message=html,
            priority="medium",
        )


def next_step_url(user: Any) -> str | None:
    """Send a new participant to the profile and a new employer to organisation registration."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    if user.is_participant and not hasattr(user, "participant_profile"):
        return reverse("participants:profile")
    if user.is_employer and not hasattr(user, "employer_membership"):
        return reverse("employers:register")
    return None
