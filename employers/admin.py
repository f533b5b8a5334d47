"""Staff tools for employers: verify or reject (through the services, which e-mail every
member), change history, CSV export, members and invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_confirm import confirm_page, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin

from . import services
from .forms import RejectForm
from .models import Employer, Invitation, Membership
from .services import EmployerError


class EmployerResource(resources.ModelResource):
    """The CSV export: the details, the verification and the owner's address."""

    owner_email = fields.Field(column_name="owner_email")
    member_count = fields.Field(column_name="member_count")

    class Meta:
        model = Employer
        fields = (
            "id",
            "slug",
            "name_ja",
            "name_en",
            "industry",
            "prefecture",
            "size",
            "website",
            "contact_name",
            "contact_phone",
            "status",
            "status_reason",
            "reviewed_at",
            "created_at",
            "owner_email",
            "member_count",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return queryset.prefetch_related("memberships__user")

    def dehydrate_owner_email(self, employer: Employer) -> str:
        owners = [m.user.email for m in employer.memberships.all() if m.is_owner]
        return owners[0] if owners else ""

    def dehydrate_member_count(self, employer: Employer) -> int:
        return len(employer.memberships.all())


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "invited_by", "created_at", "accepted_at", "revoked_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # owners invite from their page, so the mail and the token are right


@admin.register(Employer)
class EmployerAdmin(
    SafeLookupsMixin, BilingualAdminMixin, SpreadsheetExportMixin, SimpleHistoryAdmin
):
    resource_classes = [EmployerResource]
    list_display = [
        "name_en",
        "name_ja",
        "industry",
        "prefecture",
        "status",
        "member_count",
        "created_at",
    ]
    list_filter = ["status", "industry", "prefecture", "size"]
    search_fields = [
        "name_en",
        "name_ja",
        "contact_name",
        "contact_phone",
        "memberships__user__email",
    ]
    readonly_fields = ["status", "status_reason", "reviewed_at", "reviewed_by", "created_at"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "created_at"
    inlines = [MembershipInline, InvitationInline]
    actions = ["verify_selected", "reject_selected"]
    fieldsets = [
        (None, {"fields": ["name_ja", "name_en", "slug", "industry", "prefecture", "size"]}),
        (_("Profile"), {"fields": ["website", "description_ja", "description_en"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone"]}),
        (
            _("Verification"),
            {
                "fields": ["status", "status_reason", "reviewed_at", "reviewed_by", "created_at"],
                "description": _(
                    "Use the actions Verify and Reject on the list of employers: they e-mail "
                    "every member."
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, employer: Employer) -> int:
        return employer._member_count

    def _apply(self, request: HttpRequest, queryset: QuerySet, action: Any, **kwargs: Any) -> int:
        """Run a service on each employer; one refused does not stop the others."""
        count = 0
        for employer in queryset:
            try:
                action(employer=employer, by=request.user, **kwargs)
            except EmployerError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                count += 1
        return count

    @admin.action(description=_("Verify selected employers"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._apply(request, queryset, services.verify_employer)
        if count:
            message = ngettext(
                "%(count)d employer verified; its members are told by e-mail.",
                "%(count)d employers verified; their members are told by e-mail.",
                count,
            )
            self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject selected employers"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Asks for the reason on an intermediate page, then rejects with it."""
        form = RejectForm(submitted(request))
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            count = self._apply(request, queryset, services.reject_employer, reason=reason)
            if count:
                message = ngettext(
                    "%(count)d employer rejected; its members are told by e-mail.",
                    "%(count)d employers rejected; their members are told by e-mail.",
                    count,
                )
                self.message_user(request, message % {"count": count}, messages.SUCCESS)
            return None  # back to the list
        return confirm_page(
            self,
            request,
            action="reject_selected",
            objects=queryset,
            form=form,
            title=_("Reject employers"),
            intro=_(
                "These employers will be rejected. Every member of each receives the reason "
                "below by e-mail, in their language, and sees it on their organisation's page."
            ),
            button=_("Reject and send the reason"),
            describe=lambda employer: (
                f"{employer.name_en} / {employer.name_ja} ({employer.get_status_display()})"
            ),
        )


@admin.register(Invitation)
class InvitationAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["email", "employer", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_filter = [
        ("accepted_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "invited_by"]
    raw_id_fields = ["employer", "invited_by"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an invitation without its e-mail is useless: owners invite from their page
