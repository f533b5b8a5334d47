"""Account forms: allauth's sign-up plus the account type (fixed by an invitation link) and
the e-mail language; the language of a person's e-mails and the account type, changed later
from their account pages."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jetcareer.invitations import services as invitations

from .models import User


class SignupForm(AllauthSignupForm):
    account_type = forms.ChoiceField(
        label=_("I am signing up as"),
        choices=[
            (User.AccountType.PARTICIPANT, User.AccountType.PARTICIPANT.label),
            (User.AccountType.EMPLOYER, _("Employer (company or organisation)")),
        ],
        widget=forms.RadioSelect,
        initial=User.AccountType.PARTICIPANT,
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"),
        choices=settings.LANGUAGES,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language() or "en"
        # Show the choice of role first: it decides where the person goes next.
        order = ["account_type", "email", "password1", "password2", "preferred_language"]
        self.order_fields(order)
        self.invitation = self._invitation()
        if self.invitation is not None and self.invitation.kind.account_type:
            # A disabled field keeps its initial value whatever the browser sends.
            field = self.fields["account_type"]
            field.initial = self.invitation.kind.account_type
            field.disabled = True
            field.help_text = _(
                "You are signing up from an invitation to join %(name)s, which sets the type "
                "of account."
            ) % {"name": self.invitation.organisation.name}

    @staticmethod
    def _invitation() -> invitations.SignupInvitation | None:
        """The invitation whose link brought the person here: the page's `next` (the sign-up
        link of an invitation mail or page sets it, and the form posts it back)."""
        request = context.request  # allauth's request of the moment (AccountMiddleware)
        if request is None:
            return None
        next_path = request.POST.get("next") or request.GET.get("next")
        return invitations.signup_invitation(next_path=next_path)

    def save(self, request: Any) -> User:
        # The adapter's save_user copies account_type and preferred_language (see adapter.py).
        return super().save(request)


class EmailLanguageForm(forms.Form):
    """The language of the person's e-mails, one of the portal's languages."""

    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
