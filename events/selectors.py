"""Reads shared by several event pages, each a fixed number of queries however many rows."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .models import Event, Exhibitor, Registration


def event_list() -> QuerySet[Event]:
    return (
        Event.objects.published()
        .select_related("organizer", "series")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .order_by("starts_at")
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


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()
