"""Account actions used outside the sign-up flow (demo data, staff tools, tests)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
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
