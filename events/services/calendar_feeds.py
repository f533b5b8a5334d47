"""Private calendar feeds: the secret address at which a participant's calendar app reads all
of their events."""

from __future__ import annotations

import uuid

from django.db import transaction

from participants.models import ParticipantProfile

from ..models import CalendarFeed


def feed_for(*, profile: ParticipantProfile) -> CalendarFeed:
    """The participant's feed, created with a fresh secret address on first use."""
    return CalendarFeed.objects.get_or_create(participant=profile)[0]


@transaction.atomic
def rotate_calendar_feed(*, profile: ParticipantProfile) -> CalendarFeed:
    """Give the participant's feed a new secret address and return it; the old address answers
    404 from now on, so whoever learnt it (a shared screen, a forwarded link) reads nothing
    more. Creates the feed if the participant had none."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(participant=profile)
    if not created:
        feed.token = uuid.uuid4()
        feed.save(update_fields=["token"])
    return feed
