"""Filters of the public event list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.choices import Prefecture

from .models import Event

# Month names in the reader's language (「2月」, "February"), not bare numbers.
MONTHS = [(str(m), name) for m, name in MONTH_NAMES.items()]
# Words longer than this are cut: a search box is not a place for an essay.
KEYWORD_MAX_LENGTH = 100


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, place or organiser")}
        ),
    )
    # Each list says what "everything" means, instead of django-filter's "---------".
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    # "Format" alone is django-import-export's file format in admin: ours is the event's.
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("event", "Format"),
        choices=Event.Format.choices,
        empty_label=_("In person and online"),
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"), choices=Prefecture.choices, empty_label=_("All prefectures")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), choices=Event.Audience.choices, empty_label=_("Everyone")
    )
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

    # What the list shows when not asked: the upcoming events. The view fills it in, and the
    # filter button does not count it as a filter in use (jetcareer/web/templatetags/
    # list_filters.py).
    defaults = {"when": "upcoming"}

    def filter_keyword(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        """Events whose title, venue, city or organiser holds every word of `value`, in
        either language (words split at spaces, also the full-width space of Japanese)."""
        for word in value.replace("\u3000", " ").split()[:10]:
            queryset = queryset.filter(
                Q(title_en__icontains=word)
                | Q(title_ja__icontains=word)
                | Q(venue_en__icontains=word)
                | Q(venue_ja__icontains=word)
                | Q(city_en__icontains=word)
                | Q(city_ja__icontains=word)
                | Q(organizer__name_en__icontains=word)
                | Q(organizer__name_ja__icontains=word)
            )
        return queryset

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
