"""Filters of the job list (django-filter): a keyword in either language and choices that read
as words ("All industries", 「すべての都道府県」, "August 2027")."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jetcareer.choices import Industry, JLPTLevel, Prefecture
from participants.models import ParticipantProfile

from . import formatting, search
from .models import Job

KEYWORD_MAX_LENGTH = 100
# The "available from" months offered: this one and the next ones.
START_MONTHS = 18


def start_months(today: date | None = None) -> list[tuple[str, str]]:
    """("2027-08", "August 2027") for this month and the next START_MONTHS - 1, in the active
    language."""
    today = today or timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _step in range(START_MONTHS):
        first = date(year, month, 1)
        months.append((first.strftime("%Y-%m"), formatting.month(first)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    industry = django_filters.ChoiceFilter(
        label=_("Industry"), choices=Industry.choices, empty_label=_("All industries")
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"), choices=Prefecture.choices, empty_label=_("All prefectures")
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("Employment type"),
        choices=Job.EmploymentType.choices,
        empty_label=_("Any employment type"),
    )
    visa = django_filters.BooleanFilter(
        label=_("Can sponsor a work visa"), method="filter_visa", widget=forms.CheckboxInput
    )
    remote = django_filters.BooleanFilter(
        label=_("Remote work possible"), method="filter_remote", widget=forms.CheckboxInput
    )
    jlpt = django_filters.ChoiceFilter(
        label=_("Japanese asked at most"),
        choices=[(str(value), label) for value, label in JLPTLevel.choices],
        method="filter_jlpt",
        empty_label=_("Any level"),
        error_messages={
            "invalid_choice": _("Please choose a JLPT level from the list: N1 to N5, or none.")
        },
    )
    fits_me = django_filters.BooleanFilter(
        label=_("Only jobs my JLPT level meets"),
        method="filter_fits_me",
        widget=forms.CheckboxInput,
    )
    start = django_filters.ChoiceFilter(
        label=_("I can start from"),
        choices=start_months,
        method="filter_start",
        empty_label=_("Any time"),
    )

    class Meta:
        model = Job
        fields = ["industry", "prefecture", "employment_type"]

    def __init__(self, *args: Any, profile: ParticipantProfile | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.profile = profile
        if profile is None:
            del self.filters["fits_me"]
            self.form.fields.pop("fits_me", None)
        else:
            self.form.fields["fits_me"].label = gettext(
                "Only jobs my JLPT level meets (%(level)s)"
            ) % {"level": JLPTLevel(profile.jlpt_level).label}

    def filter_keyword(self, queryset: QuerySet[Job], name: str, value: str) -> QuerySet[Job]:
        return search.search(queryset, value)

    def filter_visa(self, queryset: QuerySet[Job], name: str, value: bool) -> QuerySet[Job]:
        if not value:
            return queryset
        return queryset.filter(visa_sponsorship__in=[Job.Visa.YES, Job.Visa.CASE_BY_CASE])

    def filter_remote(self, queryset: QuerySet[Job], name: str, value: bool) -> QuerySet[Job]:
        return queryset.filter(remote=True) if value else queryset

    def filter_jlpt(self, queryset: QuerySet[Job], name: str, value: str) -> QuerySet[Job]:
        if not value:
            return queryset
        return queryset.filter(min_jlpt__lte=int(value))

    def filter_fits_me(self, queryset: QuerySet[Job], name: str, value: bool) -> QuerySet[Job]:
        if not value or self.profile is None:
            return queryset
        return queryset.filter(min_jlpt__lte=self.profile.jlpt_level)

    def filter_start(self, queryset: QuerySet[Job], name: str, value: str) -> QuerySet[Job]:
        """Jobs a person available from that month can take: starting then or later, or with
        a start to be agreed."""
        if not value:
            return queryset
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__gte=date(year, month, 1)))
