"""Factories for employers and their members."""

from __future__ import annotations

import factory

from employers.models import Employer, Invitation, Membership
from jetcareer.choices import Industry, Prefecture
from tests.accounts.factories import EmployerUserFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name_en = factory.Sequence(lambda n: f"Employer {n} Co., Ltd.")
    name_ja = factory.Sequence(lambda n: f"株式会社エンプロイヤー{n}")
    slug = factory.Sequence(lambda n: f"employer-{n}")
    industry = Industry.IT
    prefecture = Prefecture.TOKYO
    size = Employer.Size.MEDIUM
    website = "https://www.example.co.jp"
    description_en = "We build things."
    description_ja = "ものづくりの会社です。"
    contact_name = "Sato Hanako"
    contact_phone = "03-1234-5678"
    status = Employer.Status.VERIFIED

    class Params:
        pending = factory.Trait(status=Employer.Status.PENDING)
        rejected = factory.Trait(
            status=Employer.Status.REJECTED, status_reason_en="We could not reach you."
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(EmployerUserFactory)
    employer = factory.SubFactory(EmployerFactory)
    role = Membership.Role.MEMBER


class OwnerFactory(MembershipFactory):
    role = Membership.Role.OWNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    employer = factory.SubFactory(EmployerFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.co.jp")
    invited_by = None
