"""The host's own events: a member completes the draft event an approved application became
(subsidies.create_activity) and publishes it; after that, CLAIR changes it (events admin)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from .errors import RegionalError
from .members import refuse_unless_member

HOST_EVENT_FIELDS = (
    "title_en",
    "title_ja",
    "description_en",
    "description_ja",
    "venue_en",
    "venue_ja",
    "city_en",
    "city_ja",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
)


def _lock_host_event(event: Event, by: Any) -> Event:
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("organizer").get(pk=event.pk)
    )
    refuse_unless_member(by, event.organizer)
    if event.is_published:
        # Registrants rely on a published event: later changes go through CLAIR, which
        # tells them (events admin).
        raise RegionalError(
            _("This event is published. Please ask CLAIR to change it, so registrants are told.")
        )
    if event.is_cancelled:
        raise RegionalError(_("This event has been cancelled."))
    return event


@transaction.atomic
def update_host_event(*, event: Event, by: Any, data: Mapping[str, Any]) -> Event:
    """A member completes the draft of one of the host's events before publishing it."""
    unknown = set(data) - set(HOST_EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected event fields: {sorted(unknown)}")
    event = _lock_host_event(event, by)
    for name, value in data.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if not (event.title_en or event.title_ja):
        raise RegionalError(_("Give the event a title."))
    if event.ends_at <= event.starts_at:
        raise RegionalError(_("The event must end after it starts."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise RegionalError(_("Registration must close after it opens."))
    if closes and closes > event.ends_at:
        raise RegionalError(_("Registration must close by the end of the event."))
    event._change_reason = "Draft completed by the host"  # simple_history
    event.save()
    return event


@transaction.atomic
def publish_host_event(*, event: Event, by: Any) -> Event:
    """Publish a draft event of the host: it appears in the list and registration opens."""
    event = _lock_host_event(event, by)
    if event.ends_at <= timezone.now():
        raise RegionalError(_("This event is over; it cannot be published."))
    event.is_published = True
    event._change_reason = "Published by the host"  # simple_history
    event.save(update_fields=["is_published"])
    return event
