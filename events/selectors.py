"""Reads shared by several event pages, each a fixed number of queries however many rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from jetcareer.cache import content_changed, content_version
from participants.models import ParticipantProfile

from .models import Event, Exhibitor, Registration

LIST_CONTENT = "events"  # the name of the cached lists' version (jetcareer.cache)
EXHIBITORS_CONTENT = "exhibitors"  # the version of the fairs' cached exhibitor lists


def event_list() -> QuerySet[Event]:
    """Published events in start order, with what their cards show. Whether an event is full
    comes from its stored count (Event.confirmed_count), so a page of events costs the same
    however many registrations they have."""
    return Event.objects.published().select_related("organizer", "series").order_by("starts_at")


def coming_up_registrations(profile: ParticipantProfile, now: datetime) -> QuerySet[Registration]:
    """The person's live registrations (a seat or a place on the waiting list) for events not
    over at `now`, soonest first, with their event ("My events", my page)."""
    return (
        Registration.objects.live()
        .filter(participant=profile, event__ends_at__gte=now)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def past_and_cancelled_registrations(
    profile: ParticipantProfile, now: datetime
) -> QuerySet[Registration]:
    """The person's registrations for events over at `now` and the ones cancelled (by the
    person, or with the whole event), latest event first, with their event ("My events", my
    page). Someone who cancelled and registered again sees only the newest registration of an
    event."""
    newer = Registration.objects.filter(participant=profile, event=OuterRef("event")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__gt=OuterRef("id"))
    )
    return (
        Registration.objects.filter(participant=profile)
        .filter(Q(event__ends_at__lt=now) | Q(status=Registration.Status.CANCELLED))
        .exclude(Exists(newer))
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )


def approved_exhibitors(event: Event) -> QuerySet[Exhibitor]:
    """Approved exhibitors, each marked first-time when the employer never exhibited before."""
    earlier = Exhibitor.objects.filter(
        employer=OuterRef("employer"),
        status=Exhibitor.Status.APPROVED,
        event__starts_at__lt=event.starts_at,
    )
    return (
        Exhibitor.objects.filter(event=event, status=Exhibitor.Status.APPROVED)
        .select_related("employer")
        .annotate(is_returning=Exists(earlier))
        .order_by("booth_label", "employer__name_en")
    )


def list_version() -> int:
    """The version of the cached event lists (templates/events/event_list.html and the home
    page): it changes whenever an event is saved or deleted (jetcareer.cache.content_version)."""
    return content_version(LIST_CONTENT)


def events_changed(**kwargs: object) -> None:
    """Receiver of Event's post_save and post_delete (events.apps): cached lists are stale."""
    content_changed(LIST_CONTENT)


def exhibitors_version() -> str:
    """The version of a fair's cached exhibitor list (templates/events/event_detail.html): it
    changes whenever an exhibitor, an employer or an event is saved or deleted (an employer's
    name, an event's start decide what the list shows). Returns "<exhibitors>.<events>"."""
    return f"{content_version(EXHIBITORS_CONTENT)}.{content_version(LIST_CONTENT)}"


def exhibitors_changed(**kwargs: object) -> None:
    """Receiver of Exhibitor's and Employer's post_save and post_delete (events.apps): the
    fairs' cached exhibitor lists are stale."""
    content_changed(EXHIBITORS_CONTENT)


# --- Hybrid events (issue #16): who comes to the venue, who watches online --------------------


@dataclass(frozen=True)
class DeskCounts:
    """The confirmed seats of an event and how many checked in; at a hybrid event also how
    many chose the venue and how many watch online (`unstated`: registered before the choice
    existed)."""

    confirmed: int
    checked_in: int
    venue: int
    online: int

    @property
    def unstated(self) -> int:
        return self.confirmed - self.venue - self.online


def desk_counts(event: Event) -> DeskCounts:
    """The check-in desk's counts of `event` in one query over its confirmed registrations
    (the index on event and status), however many there are."""
    venue, online = Registration.Attendance.VENUE, Registration.Attendance.ONLINE
    counts = (
        Registration.objects.confirmed()
        .filter(event=event)
        .aggregate(
            confirmed=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
            venue=Count("pk", filter=Q(attendance=venue)),
            online=Count("pk", filter=Q(attendance=online)),
        )
    )
    return DeskCounts(**counts)


def _confirmed_taking_part(attendance: str) -> Coalesce:
    """How many confirmed registrations of the outer event chose `attendance` (a subquery)."""
    rows = (
        Registration.objects.confirmed()
        .filter(event=OuterRef("pk"), attendance=attendance)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0))


def with_attendance_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """`events` with `venue_count` and `online_count`: the confirmed registrations of a hybrid
    event that come to the venue and that watch online (None for other formats). Subqueries of
    the same query, run only for hybrid events: a list of events costs no query more."""
    hybrid = Q(format=Event.Format.HYBRID)
    return events.annotate(
        venue_count=Case(
            When(hybrid, then=_confirmed_taking_part(Registration.Attendance.VENUE)),
            default=None,
        ),
        online_count=Case(
            When(hybrid, then=_confirmed_taking_part(Registration.Attendance.ONLINE)),
            default=None,
        ),
    )
