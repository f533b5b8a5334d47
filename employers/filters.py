"""Filters of the public employer directory (django-filter), built like the event list's."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jetcareer.choices import Industry, Prefecture

from .models import Employer

# Words longer than this are cut: a search box is not a place for an essay.
KEYWORD_MAX_LENGTH = 100
# More words than this add nothing but conditions to the query.
KEYWORD_MAX_WORDS = 10


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or description")}),
    )
    # Each list says what "everything" means, instead of django-filter's "---------".
    industry = django_filters.ChoiceFilter(
        label=_("Industry"), choices=Industry.choices, empty_label=_("All industries")
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"), choices=Prefecture.choices, empty_label=_("All prefectures")
    )

    class Meta:
        model = Employer
        fields = ["industry", "prefecture"]

    def filter_keyword(
        self, queryset: QuerySet[Employer], name: str, value: str
    ) -> QuerySet[Employer]:
        """Employers whose name (English, Japanese or its reading) or description holds every
        word of `value`, in either language (words split at spaces, also the full-width space
        of Japanese)."""
        for word in value.replace("\u3000", " ").split()[:KEYWORD_MAX_WORDS]:
            queryset = queryset.filter(
                Q(name_en__icontains=word)
                | Q(name_ja__icontains=word)
                | Q(name_kana__icontains=word)
                | Q(description_en__icontains=word)
                | Q(description_ja__icontains=word)
            )
        return queryset
