"""Input forms for exhibitors: the employer's booth application, the résumé book's filters
(django-filter, as events/filters.py) and shortlist note, and the staff's reject reason and
booth label in admin."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.choices import Industry, JLPTLevel
from participants.models import ParticipantProfile

from .models import Event, Exhibitor
from .services import EventError
from .services import exhibitors as svc
from .shortlists import NOTE_MAX_LENGTH as SHORTLIST_NOTE_MAX_LENGTH


class ApplicationForm(forms.Form):
    """What the organisation wants at the fair, and a note to CLAIR."""

    wants_booth = forms.BooleanField(label=_("A booth at the venue"), required=False, initial=True)
    online_presentation = forms.BooleanField(label=_("An online presentation"), required=False)
    note = forms.CharField(
        label=_("Note to CLAIR"),
        required=False,
        max_length=svc.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: who will attend, the positions you are hiring for, or what your "
            "presentation is about."
        ),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event.format == Event.Format.ONLINE:
            # An online fair has no venue: only the presentation can be asked for.
            del self.fields["wants_booth"]
            self.fields["online_presentation"].initial = True
        self.helper = FormHelper()
        # 「申し込む」: "Apply" alone is also a filter's button (「適用」).
        self.helper.add_input(Submit("submit", pgettext_lazy("exhibitor application", "Apply")))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.setdefault("wants_booth", False)
        if not (data.get("wants_booth") or data.get("online_presentation")):
            raise forms.ValidationError(
                _("Choose a booth at the venue, an online presentation, or both.")
            )
        return data


Profiles = QuerySet[ParticipantProfile]


class ResumeBookFilter(django_filters.FilterSet):
    """Narrow the résumé book down; empty means everyone. A value that is not a choice is left
    out of the filtering (django-filter), so a stale or edited link still shows a list.

    `shortlist=True` (an exhibiting organisation's member, whose queryset carries
    events.shortlists.with_shortlist) adds "shortlisted only"; staff have no shortlist."""

    industry = django_filters.ChoiceFilter(
        label=_("Industry wanted"),
        choices=Industry.choices,
        empty_label=_("Any industry"),
        method="filter_industry",
    )
    jlpt = django_filters.ChoiceFilter(
        label=_("JLPT at least"),
        choices=[c for c in JLPTLevel.choices if c[0]],
        empty_label=_("Any level"),
        method="filter_jlpt",
    )
    shortlisted = django_filters.BooleanFilter(
        label=_("Shortlisted only"),
        widget=forms.CheckboxInput,
        method="filter_shortlisted",
    )

    class Meta:
        model = ParticipantProfile
        fields: list[str] = []

    def __init__(self, *args: Any, shortlist: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not shortlist:
            del self.filters["shortlisted"]

    def filter_industry(self, queryset: Profiles, name: str, value: str) -> Profiles:
        return queryset.filter(Q(industry_1=value) | Q(industry_2=value) | Q(industry_3=value))

    def filter_jlpt(self, queryset: Profiles, name: str, value: str) -> Profiles:
        return queryset.filter(jlpt_level__gte=int(value))

    def filter_shortlisted(self, queryset: Profiles, name: str, value: bool) -> Profiles:
        return queryset.filter(shortlist_id__isnull=False) if value else queryset

    @property
    def shortlisted_only(self) -> bool:
        """Whether the list is the organisation's shortlist (the export then names it so)."""
        if "shortlisted" not in self.filters:
            return False
        self.errors  # noqa: B018  (validates: cleaned_data holds the valid filters, as in qs)
        return bool(self.form.cleaned_data.get("shortlisted"))


class ShortlistNoteForm(forms.Form):
    """The organisation's private note on a candidate, and when the member opened it (so a
    colleague's change meanwhile is not overwritten unseen)."""

    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=SHORTLIST_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only members of your organisation can read it."),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_seen(self) -> datetime | None:
        value = self.cleaned_data.get("seen", "")
        if not value:
            return None
        try:
            seen = datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(_("Please reload the page and try again.")) from None
        if seen.tzinfo is None:
            raise forms.ValidationError(_("Please reload the page and try again."))
        return seen


class ExhibitorAdminForm(forms.ModelForm):
    """The booth label staff type in admin, checked by the service before it is saved."""

    class Meta:
        model = Exhibitor
        fields = ["booth_label"]
        widgets = {"booth_label": forms.TextInput(attrs={"size": 8})}

    def clean_booth_label(self) -> str:
        try:
            return svc.check_booth_label(
                exhibitor=self.instance, label=self.cleaned_data.get("booth_label", "")
            )
        except EventError as exc:
            raise forms.ValidationError(str(exc)) from exc
