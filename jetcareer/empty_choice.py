"""The empty choice of the drop-down lists people fill in: words instead of Django's "---------"
(issue #16), which reads as nothing in either language. Filters say what "everything" means with
django-filter's `empty_label` on each filter (events/filters.py); forms call
`label_empty_choices` once their choices are set."""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DASHES = BLANK_CHOICE_DASH[0][1]  # "---------"
CHOOSE = _("Choose…")  # a list that must be answered
NOT_SPECIFIED = _("Not specified")  # a list that may stay empty


def label_empty_choices(form: forms.BaseForm, **labels: str | Promise) -> None:
    """Give the empty choice of every drop-down list of `form` its words: `labels[name]` where
    given (`country=_("Choose a country")`), else CHOOSE for a required list and NOT_SPECIFIED
    for one that may stay empty. Call it at the end of the form's `__init__`, after the choices
    are set. Radio buttons and multiple choices have no empty choice to label: left alone, as a
    list without an empty choice (a required one with an initial value).
    """
    for name, field in form.fields.items():
        widget = field.widget
        if not isinstance(widget, forms.Select) or isinstance(widget, forms.SelectMultiple):
            continue
        label = labels.get(name) or (CHOOSE if field.required else NOT_SPECIFIED)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            field.choices = [
                (value, label if value in ("", None) and str(text) == DASHES else text)
                for value, text in field.choices
            ]
