"""The dates the portal accepts from people: years FIRST_YEAR to LAST_YEAR, checked in forms,
admin and URLs with a message, so a year like 9999 never reaches date arithmetic (issue #13).

Python's dates end on 9999-12-31: one more day, minute or year (the end of a consultation
slot, of a fiscal year, of the summer a JET term ends) raises OverflowError or ValueError,
and a date stored once fails on every page that shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Older than any JET participant's start (the programme began in 1987) or any event; the end
# leaves a lifetime of use and keeps every `year + 1` far inside Python's range.
FIRST_YEAR = 1900
LAST_YEAR = 2100

DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def validate_year(value: date) -> None:
    """Raise ValidationError (code "date_range") unless the year of `value` (a date or a
    datetime) is between FIRST_YEAR and LAST_YEAR."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)d and %(last)d."),
            code="date_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def limit_dates(fields: Iterable[forms.Field]) -> None:
    """Add validate_year to each date and date-time field among `fields` (form fields of one
    form instance: Django copies them per instance, so nothing is shared)."""
    for field in fields:
        if isinstance(field, DATE_FIELDS) and validate_year not in field.validators:
            field.validators.append(validate_year)


class DateLimitsMixin:
    """For a Form or ModelForm that takes dates: put it first among the bases. (Admin forms
    get the same from jetcareer.admin_lookups.)"""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self.fields.values())
