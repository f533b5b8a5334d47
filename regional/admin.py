"""Staff run regional activities in Django admin: host members and invitations, the review of
subsidy applications (each decision e-mailed to every member of the host with a message asked
on an intermediate page), result reports, and the Furusato calls and proposals. Every action
calls a service; one refused object does not stop the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_actions import ask_then_run, run_each
from jetcareer.admin_confirm import ObjectActionsMixin, confirm_page, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin, presence_filter
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.invitations.services import MAX_AGE

from .forms import (
    DecisionMessageForm,
    HostInvitationAdminForm,
    HostMembershipAdminForm,
    ReportMeetingForm,
)
from .models import (
    FurusatoCall,
    FurusatoProposal,
    FurusatoReportMeeting,
    HostInvitation,
    HostMembership,
    HostRole,
    ResultReport,
    Schedule,
    SubsidyApplication,
)
from .services import RegionalError, furusato, members, subsidies

ITEMS_UPDATED = ngettext_lazy("%(count)d item updated.", "%(count)d items updated.", "count")


class ServiceActionsMixin:
    """Admin actions that call a service on each selected object, passed as the keyword
    `service_argument`, with the member of staff as `by` (jetcareer.admin_actions.run_each:
    a refused object is reported and does not stop the others)."""

    service_argument: str

    def _run(
        self,
        request: HttpRequest,
        queryset: Iterable[Any],
        service: Callable[..., Any],
        *,
        done: Any = ITEMS_UPDATED,
        **kwargs: Any,
    ) -> int:
        """Call the service on each selected object, report refusals, say how many succeeded
        (`done`, an ngettext_lazy counting "count") and return that number."""
        return run_each(
            self,
            request,
            queryset,
            lambda obj: service(**{self.service_argument: obj}, by=request.user, **kwargs),
            refused=RegionalError,
            done=done,
        )

    def _act(
        self, request: HttpRequest, queryset: QuerySet, service: Callable[..., Any], **kwargs: Any
    ) -> None:
        """The whole body of a plain action."""
        self._run(request, queryset, service, **kwargs)


# --- Host members and invitations -----------------------------------------------------------


@admin.register(HostMembership)
class HostMembershipAdmin(
    SafeLookupsMixin, ObjectActionsMixin, ServiceActionsMixin, SimpleHistoryAdmin
):
    """Every door calls services.members: adding (`add_host_member`), the role (the actions,
    also as buttons on a membership's page) and deleting (`remove_host_member`). A saved
    membership's person, host and role are read-only here."""

    form = HostMembershipAdminForm
    service_argument = "membership"
    list_display = ["user", "host", "role", "created_by", "created_at"]
    list_filter = ["role", "host__kind", "host"]
    search_fields = ["user__email", "host__name_en", "host__name_ja"]
    list_select_related = ["user", "host", "created_by"]
    raw_id_fields = ["user"]
    fieldsets = [
        (
            None,
            {
                "fields": ["user", "host", "role", "created_by", "created_at"],
                "description": _(
                    "Change the role with the actions Make lead contact and Make member. To "
                    "move a person to another host organisation, delete this membership and "
                    "add them to the other one."
                ),
            },
        )
    ]
    actions = ["make_lead", "make_member"]
    object_actions = ["make_lead", "make_member"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["created_by", "created_at"]
        return ["user", "host", "role", "created_by", "created_at"]

    def save_model(
        self, request: HttpRequest, obj: HostMembership, form: Any, change: bool
    ) -> None:
        if change:  # nothing is editable on a saved membership; the role is an action
            return
        membership = members.add_host_member(
            host=form.cleaned_data["host"],
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
        # The admin's own redirect and log entry read the saved object.
        obj.pk, obj._state.adding = membership.pk, False

    def delete_model(self, request: HttpRequest, obj: HostMembership) -> None:
        self._run(request, [obj], members.remove_host_member, done=None)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HostMembership]) -> None:
        self._run(request, queryset, members.remove_host_member, done=None)

    @admin.action(description=_("Make lead contact"), permissions=["change"])
    def make_lead(self, request: HttpRequest, queryset: QuerySet[HostMembership]) -> None:
        self._act(request, queryset, members.set_host_role, role=HostRole.LEAD)

    @admin.action(description=_("Make member"), permissions=["change"])
    def make_member(self, request: HttpRequest, queryset: QuerySet[HostMembership]) -> None:
        self._act(request, queryset, members.set_host_role, role=HostRole.MEMBER)


@admin.register(HostInvitation)
class HostInvitationAdmin(SafeLookupsMixin, ServiceActionsMixin, admin.ModelAdmin):
    """Adding an invitation sends it: the signed link is e-mailed by the service."""

    form = HostInvitationAdminForm
    service_argument = "invitation"
    list_display = ["email", "host", "role", "invited_by", "sent_at", "accepted_at", "revoked_at"]
    list_filter = [
        "role",
        "host",
        ("accepted_at", presence_filter(_("acceptance"), _("Accepted"), _("Not accepted"))),
        ("revoked_at", presence_filter(_("revocation"), _("Revoked"), _("Not revoked"))),
    ]
    search_fields = ["email", "host__name_en", "host__name_ja"]
    list_select_related = ["host", "invited_by"]
    date_hierarchy = "created_at"
    actions = ["resend", "revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            "host",
            "email",
            "role",
            "invited_by",
            "created_at",
            "sent_at",
            "accepted_at",
            "revoked_at",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["host", "email", "role", "language"]
        return self.get_readonly_fields(request, obj)

    def save_model(
        self, request: HttpRequest, obj: HostInvitation, form: Any, change: bool
    ) -> None:
        if change:  # nothing is editable after sending; resend and revoke are actions
            return
        invitation = members.invite_host_member(
            host=form.cleaned_data["host"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
            language=form.cleaned_data["language"],
        )
        # The admin's own redirect and log entry read the saved object.
        obj.pk, obj._state.adding = invitation.pk, False
        self.message_user(
            request,
            _("The invitation is e-mailed to %(email)s; the link is valid for %(days)s days.")
            % {"email": invitation.email, "days": MAX_AGE.days},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send the invitation again (new 7-day link)"))
    def resend(self, request: HttpRequest, queryset: QuerySet[HostInvitation]) -> None:
        self._act(request, queryset.select_related("host"), members.resend_host_invitation)

    @admin.action(description=_("Withdraw selected invitations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[HostInvitation]) -> None:
        self._act(request, queryset, members.revoke_host_invitation)


# --- Subsidy applications and result reports ------------------------------------------------


class ResultReportInline(admin.StackedInline):
    model = ResultReport
    extra = 0
    can_delete = False
    fields = [
        "held_on",
        "participants",
        "jet_participants",
        "companies",
        "comments",
        "submitted_by",
        "submitted_at",
        "updated_at",
        "locked_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the host reports; staff lock it from Result reports


class SubsidyApplicationResource(resources.ModelResource):
    host = fields.Field(attribute="host__name_en", column_name="host")
    participants = fields.Field(attribute="result_report__participants", column_name="participants")
    jet_participants = fields.Field(
        attribute="result_report__jet_participants", column_name="jet_participants"
    )
    companies = fields.Field(attribute="result_report__companies", column_name="companies")

    class Meta:
        model = SubsidyApplication
        fields = [
            "id",
            "host",
            "kind",
            "title_ja",
            "title_en",
            *subsidies.PLAN_FIELDS,
            *subsidies.BUDGET_FIELDS,
            "status",
            "submitted_at",
            "decided_at",
            "participants",
            "jet_participants",
            "companies",
        ]
        export_order = fields


APPLICATIONS_UPDATED = ngettext_lazy(
    "%(count)d application updated; the host's members are told by e-mail.",
    "%(count)d applications updated; the hosts' members are told by e-mail.",
    "count",
)


@admin.register(SubsidyApplication)
class SubsidyApplicationAdmin(
    SafeLookupsMixin,
    BilingualAdminMixin,
    ServiceActionsMixin,
    SpreadsheetExportMixin,
    SimpleHistoryAdmin,
):
    resource_classes = [SubsidyApplicationResource]
    service_argument = "application"
    list_display = [
        "title_en",
        "host",
        "kind",
        "starts_on",
        "budget_yen",
        "requested_subsidy_yen",
        "status",
        "activity_link",
        "submitted_at",
    ]
    list_filter = ["status", "kind", "host"]
    search_fields = [
        "title_en",
        "title_ja",
        "venue",
        "city",
        "contact_name",
        "contact_email",
        "host__name_en",
        "host__name_ja",
    ]
    list_select_related = ["host", "event", "programme"]
    date_hierarchy = "starts_on"
    inlines = [ResultReportInline]
    raw_id_fields = ["event", "programme"]
    readonly_fields = [
        "status",
        "staff_message_ja",
        "staff_message_en",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "event",
        "programme",
    ]
    fieldsets = [
        (None, {"fields": ["host", "kind", "title_ja", "title_en"]}),
        (_("Plan"), {"fields": subsidies.PLAN_FIELDS}),
        (_("Budget"), {"fields": subsidies.BUDGET_FIELDS}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email", "notes"]}),
        (
            _("Review"),
            {
                "fields": readonly_fields,  # CLAIR's review is only read here: the actions decide
                "description": _(
                    "Use the actions Approve, Ask for changes and Reject on the list: they "
                    "e-mail every member of the host with your message."
                ),
            },
        ),
    ]
    actions = ["approve", "ask_for_changes", "reject"]

    @admin.display(description=_("on the portal"))
    def activity_link(self, application: SubsidyApplication) -> str:
        activity = application.activity
        if activity is None:
            return "–"
        opts = activity._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[activity.pk])
        return format_html('<a href="{}">{}</a>', url, activity)

    def _with_message(
        self,
        request: HttpRequest,
        queryset: QuerySet[SubsidyApplication],
        *,
        service: Callable[..., Any],
        required: bool,
        **page: Any,
    ) -> HttpResponse | None:
        """Ask for the message to the hosts' members on an intermediate page (`page`: the
        action's name, title, intro and button), then decide with it."""
        return ask_then_run(
            self,
            request,
            queryset,
            form=DecisionMessageForm(submitted(request), required=required),
            call=lambda application, data: service(
                application=application,
                by=request.user,
                message_en=data["message_en"],
                message_ja=data["message_ja"],
            ),
            refused=RegionalError,
            done=APPLICATIONS_UPDATED,
            objects=queryset.select_related("host"),
            describe=lambda application: (
                f"{application} · {application.host} ({application.get_status_display()})"
            ),
            **page,
        )

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._with_message(
            request,
            queryset,
            action="approve",
            service=subsidies.approve_application,
            title=_("Approve subsidy applications"),
            intro=_(
                "These applications will be approved. Every member of each host receives "
                "your message (optional) by e-mail, in their language."
            ),
            button=_("Approve and send"),
            required=False,
        )

    @admin.action(description=_("Ask for changes to selected applications"), permissions=["change"])
    def ask_for_changes(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._with_message(
            request,
            queryset,
            action="ask_for_changes",
            service=subsidies.request_changes,
            title=_("Ask for changes"),
            intro=_(
                "These applications go back to their hosts. Every member receives your "
                "message by e-mail; they edit the application and send it again."
            ),
            button=_("Ask for changes and send"),
            required=True,
        )

    @admin.action(description=_("Reject selected applications"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return self._with_message(
            request,
            queryset,
            action="reject",
            service=subsidies.reject_application,
            title=_("Reject subsidy applications"),
            intro=_(
                "These applications will not be approved. Every member of each host "
                "receives your message by e-mail, in their language."
            ),
            button=_("Reject and send"),
            required=True,
        )


@admin.register(ResultReport)
class ResultReportAdmin(SafeLookupsMixin, ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = [
        "application",
        "host",
        "held_on",
        "participants",
        "jet_participants",
        "companies",
        "locked_at",
    ]
    list_filter = [("locked_at", presence_filter(_("lock"), _("Locked"), _("Not locked"))),
                   "application__host"]  # fmt: skip
    search_fields = ["application__title_en", "application__title_ja", "application__host__name_en"]
    list_select_related = ["application__host"]
    date_hierarchy = "held_on"
    raw_id_fields = ["application", "submitted_by"]
    readonly_fields = ["submitted_by", "submitted_at", "updated_at", "locked_at"]
    actions = ["lock", "unlock"]
    service_argument = "report"

    @admin.display(description=_("host organisation"), ordering="application__host__name_en")
    def host(self, report: ResultReport) -> str:
        return str(report.application.host)

    @admin.action(description=_("Lock selected reports (members can no longer edit)"))
    def lock(self, request: HttpRequest, queryset: QuerySet[ResultReport]) -> None:
        self._act(request, queryset, subsidies.set_report_locked, locked=True)

    @admin.action(description=_("Unlock selected reports"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[ResultReport]) -> None:
        self._act(request, queryset, subsidies.set_report_locked, locked=False)


# --- JET Furusato Vision Project ------------------------------------------------------------


class ReportMeetingInline(admin.TabularInline):
    model = FurusatoReportMeeting
    extra = 0
    fields = ["schedule", "event"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # created by the action, which makes the event too


@admin.register(FurusatoCall)
class FurusatoCallAdmin(
    SafeLookupsMixin, BilingualAdminMixin, ServiceActionsMixin, SimpleHistoryAdmin
):
    list_display = ["title_en", "year", "opens_at", "closes_at", "is_open", "proposal_count"]
    list_filter = ["is_open", "year"]
    search_fields = ["title_en", "title_ja", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["is_open"]
    inlines = [ReportMeetingInline]
    actions = ["open_calls", "close_calls", "create_report_meeting"]
    service_argument = "call"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "year",
                    "slug",
                    "title_en",
                    "title_ja",
                    "description_en",
                    "description_ja",
                ]
            },
        ),
        (_("Proposals"), {"fields": ["opens_at", "closes_at", "is_open"]}),
        (
            _("Schedules"),
            {
                "fields": [
                    "schedule_a_starts_on",
                    "schedule_a_ends_on",
                    "schedule_b_starts_on",
                    "schedule_b_ends_on",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FurusatoCall]:
        return super().get_queryset(request).annotate(_proposals=Count("proposals"))

    @admin.display(description=_("proposals"), ordering="_proposals")
    def proposal_count(self, call: FurusatoCall) -> int:
        return call._proposals

    @admin.action(description=_("Open selected calls for proposals"))
    def open_calls(self, request: HttpRequest, queryset: QuerySet[FurusatoCall]) -> None:
        self._act(request, queryset, furusato.set_call_open, is_open=True)

    @admin.action(description=_("Close selected calls"))
    def close_calls(self, request: HttpRequest, queryset: QuerySet[FurusatoCall]) -> None:
        self._act(request, queryset, furusato.set_call_open, is_open=False)

    @admin.action(description=_("Create the report meeting event"))
    def create_report_meeting(
        self, request: HttpRequest, queryset: QuerySet[FurusatoCall]
    ) -> HttpResponse | None:
        """Ask for the schedule and times, then create one unpublished event per call."""
        form = ReportMeetingForm(submitted(request))
        if form.is_bound and form.is_valid():
            for call in queryset:
                try:
                    event = furusato.create_report_meeting(
                        call=call, by=request.user, **form.cleaned_data
                    )
                except RegionalError as error:
                    self.message_user(request, error.message, messages.WARNING)
                    continue
                url = reverse("admin:events_event_change", args=[event.pk])
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("The report meeting is created as an unpublished event:"),
                        url,
                        event,
                    ),
                    messages.SUCCESS,
                )
            return None
        return confirm_page(
            self,
            request,
            action="create_report_meeting",
            objects=queryset,
            form=form,
            title=_("Create the report meeting event"),
            intro=_(
                "One unpublished networking event per selected call, at CLAIR "
                "headquarters and open to everyone. Publish it under Events when the "
                "programme is ready; people then register as for any event."
            ),
            button=_("Create the event"),
        )


@admin.register(FurusatoProposal)
class FurusatoProposalAdmin(SafeLookupsMixin, ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = [
        "proposer",
        "call",
        "municipality",
        "prefecture",
        "field",
        "schedule_wanted",
        "status",
        "schedule",
        "is_published",
    ]
    list_filter = [
        "call",
        "status",
        "field",
        "schedule_wanted",
        "schedule",
        "is_published",
        "prefecture",
    ]
    search_fields = ["proposer__full_name", "proposer__user__email", "municipality", "plan"]
    list_select_related = ["call", "proposer"]
    readonly_fields = [
        "call",
        "proposer",
        "municipality",
        "prefecture",
        "field",
        "plan",
        "schedule_wanted",
        "bio",
        "status",
        "schedule",
        "is_published",
        "submitted_at",
        "updated_at",
        "decided_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "proposer",
                    "municipality",
                    "prefecture",
                    "field",
                    "schedule_wanted",
                    "plan",
                    "bio",
                    "submitted_at",
                    "updated_at",
                ]
            },
        ),
        (
            _("Selection"),
            {
                "fields": [
                    "status",
                    "decided_at",
                    "schedule",
                    "is_published",
                    "coordination_notes",
                ],
                "description": _(
                    "Shortlist, select or decline with the actions on the list (the alumnus is "
                    "told by e-mail). Write the coordination with the municipality here, then "
                    "use “Mark as coordinated”."
                ),
            },
        ),
    ]
    actions = [
        "shortlist",
        "select_proposals",
        "decline_proposals",
        "coordinated",
        "schedule_a",
        "schedule_b",
        "publish",
        "unpublish",
    ]
    service_argument = "proposal"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # alumni propose on the site

    @admin.action(description=_("Shortlist (e-mails the alumnus)"))
    def shortlist(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.shortlist_proposal)

    @admin.action(description=_("Select (e-mails the alumnus)"))
    def select_proposals(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.select_proposal)

    @admin.action(description=_("Not selected (e-mails the alumnus)"))
    def decline_proposals(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.decline_proposal)

    @admin.action(description=_("Mark as coordinated with the municipality"))
    def coordinated(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.mark_coordinated)

    @admin.action(description=_("Assign schedule A"))
    def schedule_a(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.assign_schedule, schedule=Schedule.A)

    @admin.action(description=_("Assign schedule B"))
    def schedule_b(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.assign_schedule, schedule=Schedule.B)

    @admin.action(description=_("Publish on the Furusato page"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.set_proposal_published, published=True)

    @admin.action(description=_("Remove from the Furusato page"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._act(request, queryset, furusato.set_proposal_published, published=False)
