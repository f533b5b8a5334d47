"""Participant forms: profile, CV, advisor, account deletion."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jetcareer.choices import Industry, JobType
from jetcareer.date_limits import DateLimitsMixin
from jetcareer.empty_choice import label_empty_choices
from jetcareer.kana import KanaReadingField
from jetcareer.web.dates import format_day

from .models import ParticipantProfile
from .services import PROFILE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The longest a JET term lasts: appointed for a year, re-appointed at most four times
# (ProfileForm._check_term_length).
MAX_YEARS_ON_JET = 5


def latest_term_end(start: date) -> date:
    """The last day a JET term that started on `start` may end: MAX_YEARS_ON_JET years later
    (a start on 29 February counts to 28 February)."""
    try:
        return start.replace(year=start.year + MAX_YEARS_ON_JET)
    except ValueError:
        return start.replace(year=start.year + MAX_YEARS_ON_JET, day=28)


class ProfileForm(DateLimitsMixin, forms.ModelForm):
    job_types = forms.MultipleChoiceField(
        label=_("Job types wanted"),
        choices=JobType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ParticipantProfile
        fields = list(PROFILE_FIELDS)
        # Typed in katakana, hiragana or half-width kana, kept in katakana; nothing else.
        field_classes = {"full_name_kana": KanaReadingField}
        error_messages = {
            "full_name_kana": {
                "kana": _(
                    "Enter your name in katakana only, for example エミリー・カーター. "
                    "Letters and digits cannot be used here."
                )
            }
        }
        widgets = {
            "status": forms.RadioSelect,
            "jet_start_date": DATE,
            "term_end_date": DATE,
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "full_name_kana": _(
                "Your name as it is read in Japanese, for example エミリー・カーター. "
                "Hiragana is changed to katakana."
            ),
            "term_end_date": _(
                "Current participants: the planned end of your term. Alumni: the date you left."
            ),
            "contracting_organization": _(
                "The prefecture, city or board of education that employs (employed) you."
            ),
            "industry_1": _("Up to three industries, in order of preference."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].required = True
        self.fields["status"].choices = ParticipantProfile.Status.choices
        self.fields["industry_1"].required = True
        label_empty_choices(self, country=_("Choose a country"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("status")
        is_jet = status in (ParticipantProfile.Status.CURRENT, ParticipantProfile.Status.ALUMNI)
        start, end = data.get("jet_start_date"), data.get("term_end_date")
        if is_jet:
            required = {
                "position": _("Please choose your JET position."),
                "prefecture": _("Please choose the prefecture where you are (were) placed."),
                "contracting_organization": _("Please enter your contracting organisation."),
                "jet_start_date": _("Please enter the date you started on JET."),
                "term_end_date": _("Please enter the end date of your term."),
            }
            for field, message in required.items():
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, message)
        elif data.get("position"):
            self.add_error(
                "position", _("Other job seekers have no JET position: please leave it empty.")
            )
        if start and end and end <= start:
            self.add_error("term_end_date", _("The end of your term must be after its start."))
        elif start and end:
            self._check_term_length(start, end)
        today = timezone.localdate()
        if status == ParticipantProfile.Status.CURRENT and end and end <= today:
            self.add_error(
                "term_end_date",
                _("For a current participant the planned end of the term must be in the future."),
            )
        if status == ParticipantProfile.Status.ALUMNI and end and end > today:
            self.add_error(
                "status",
                _("Your term has not ended yet: please choose 'Current JET participant'."),
            )
        if start and start > today:
            self.add_error("jet_start_date", _("The JET start date cannot be in the future."))
        self._check_industries(data)
        return data

    def _check_term_length(self, start: date, end: date) -> None:
        """Refuse a term longer than JET allows: participants are appointed for one year and
        may be re-appointed up to four times, so a term lasts at most MAX_YEARS_ON_JET (5)
        years in all (the JET Programme's conditions of appointment, jetprogramme.org; the
        design's seeds/FACTS.md, "The JET Programme", says terms end in July or August but
        not how many there may be). A term of 2019 to 2027 is a mistyped year: it would show
        "Year 8 on JET" wherever the profile is read. Adds the error to term_end_date."""
        latest = latest_term_end(start)
        if end > latest:
            self.add_error(
                "term_end_date",
                _(
                    "A JET term lasts at most five years: a term that started on %(start)s "
                    "ends by %(latest)s. Please check the years."
                )
                % {"start": format_day(start), "latest": format_day(latest)},
            )

    def _check_industries(self, data: dict[str, Any]) -> None:
        chosen = [data.get(f) for f in ("industry_1", "industry_2", "industry_3")]
        if chosen[2] and not chosen[1]:
            self.add_error("industry_2", _("Please fill in your second choice before your third."))
        picked = [c for c in chosen if c]
        if len(picked) != len(set(picked)):
            repeated = next(c for c in picked if picked.count(c) > 1)
            self.add_error(
                "industry_2",
                _("You chose %(industry)s more than once. Choose each industry only once.")
                % {"industry": Industry(repeated).label},
            )


class CVUploadForm(forms.Form):
    cv = forms.FileField(
        label=_("CV (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"empty": _("The file is empty.")},
    )
    # The file's content is checked by services.replace_cv alone: reading a PDF is the costly
    # part, so it happens once, after the upload allowance is counted.


class AdvisorForm(forms.ModelForm):
    """An alumnus volunteers as an advisor: the fields and a bio in English, Japanese or both
    (participants read their language, or the other when it is empty)."""

    advisor_fields = forms.MultipleChoiceField(
        label=_("Fields I can advise on"),
        choices=Industry.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ParticipantProfile
        fields = ["is_advisor", "advisor_fields", "advisor_bio_en", "advisor_bio_ja"]
        labels = {
            "is_advisor": _("I volunteer as a consultation advisor"),
            "advisor_bio_en": _("Bio in English"),
            "advisor_bio_ja": _("Bio in Japanese"),
        }
        widgets = {
            "advisor_bio_en": forms.Textarea(attrs={"rows": 5}),
            "advisor_bio_ja": forms.Textarea(attrs={"rows": 5, "lang": "ja"}),
        }
        help_texts = {
            "advisor_bio_en": _("Your work since JET and what you can help with, in a few lines."),
            "advisor_bio_ja": _(
                "Write in English, Japanese or both: participants read the bio in their "
                "language, or the other one when it is empty."
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_advisor"):
            if not data.get("advisor_fields"):
                self.add_error("advisor_fields", _("Please choose at least one field."))
            if not (data.get("advisor_bio_en") or data.get("advisor_bio_ja") or "").strip():
                self.add_error(
                    "advisor_bio_en",
                    _("Please write a short bio for participants, in English, Japanese or both."),
                )
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
