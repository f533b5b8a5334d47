"""Factories for announcements and inquiries."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from portal.models import Announcement, Division, Inquiry, Topic


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A published announcement for current participants, an hour old."""

    class Meta:
        model = Announcement

    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    title_ja = factory.Sequence(lambda n: f"お知らせ{n}")
    body_en = "Registration for the career fair opens next week."
    body_ja = "キャリアフェアの参加登録は来週から始まります。"
    for_current = True
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(is_published=False, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = "Emily Carter"
    email = factory.Sequence(lambda n: f"sender{n}@example.com")
    topic = Topic.INTERNSHIPS
    division = Division.COORDINATION
    message = "Can I apply for the internship in my second year?"
    language = "en"
