"""Filters of the public event list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.choices import Prefecture

from .models import Event

MONTHS = [(str(m), str(m)) for m in range(1, 13)]


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    # "Format" alone is django-import-export's file format in admin: ours is the event's.
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("event", "Format"), choices=Event.Format.choices
    )
    prefecture = django_filters.ChoiceFilter(label=_("Prefecture"), choices=Prefecture.choices)
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Event.Audience.choices)
    month = django_filters.ChoiceFilter(
        label=_("Month"), choices=MONTHS, method="filter_month", empty_label=_("Any month")
    )
    open_only = django_filters.BooleanFilter(
        label=_("Open for registration"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=_("Upcoming and past"),
    )

    class Meta:
        model = Event
        fields = ["kind", "format", "prefecture", "audience"]

    def filter_month(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        return queryset.filter(starts_at__month=int(value)) if value else queryset

    def filter_open(self, queryset: QuerySet[Event], name: str, value: bool) -> QuerySet[Event]:
        if not value:
            return queryset
        now = timezone.now()
        return queryset.filter(
            Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now),
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now),
            status=Event.Status.SCHEDULED,
            ends_at__gt=now,
        )

    def filter_when(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at")
        return queryset
