"""Job forms: an employer's job, an application, the pipeline's stage, notes and messages, and
the weekly digest. The rules are the services'; the forms show their refusals beside the
fields they concern."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.choices import Industry, Prefecture
from jetcareer.empty_choice import label_empty_choices

from . import services
from .filters import start_months
from .formatting import month
from .models import Job, JobApplication

# Written around a figure and dropped: yen signs, 円, thousands separators, spaces.
YEN_NOISE = re.compile(r"[¥￥円,，\s]")


class YenField(forms.IntegerField):
    """An amount of yen as people type it: 250000, 250,000, ¥250,000, 250000円, full-width
    digits. 25万 is refused with a message saying to write the figure."""

    default_error_messages = {
        "invalid": _("Please write the amount in yen in figures only, for example 250000."),
    }
    # A text box: a number box would refuse what people type ("250,000", "¥250,000").
    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = YEN_NOISE.sub("", unicodedata.normalize("NFKC", value))
        return super().to_python(value)


class JobForm(forms.ModelForm):
    # No min_value: a negative amount gets the range message of services.job_data_problems,
    # as a too low one does, not Django's generic 「0 以上」.
    salary_min = YenField(label=_("Salary from (yen)"), required=False)
    salary_max = YenField(label=_("Salary up to (yen)"), required=False)
    external_url = forms.URLField(
        label=_("Application page on your website"),
        required=False,
        assume_scheme="https",
        help_text=_("Only when applicants apply on your own website."),
    )
    start_month = forms.ChoiceField(
        label=_("Start"),
        required=False,
        help_text=_("Most JET participants finish in July or August."),
    )
    start_day = forms.DateField(
        label=_("Or a set first day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only if the start day is fixed."),
    )

    class Meta:
        model = Job
        fields = [
            "title_en", "title_ja", "description_en", "description_ja", "industry",
            "job_type", "employment_type", "prefecture", "city_en", "city_ja", "remote",
            "salary_min", "salary_max", "salary_period", "min_jlpt", "experience_en",
            "experience_ja", "visa_sponsorship", "apply_method", "external_url", "closes_on",
        ]  # fmt: skip
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "description_ja": forms.Textarea(attrs={"rows": 6}),
            "experience_en": forms.Textarea(attrs={"rows": 3}),
            "experience_ja": forms.Textarea(attrs={"rows": 3}),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visa_sponsorship": forms.RadioSelect,
            "apply_method": forms.RadioSelect,
        }
        help_texts = {
            "min_jlpt": _("The level of the Japanese-Language Proficiency Test the job needs."),
            "closes_on": _("Applications are taken until the end of this day (Japan time)."),
        }
        error_messages = {
            "min_jlpt": {
                "invalid_choice": _("Please choose a JLPT level from the list: N1 to N5, or none.")
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = start_months()
        job = self.instance
        if job.pk and job.starts_on:
            if job.start_precision == Job.StartPrecision.MONTH:
                self.initial.setdefault("start_month", job.starts_on.strftime("%Y-%m"))
            else:
                self.initial.setdefault("start_day", job.starts_on)
            current = job.starts_on.strftime("%Y-%m")
            if current not in dict(months):  # a past month stays readable when editing
                months.insert(0, (current, month(job.starts_on)))
        self.fields["start_month"].choices = [("", _("To be agreed")), *months]
        self.fields["salary_period"].required = False
        self.fields["industry"].choices = Industry.choices
        # Radio buttons: no "---------" choice beside the real ones.
        self.fields["visa_sponsorship"].choices = Job.Visa.choices
        self.fields["apply_method"].choices = Job.ApplyMethod.choices
        self.fields["prefecture"].choices = [("", "---------"), *Prefecture.choices]
        self.fields["closes_on"].input_formats = ["%Y-%m-%d"]
        label_empty_choices(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, month_value = data.get("start_day"), data.get("start_month")
        if day:
            data["starts_on"], data["start_precision"] = day, Job.StartPrecision.DAY
        elif month_value:
            year, month_number = (int(part) for part in month_value.split("-"))
            data["starts_on"] = date(year, month_number, 1)
            data["start_precision"] = Job.StartPrecision.MONTH
        else:
            data["starts_on"], data["start_precision"] = None, Job.StartPrecision.MONTH
        for field, message in services.job_data_problems(self.job_data(data)):
            target = "start_day" if field == "starts_on" else field
            if target in self.errors:
                # The field's own message says what is wrong with what was typed (an address
                # that is no URL); the rules, which saw no value, would contradict it.
                continue
            self.add_error(target if target in self.fields else None, message)
        return data

    def job_data(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The cleaned fields as the services take them (services.JOB_FIELDS)."""
        data = self.cleaned_data if data is None else data
        return {name: data.get(name) for name in services.JOB_FIELDS if name in data}

    def _post_clean(self) -> None:
        # The services save the job; the model's checks run there (services._full_clean).
        pass


class ApplyForm(forms.Form):
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=services.COVER_LETTER_MAX,
        help_text=_("A few paragraphs: why this job, and what you bring to it."),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to"),
        choices=[
            (value, label)
            for value, label in JobApplication.Stage.choices
            if value != JobApplication.Stage.WITHDRAWN
        ],
        error_messages={"invalid_choice": _("Please choose a stage from the list.")},
    )

    def __init__(
        self, *args: Any, application: JobApplication | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if application is not None:
            # The list offers the stage it is at and the moves the pipeline allows
            # (JobApplication.MOVES); any other is refused by services.move_stage, which says
            # why ("a hire follows an offer").
            current = (application.stage, application.get_stage_display())
            self.fields["stage"].widget.choices = [current, *application.next_stages]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.NOTE_MAX,
        help_text=_("Only your organisation's members read notes."),
        error_messages={"required": _("Please write the note.")},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("job application", "Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MESSAGE_MAX,
        error_messages={"required": _("Please write your message.")},
    )


class AlertForm(forms.Form):
    is_active = forms.BooleanField(
        label=_("E-mail me a weekly digest of new jobs that match my profile"), required=False
    )
    industries = forms.MultipleChoiceField(
        label=_("Industries"),
        choices=Industry.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: the industries of your profile."),
    )
    prefectures = forms.MultipleChoiceField(
        label=_("Prefectures"),
        choices=Prefecture.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("None chosen: anywhere in Japan."),
    )
    employment_types = forms.MultipleChoiceField(
        label=_("Employment types"),
        choices=Job.EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    visa_needed = forms.BooleanField(
        label=_("Only jobs that can sponsor a work visa"), required=False
    )
