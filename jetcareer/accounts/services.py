"""Account actions outside allauth's own flows: demo and test users, the e-mail language."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from .models import User


@transaction.atomic
def ensure_user(
    *,
    email: str,
    password: str,
    account_type: str = User.AccountType.PARTICIPANT,
    preferred_language: str = "en",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user with a verified primary address, or return the existing one unchanged."""
    email = email.lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            account_type=account_type,
            preferred_language=preferred_language,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def set_email_language(user: User, language: str) -> None:
    """Store the language the portal writes this person's e-mails in (User.preferred_language).

    This is the only place the choice changes after sign-up: the page-language switcher sets
    the language of the pages, not of the mail. `language` must be one of settings.LANGUAGES;
    anything else raises ValueError and leaves the account unchanged. Saving the language the
    account already has writes nothing.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language the portal offers: {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
