"""The counts the database keeps on each event (Event.COUNT_FIELDS) follow the registrations
through every door, and the pages, the admin list and the report read them (issue #14)."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import registrations as svc
from reports import figures
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def stored(event: Event) -> dict[str, int]:
    event.refresh_from_db()
    return {name: getattr(event, name) for name in Event.COUNT_FIELDS}


def counted(event: Event) -> dict[str, int]:
    confirmed = Q(status=Registration.Status.CONFIRMED)
    came = confirmed & Q(checked_in_at__isnull=False)
    return Registration.objects.filter(event=event).aggregate(
        confirmed_count=Count("pk", filter=confirmed),
        waitlisted_count=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        checked_in_count=Count("pk", filter=came),
        jet_confirmed_count=Count("pk", filter=confirmed & Q(is_jet=True)),
        jet_checked_in_count=Count("pk", filter=came & Q(is_jet=True)),
    )


def test_counts_follow_services_factories_bulk_updates_and_deletes() -> None:
    event = EventFactory(capacity=2, audience=Event.Audience.OPEN)
    first = svc.register(event=event, profile=ProfileFactory())
    svc.register(event=event, profile=ProfileFactory(status="other", position=""))
    waiting = svc.register(event=event, profile=ProfileFactory())
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)  # a raw insert
    svc.check_in(registration=first, now=event.starts_at)  # on the day
    assert stored(event) == counted(event) == {
        "confirmed_count": 2, "waitlisted_count": 2, "checked_in_count": 1,
        "jet_confirmed_count": 1, "jet_checked_in_count": 1,
    }  # fmt: skip

    Registration.objects.filter(pk=waiting.pk).delete()
    assert stored(event) == counted(event)
    # One statement for the whole event (cancel_event's door): the counts follow.
    Registration.objects.filter(event=event, checked_in_at__isnull=True).update(
        status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    assert stored(event) == counted(event)
    assert stored(event)["confirmed_count"] == 1


def test_saving_a_stale_copy_of_the_event_keeps_the_counts() -> None:
    """The admin's form and a history revert save an Event loaded before registrations came:
    that save must not write its old counts back."""
    event = EventFactory(capacity=10)
    stale = Event.objects.get(pk=event.pk)
    for _ in range(3):
        svc.register(event=event, profile=ProfileFactory())
    stale.title_en = "Renamed fair"
    stale.save()
    assert stored(event)["confirmed_count"] == 3
    assert event.title_en == "Renamed fair"


def test_jet_counts_keep_the_status_of_the_moment_of_registering() -> None:
    """A published figure does not move when a person's status changes later."""
    event = EventFactory(format=Event.Format.ONLINE)
    person = ProfileFactory(status="current")
    svc.register(event=event, profile=person)
    person.status, person.position = "other", ""
    person.save()
    [row] = figures.for_events([Event.objects.get(pk=event.pk)])
    assert (row.registered, row.attended, row.jet_attended) == (1, 1, 1)


def test_admin_event_list_reads_the_stored_counts(client, staff) -> None:
    event = EventFactory(title_en="Counted Fair")
    for _ in range(2):
        svc.register(event=event, profile=ProfileFactory())
    client.force_login(staff)
    url = reverse("admin:events_event_changelist")
    client.get(url)
    response = client.get(url)
    [row] = response.context["cl"].result_list
    assert "events_registration" not in str(response.context["cl"].queryset.query)
    assert (row.confirmed_count, row.waitlisted_count) == (2, 0)
