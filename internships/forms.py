"""Internship forms: the application and an employer's position."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetcareer.choices import Industry, JobType
from jetcareer.empty_choice import label_empty_choices

from .models import Application, Position, Programme

RANKS = 5


class ApplicationForm(forms.ModelForm):
    job_types = forms.MultipleChoiceField(
        label=_("Job types you are interested in"),
        choices=JobType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    paid_leave_confirmed = forms.BooleanField(
        label=_(
            "My contracting organisation agrees that I take paid leave for the whole period "
            "of the internship, including the pre-training day."
        ),
        required=True,
        error_messages={
            "required": _("Your contracting organisation must agree before you can apply.")
        },
    )

    class Meta:
        model = Application
        fields = ["statement", "industry_1", "industry_2", "industry_3", "job_types",
                  "supervisor_name", "paid_leave_confirmed"]  # fmt: skip
        widgets = {"statement": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "statement": _("Why you want this internship and what you hope to learn."),
            "supervisor_name": _("The person at your contracting organisation who agreed."),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = (
            programme.positions.offered()
            .select_related("employer")
            .order_by("employer__name_en", "title_en")
        )
        chosen = []
        if self.instance.pk:
            chosen = [c.position for c in self.instance.choices.select_related("position")]
        for rank in range(1, RANKS + 1):
            field = forms.ModelChoiceField(
                queryset=offered,
                required=False,
                label=_("Position choice %(rank)s") % {"rank": rank},
            )
            if len(chosen) >= rank:
                field.initial = chosen[rank - 1].pk
            self.fields[f"choice_{rank}"] = field
        label_empty_choices(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        industries = [data.get(f"industry_{i}") for i in (1, 2, 3)]
        picked = [i for i in industries if i]
        if len(picked) != len(set(picked)):
            self.add_error("industry_2", _("Choose each industry only once."))
        choices = [data.get(f"choice_{r}") for r in range(1, RANKS + 1)]
        ranked = [c for c in choices if c]
        if len({c.pk for c in ranked}) != len(ranked):
            self.add_error("choice_2", _("Each position can be ranked only once."))
        if any(c and not choices[i - 1] for i, c in enumerate(choices) if i):
            self.add_error("choice_1", _("Fill in your choices from the first one, without gaps."))
        data["positions"] = ranked
        return data


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["title_en", "title_ja", "description_en", "description_ja", "industry",
                  "job_type", "prefecture", "period", "capacity", "min_jlpt"]  # fmt: skip
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ja": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = programme.periods.all()
        self.fields["capacity"].min_value = 1
        self.fields["industry"].choices = Industry.choices
        label_empty_choices(self)


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=4000)  # fmt: skip
