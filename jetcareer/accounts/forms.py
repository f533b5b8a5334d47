"""Account forms: allauth's sign-up plus the account type and the e-mail language; the
language of a person's e-mails, changed later from their account pages."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
