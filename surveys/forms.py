"""The answer form: the questions of the survey's kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Response, Survey
from .services import ANSWER_FIELDS

REQUIRED = {"satisfaction", "hiring_intent", "employment"}
LABELS = {
    Survey.Kind.ATTENDEE: {
        "satisfaction": _("How satisfied are you with the event?"),
        "usefulness": _("How useful was it for your job search? (5 = very useful)"),
        "comments": _("Comments"),
    },
    Survey.Kind.EXHIBITOR: {
        "hiring_intent": _("Did you meet candidates you may hire?"),
        "candidates": _("How many, roughly?"),
        "comments": _("Comments on the participants"),
    },
    Survey.Kind.FOLLOW_UP: {
        "employment": _("What are you doing now?"),
        "employer_name": _("Employer (if employed)"),
        "fair_helped": _("Did the fair help you find work?"),
        "comments": _("Comments"),
    },
}


WIDGETS = {
    "satisfaction": forms.RadioSelect,
    "usefulness": forms.RadioSelect,
    "hiring_intent": forms.RadioSelect,
    "employment": forms.RadioSelect,
    "fair_helped": forms.NullBooleanSelect,
    "comments": forms.Textarea(attrs={"rows": 4}),
}


def answer_form(survey: Survey, *args: Any, **kwargs: Any) -> forms.ModelForm:
    """A form with the questions of the survey's kind, labelled for that kind."""
    fields = ANSWER_FIELDS[survey.kind]
    form_class = forms.modelform_factory(
        Response, fields=fields, widgets={k: v for k, v in WIDGETS.items() if k in fields}
    )
    form = form_class(*args, **kwargs)
    for name in fields:
        form.fields[name].required = name in REQUIRED
        label = LABELS.get(survey.kind, {}).get(name)
        if label:
            form.fields[name].label = label
    for name in ("satisfaction", "usefulness", "hiring_intent", "employment"):
        if name in form.fields:
            form.fields[name].choices = [c for c in form.fields[name].choices if c[0] != ""]
    if "candidates" in form.fields:
        form.fields["candidates"].min_value = 0
    return form
