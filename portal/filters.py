"""Filter of the public announcement list (django-filter, as events/filters.py)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Announcement, AnnouncementQuerySet, Audience


class AnnouncementFilter(django_filters.FilterSet):
    """`?audience=` on the announcements page; an unknown value shows every audience."""

    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        empty_label=_("Everyone"),
        method="filter_audience",
    )

    class Meta:
        model = Announcement
        fields: list[str] = []

    def filter_audience(
        self, queryset: AnnouncementQuerySet, name: str, value: str
    ) -> AnnouncementQuerySet:
        return queryset.for_audience(value)

    def chosen(self) -> str:
        """The audience asked for, or "" for everyone (no choice, or one that is not an
        audience: django-filter leaves an invalid value out of the filtering)."""
        return self.form.cleaned_data.get("audience", "") if self.is_valid() else ""
