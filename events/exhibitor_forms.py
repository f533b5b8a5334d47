"""Input forms for exhibitors: the employer's booth application, the résumé book filter and the
staff's reject reason and booth label in admin."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from jetcareer.choices import Industry, JLPTLevel

from .models import Event, Exhibitor
from .services import EventError
from .services import exhibitors as svc


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
        self.helper.add_input(Submit("submit", _("Apply")))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.setdefault("wants_booth", False)
        if not (data.get("wants_booth") or data.get("online_presentation")):
            raise forms.ValidationError(
                _("Choose a booth at the venue, an online presentation, or both.")
            )
        return data


class ResumeBookFilter(forms.Form):
    """Narrow the résumé book down; empty means everyone."""

    industry = forms.ChoiceField(
        label=_("Industry wanted"),
        required=False,
        choices=[("", _("Any industry")), *Industry.choices],
    )
    jlpt = forms.TypedChoiceField(
        label=_("JLPT at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *[c for c in JLPTLevel.choices if c[0]]],
    )


class RejectForm(forms.Form):
    """The admin's intermediate page asks for the reason every member reads."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Every member of the organisation receives this reason by e-mail."),
    )


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
