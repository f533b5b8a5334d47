"""allauth adapter: the account type at sign-up, where people land, mail through the outbox."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from jetcareer.outbox.rendering import base_context, build_message, portal_site, render_parts
from jetcareer.outbox.services import recipient_language, store

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
