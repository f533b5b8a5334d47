"""Staff review booth applications: approve (refusals such as "no booth left" are reported, not
raised), reject with a reason (Japanese, English or both) on an intermediate page, label
booths, export CSV. Approve and reject are also buttons on an application's own page
(ObjectActionsMixin), where the status and the decision are read-only. Every change goes
through events.services.exhibitors, which locks the fair and e-mails the members."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_actions import ask_then_run, run_each
from jetcareer.admin_confirm import ObjectActionsMixin, ReasonForm, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin

from .exhibitor_forms import ExhibitorAdminForm
from .models import Exhibitor
from .services import EventError
from .services import exhibitors as svc


class ExhibitorResource(resources.ModelResource):
    event = fields.Field(attribute="event__slug", column_name="event")
    employer_en = fields.Field(attribute="employer__name_en", column_name="employer_en")
    employer_ja = fields.Field(attribute="employer__name_ja", column_name="employer_ja")

    class Meta:
        model = Exhibitor
        fields = ["id", "event", "employer_en", "employer_ja", "status", "wants_booth",
                  "booth_label", "online_presentation", "note", "status_reason_ja",
                  "status_reason_en", "applied_at", "decided_at"]  # fmt: skip
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return queryset.select_related("event", "employer")


@admin.register(Exhibitor)
class ExhibitorAdmin(
    SafeLookupsMixin,
    ObjectActionsMixin,
    BilingualAdminMixin,
    SpreadsheetExportMixin,
    SimpleHistoryAdmin,
):
    resource_classes = [ExhibitorResource]
    form = ExhibitorAdminForm
    list_display = ["employer", "event", "status", "booth", "booth_label", "online",
                    "applied_at"]  # fmt: skip
    list_editable = ["booth_label"]
    list_filter = ["status", "event", "online_presentation", "wants_booth"]
    search_fields = ["employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "event"]
    date_hierarchy = "applied_at"
    ordering = ["-applied_at", "-pk"]  # the newest applications first
    fields = ["event", "employer", "status", "wants_booth", "online_presentation", "booth_label",
              "note", "status_reason_ja", "status_reason_en", "applied_at", "applied_by",
              "decided_at", "resume_book"]  # fmt: skip
    readonly_fields = [name for name in fields if name != "booth_label"]
    actions = ["approve_selected", "reject_selected"]
    object_actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # organisations apply from their page, as verified members

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[ModelForm]:
        # Django builds the list's form without `self.form`: the label check would be skipped.
        kwargs.setdefault("form", ExhibitorAdminForm)
        return super().get_changelist_form(request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Exhibitor, form: Any, change: bool) -> None:
        """The booth label is the only editable field; the service saves it under the lock."""
        if change and "booth_label" in form.changed_data:
            try:
                svc.assign_booth_label(exhibitor=obj, label=form.cleaned_data["booth_label"])
            except EventError as exc:  # a label taken in the meantime by another staff member
                self.message_user(request, str(exc), messages.ERROR)

    def object_actions_for(
        self, request: HttpRequest, exhibitor: Exhibitor
    ) -> dict[str, str | None]:
        """Only the decisions the application's status allows (an approval can still be taken
        back with a reason, a rejected application approved after all; nothing for a withdrawn
        one), worded for one application."""
        buttons = {
            "approve_selected": gettext("Approve"),
            "reject_selected": gettext("Reject with a reason"),
        }
        hide = {
            Exhibitor.Status.APPROVED: ["approve_selected"],
            Exhibitor.Status.REJECTED: ["reject_selected"],
            Exhibitor.Status.WITHDRAWN: ["approve_selected", "reject_selected"],
        }.get(exhibitor.status, [])
        return {name: label for name, label in buttons.items() if name not in hide}

    # Short column titles: the list also holds the editable booth label.
    @admin.display(description=_("booth"), boolean=True, ordering="wants_booth")
    def booth(self, exhibitor: Exhibitor) -> bool:
        return exhibitor.wants_booth

    @admin.display(description=_("online"), boolean=True, ordering="online_presentation")
    def online(self, exhibitor: Exhibitor) -> bool:
        return exhibitor.online_presentation

    @admin.display(description=_("résumé book"))
    def resume_book(self, exhibitor: Exhibitor) -> str:
        slug = exhibitor.event.slug
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("events:resume_book", kwargs={"slug": slug}),
            _("Open"),
            reverse("events:resume_book_csv", kwargs={"slug": slug}),
            _("CSV"),
        )

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Exhibitor]) -> None:
        """First come, first served: when booths run out, the later applications are refused."""
        run_each(
            self,
            request,
            queryset.select_related("employer").order_by("applied_at", "pk"),
            lambda exhibitor: svc.approve_exhibitor(exhibitor=exhibitor),
            refused=EventError,
            level=messages.ERROR,
            done=ngettext_lazy(
                "%(count)d exhibitor approved; its members are told by e-mail.",
                "%(count)d exhibitors approved; their members are told by e-mail.",
                "count",
            ),
        )

    @admin.action(description=_("Reject selected applications"), permissions=["change"])
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Exhibitor]
    ) -> HttpResponse | None:
        """Asks for the reason (Japanese, English or both) on an intermediate page, then
        rejects with it."""
        return ask_then_run(
            self,
            request,
            queryset.select_related("employer"),
            form=ReasonForm(submitted(request)),
            call=lambda exhibitor, data: svc.reject_exhibitor(
                exhibitor=exhibitor, reason_en=data["reason_en"], reason_ja=data["reason_ja"]
            ),
            refused=EventError,
            done=ngettext_lazy(
                "%(count)d application rejected; its members are told by e-mail.",
                "%(count)d applications rejected; their members are told by e-mail.",
                "count",
            ),
            action="reject_selected",
            objects=queryset.select_related("employer", "event"),
            title=_("Reject applications"),
            intro=_(
                "These applications will be rejected. Every member of each organisation "
                "receives the reason below by e-mail, in their language, and sees it on the "
                "fair's application page. An approved exhibitor loses its booth."
            ),
            button=_("Reject and send the reason"),
            describe=lambda exhibitor: (
                f"{exhibitor.employer.name_en} / {exhibitor.employer.name_ja} "
                f"@ {exhibitor.event.title_en} ({exhibitor.get_status_display()})"
            ),
        )
