"""Factories for accounts: verified users of each type."""

from __future__ import annotations

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from jetcareer.accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    account_type = User.AccountType.PARTICIPANT
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class EmployerUserFactory(UserFactory):
    account_type = User.AccountType.EMPLOYER


class StaffFactory(UserFactory):
    """A CLAIR administrator (superuser) who has set up an authenticator app, as every staff
    account must (issue #13); `mfa=False` for one who has not yet. `groups=[...]` and
    `is_superuser=False` give a staff member with only some duties."""

    account_type = User.AccountType.STAFF
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            TOTP.activate(self, generate_totp_secret())

    @factory.post_generation
    def groups(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.set(extracted)


def totp_code(user: User) -> str:
    """The code the user's authenticator app shows now (for logging in through the form)."""
    from allauth.mfa.models import Authenticator

    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
