"""Factories for regional activities: host members, subsidy applications, Furusato calls."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from events.models import HostOrganization
from participants.models import ParticipantProfile
from regional.models import (
    FurusatoCall,
    FurusatoProposal,
    HostMembership,
    ResultReport,
    SubsidyApplication,
)
from tests.accounts.factories import UserFactory
from tests.participants.factories import ProfileFactory


class PrefectureHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOrganization
        django_get_or_create = ["slug"]

    slug = "nagano-pref"
    kind = HostOrganization.Kind.PREFECTURE
    prefecture = "20"
    name_en = "Nagano Prefecture"
    name_ja = "長野県"


class HostMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostMembership

    user = factory.SubFactory(UserFactory)
    host = factory.SubFactory(PrefectureHostFactory)


def in_days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


class SubsidyApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubsidyApplication

    host = factory.SubFactory(PrefectureHostFactory)
    kind = SubsidyApplication.Kind.CAREER_FAIR
    title_en = factory.Sequence(lambda n: f"Nagano Career Fair {n}")
    title_ja = factory.Sequence(lambda n: f"長野県合同企業説明会{n}")
    starts_on = factory.LazyFunction(lambda: in_days(60))
    ends_on = factory.LazyAttribute(lambda a: a.starts_on)
    venue = "Shinshu Science & Technology Center"
    city = "Ueda"
    expected_participants = 100
    expected_companies = 30
    budget_yen = 2_000_000
    requested_subsidy_yen = 1_000_000
    contact_name = "Kobayashi Emi"
    contact_phone = "026-235-7000"
    contact_email = "kokusai@pref.nagano.example"
    status = SubsidyApplication.Status.SUBMITTED


class ResultReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultReport

    application = factory.SubFactory(
        SubsidyApplicationFactory,
        status=SubsidyApplication.Status.APPROVED,
        starts_on=factory.LazyFunction(lambda: in_days(-10)),
    )
    held_on = factory.LazyAttribute(lambda r: r.application.starts_on)
    participants = 35
    jet_participants = 10
    companies = 32


class FurusatoCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FurusatoCall

    year = 2027
    slug = factory.Sequence(lambda n: f"furusato-{n}")
    title_en = "JET Furusato Vision Project 2027"
    title_ja = "JETふるさとビジョンプロジェクト2027"
    description_en = "Return to your furusato in Japan."
    description_ja = "日本のふるさとへ。"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    schedule_a_starts_on = date(2027, 10, 26)
    schedule_a_ends_on = date(2027, 10, 31)
    schedule_b_starts_on = date(2027, 11, 6)
    schedule_b_ends_on = date(2027, 11, 11)
    is_open = True


class AlumnusFactory(ProfileFactory):
    status = ParticipantProfile.Status.ALUMNI
    jet_start_date = date(2012, 8, 1)
    term_end_date = date(2015, 7, 31)
    prefecture = "32"
    contracting_organization = "Hamada City"


PROPOSAL = {
    "municipality": "Hamada",
    "prefecture": "32",
    "field": FurusatoProposal.Field.TOURISM,
    "plan": "An Iwami kagura evening and a tourism forum with local students.",
    "schedule_wanted": FurusatoProposal.ScheduleWanted.A,
    "bio": "ALT in Hamada 2012-2015; now at a hotel in Kobe.",
}


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FurusatoProposal

    call = factory.SubFactory(FurusatoCallFactory)
    proposer = factory.SubFactory(AlumnusFactory)
    municipality = PROPOSAL["municipality"]
    prefecture = PROPOSAL["prefecture"]
    field = PROPOSAL["field"]
    plan = PROPOSAL["plan"]
    schedule_wanted = PROPOSAL["schedule_wanted"]
    bio = PROPOSAL["bio"]
