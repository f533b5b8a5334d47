"""Factories for accounts: verified users of each type."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

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
    account_type = User.AccountType.STAFF
    is_staff = True
    is_superuser = True
