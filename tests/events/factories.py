"""Factories for events and registrations."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, HostOrganization, Registration
from tests.participants.factories import ProfileFactory


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOrganization
        django_get_or_create = ["slug"]

    slug = "clair"
    kind = HostOrganization.Kind.CLAIR
    name_en = "CLAIR"
    name_ja = "クレア"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.CAREER_FAIR
    format = Event.Format.IN_PERSON
    organizer = factory.SubFactory(HostFactory)
    title_en = factory.Sequence(lambda n: f"Career Fair {n}")
    title_ja = factory.Sequence(lambda n: f"キャリアフェア{n}")
    venue_en = "Herbis Hall"
    venue_ja = "ハービスHALL"
    city_en = "Osaka"
    city_ja = "大阪市"
    prefecture = "27"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=4))
    capacity = 100
    booth_capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda e: e.starts_at - timedelta(days=1))
    audience = Event.Audience.ALL_JET
    is_published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    participant = factory.SubFactory(ProfileFactory)
    status = Registration.Status.CONFIRMED
