"""Input forms of the regional pages (host members, alumni) and of the staff's admin actions."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import Event
from jetcareer.accounts.email_addresses import EmailAddressField
from jetcareer.date_limits import DateLimitsMixin
from jetcareer.web.dates import format_days

from .models import (
    FurusatoProposal,
    HostInvitation,
    HostMembership,
    ResultReport,
    Schedule,
    SubsidyApplication,
)
from .services import RegionalError, furusato, host_events, members, subsidies

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _row(*names: str) -> Row:
    width = 12 // len(names)
    return Row(*(Column(name, css_class=f"col-md-{width}") for name in names))


class SubsidyApplicationForm(DateLimitsMixin, forms.ModelForm):
    """A host's application to CLAIR for a subsidy (new, or edited before CLAIR decides)."""

    class Meta:
        model = SubsidyApplication
        fields = list(subsidies.APPLICATION_FIELDS)
        field_classes = {"contact_email": EmailAddressField}
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DATE,
            "ends_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title_ja": _(
                "The event or programme keeps these titles when it is put on the portal."
            ),
            "expected_companies": _("Exhibiting companies at a fair; host companies for interns."),
            "requested_subsidy_yen": _("Not more than the total budget."),
            "notes": _("Anything CLAIR should know: partners, target participants, publicity."),
        }

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons without the empty "---------" choice of a select.
        self.fields["kind"].choices = SubsidyApplication.Kind.choices
        self.fields["kind"].label = _("Kind of activity")
        for name in (
            "budget_yen",
            "requested_subsidy_yen",
            "expected_participants",
            "expected_companies",
        ):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Activity"), "kind", _row("title_ja", "title_en")),
            Fieldset(
                _("Plan"),
                _row("starts_on", "ends_on"),
                _row("venue", "city"),
                _row("expected_participants", "expected_companies"),
            ),
            Fieldset(_("Budget"), _row("budget_yen", "requested_subsidy_yen")),
            Fieldset(
                _("Contact for CLAIR"),
                _row("contact_name", "contact_phone", "contact_email"),
                "notes",
            ),
            Submit("submit", submit_label or _("Send to CLAIR")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        budget, requested = data.get("budget_yen"), data.get("requested_subsidy_yen")
        if budget is not None and requested is not None and requested > budget:
            self.add_error(
                "requested_subsidy_yen",
                _("The subsidy requested cannot be more than the total budget."),
            )
        return data


class ResultReportForm(DateLimitsMixin, forms.ModelForm):
    class Meta:
        model = ResultReport
        fields = list(subsidies.REPORT_FIELDS)
        widgets = {"held_on": DATE, "comments": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "jet_participants": _(
                "Current JET participants and JET alumni among all participants. Leave empty "
                "if they were not counted."
            ),
            "comments": _("What went well, what participants and companies said, plans."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("participants", "jet_participants", "companies"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "held_on",
            _row("participants", "jet_participants", "companies"),
            "comments",
            Submit("submit", _("Save the report")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        everyone, jet = data.get("participants"), data.get("jet_participants")
        if everyone is not None and jet is not None and jet > everyone:
            self.add_error(
                "jet_participants",
                _("JET participants cannot be more than all participants."),
            )
        return data


class HostEventForm(DateLimitsMixin, forms.ModelForm):
    """The host completes its draft event before publishing it."""

    class Meta:
        model = Event
        fields = list(host_events.HOST_EVENT_FIELDS)
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_ja": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("Japan time."),
            "capacity": _("Empty: no limit."),
            "registration_opens_at": _("Empty: as soon as the event is published."),
            "registration_closes_at": _("Empty: until the event ends."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            _row("title_ja", "title_en"),
            _row("description_ja", "description_en"),
            _row("venue_ja", "venue_en"),
            _row("city_ja", "city_en"),
            _row("starts_at", "ends_at"),
            _row("capacity", "registration_opens_at", "registration_closes_at"),
            Submit("submit", _("Save the draft")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data


class FurusatoProposalForm(forms.ModelForm):
    class Meta:
        model = FurusatoProposal
        fields = list(furusato.PROPOSAL_FIELDS)
        widgets = {
            "field": forms.RadioSelect,
            "schedule_wanted": forms.RadioSelect,
            "plan": forms.Textarea(attrs={"rows": 8}),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "municipality": _("The city, town, village or prefecture you worked for on JET."),
            "plan": _(
                "What you would do with the municipality, with whom, and what it leaves behind."
            ),
            "bio": _("Your JET years and what you have done since. Shown on the public page."),
        }

    def __init__(
        self, *args: Any, call: Any = None, submit_label: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons without the empty "---------" choice of a select.
        self.fields["field"].choices = FurusatoProposal.Field.choices
        self.fields["schedule_wanted"].choices = FurusatoProposal.ScheduleWanted.choices
        if call is not None:
            # The wanted schedule reads with its dates: "Schedule A (Thu 26 October 2017 – …)".
            dates = {s: call.schedule_dates(s) for s in Schedule.values}
            self.fields["schedule_wanted"].choices = [
                (
                    value,
                    _("%(schedule)s (%(dates)s)")
                    % {"schedule": label, "dates": format_days(*dates[value])},
                )
                if value in dates
                else (value, label)
                for value, label in FurusatoProposal.ScheduleWanted.choices
            ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            _row("municipality", "prefecture"),
            "field",
            "plan",
            "schedule_wanted",
            "bio",
            Submit("submit", submit_label or _("Send my proposal")),
        )


# --- Admin forms -----------------------------------------------------------------------------


class DecisionMessageForm(forms.Form):
    """The message staff send with a decision on subsidy applications, in Japanese and English
    side by side (jetcareer.admin_confirm pairs them): either is enough, the service stores
    both and each member of the host reads their language, or the other. `required`: a form
    with neither is refused."""

    # Shown above the pair by confirm_page.
    description = _(
        "Write it in one language or both: when only one is written, everyone reads it."
    )

    message_ja = forms.CharField(
        label=_("Message to the host (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 40, "lang": "ja"}),
        help_text=_("People who chose Japanese read this one."),
    )
    message_en = forms.CharField(
        label=_("Message to the host (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 40}),
        help_text=_("People who chose English read this one."),
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.message_required = required

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.message_required and not (data.get("message_ja") or data.get("message_en")):
            raise forms.ValidationError(
                _("Please write the message in Japanese, in English or in both."),
                code="no_message",
            )
        return data


class ReportMeetingForm(DateLimitsMixin, forms.Form):
    schedule = forms.ChoiceField(label=_("Schedule"), choices=Schedule.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at (Japan time)"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at (Japan time)"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class HostMembershipAdminForm(forms.ModelForm):
    """Staff make an existing account a member of a host; saving calls
    services.members.add_host_member. Says why before saving when the person may not join."""

    class Meta:
        model = HostMembership
        fields = ["user", "host", "role"]

    def _get_validation_exclusions(self) -> set[str]:
        # "Already a member" is said by the service's check below, naming the host.
        return {*super()._get_validation_exclusions(), "user"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("host") and data.get("user"):
            try:
                members.check_can_invite(host=data["host"], email=data["user"].email)
            except RegionalError as error:
                raise forms.ValidationError(error.message) from None
        return data


class HostInvitationAdminForm(forms.ModelForm):
    """Staff invite a person to act for a host; saving sends the invitation (services.members)."""

    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        initial="ja",
        help_text=_("Used when the address has no account yet; otherwise the person's own."),
    )

    class Meta:
        model = HostInvitation
        fields = ["host", "email", "role"]
        field_classes = {"email": EmailAddressField}

    def _get_validation_exclusions(self) -> set[str]:
        # An open invitation to the same address is sent again (members.invite_host_member),
        # so the "one open invitation per address" constraint must not refuse the form.
        return {*super()._get_validation_exclusions(), "email"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("host") and data.get("email"):
            try:
                members.check_can_invite(host=data["host"], email=data["email"])
            except RegionalError as error:
                raise forms.ValidationError(error.message) from None
        return data
