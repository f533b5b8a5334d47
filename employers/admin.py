"""Staff tools for employers: verify or reject (through the services, which e-mail every
member) from the list or the employer's own page, change history, CSV export, members and
invitations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_actions import run_each
from jetcareer.admin_confirm import ObjectActionsMixin, ReasonForm, confirm_page, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin, presence_filter
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.slugs import unique_slug

from . import services
from .forms import CorporateNumberField, KanaReadingField
from .models import Employer, Invitation, Membership
from .services import EmployerError


class EmployerResource(resources.ModelResource):
    """The CSV export: the details, the verification and the owner's address."""

    owner_email = fields.Field(column_name="owner_email")
    member_count = fields.Field(column_name="member_count")
    # The export page's names of the columns computed here (jetcareer.admin_export).
    labels = {"owner_email": _("Owner's e-mail address"), "member_count": _("Number of members")}

    class Meta:
        model = Employer
        # What the organisation wrote (services.DETAIL_FIELDS, less the long descriptions),
        # then CLAIR's review.
        fields = (
            "id",
            "slug",
            *(f for f in services.DETAIL_FIELDS if not f.startswith("description_")),
            "status",
            "status_reason_ja",
            "status_reason_en",
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


def describe(employer: Employer) -> str:
    """An employer on a confirmation page: both names (the English one may be missing) and
    the state it is in now."""
    names = " / ".join(name for name in (employer.name_ja, employer.name_en) if name)
    return f"{names} ({employer.get_status_display()})"


class EmployerAdminForm(forms.ModelForm):
    """Staff type the reading and the corporate number as members do (kana of any kind,
    full-width digits, hyphens); the slug is made from the names when left empty."""

    name_kana = KanaReadingField(
        label=_("Reading of the name (furigana)"),
        required=False,
        max_length=200,
        help_text=Employer._meta.get_field("name_kana").help_text,
    )
    corporate_number = CorporateNumberField(
        label=_("Corporate number"),
        required=False,
        help_text=Employer._meta.get_field("corporate_number").help_text,
    )

    class Meta:
        model = Employer
        # The fields this form changes; EmployerAdmin's fieldsets list the others it shows.
        fields = ["name_kana", "corporate_number", "slug"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The address of the public page. Left empty, it is made from the English name "
                "(or is employer-N for a Japanese-only name)."
            )


@admin.register(Employer)
class EmployerAdmin(
    ObjectActionsMixin,
    SafeLookupsMixin,
    BilingualAdminMixin,
    SpreadsheetExportMixin,
    SimpleHistoryAdmin,
):
    form = EmployerAdminForm
    resource_classes = [EmployerResource]
    # BilingualAdminMixin shows the two names as one column in the reader's language.
    list_display = [
        "name_ja",
        "name_en",
        "corporate_number",
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
        "name_kana",
        "corporate_number",
        "contact_name",
        "contact_phone",
        "memberships__user__email",
    ]
    readonly_fields = ["status", "status_reason_ja", "status_reason_en", "reviewed_at",
                       "reviewed_by", "created_at"]  # fmt: skip
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "created_at"
    # Newest first: the ones waiting for verification are the recent ones.
    ordering = ["-created_at", "-pk"]
    inlines = [MembershipInline, InvitationInline]
    actions = ["verify_selected", "reject_selected"]
    object_actions = ["verify_selected", "reject_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name_ja",
                    "name_en",
                    "name_kana",
                    "corporate_number",
                    "slug",
                    "industry",
                    "prefecture",
                    "size",
                ]
            },
        ),
        (_("Profile"), {"fields": ["website", "description_ja", "description_en"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone"]}),
        (
            _("Verification"),
            {
                "fields": [
                    "status",
                    "status_reason_ja",
                    "status_reason_en",
                    "reviewed_at",
                    "reviewed_by",
                    "created_at",
                ],
                "description": _(
                    "Verify or reject with the buttons at the top of this page, or for several "
                    "employers at once with the actions of the list. Both ask first and e-mail "
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

    def save_model(self, request: HttpRequest, obj: Employer, form: Any, change: bool) -> None:
        if not obj.slug:
            obj.slug = unique_slug(
                Employer.objects.exclude(pk=obj.pk),
                obj.name_en,
                fallback=services.SLUG_FALLBACK,
                reserved=services.RESERVED_SLUGS,
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Verify (e-mails the members)"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Says how many people will be e-mailed on an intermediate page, then verifies."""
        if submitted(request) is not None:
            run_each(
                self,
                request,
                queryset,
                lambda employer: services.verify_employer(employer=employer, by=request.user),
                refused=EmployerError,
                done=ngettext_lazy(
                    "%(count)d employer verified; its members are told by e-mail.",
                    "%(count)d employers verified; their members are told by e-mail.",
                    "count",
                ),
            )
            return None  # back to the list, or to the employer's page
        members = Membership.objects.filter(employer__in=queryset).count()
        return confirm_page(
            self,
            request,
            action="verify_selected",
            objects=queryset,
            title=_("Verify employers"),
            intro=ngettext(
                "The employers below will be verified: they may then apply for booths and post "
                "internship places, and their public pages go online. %(count)d member will "
                "be told by e-mail, in their language.",
                "The employers below will be verified: they may then apply for booths and post "
                "internship places, and their public pages go online. %(count)d members will "
                "be told by e-mail, in their language.",
                members,
            )
            % {"count": members},
            button=_("Verify and e-mail the members"),
            describe=describe,
        )

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Asks for the reason (Japanese, English or both) on an intermediate page, then
        rejects with it."""
        form = ReasonForm(submitted(request))
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data
            run_each(
                self,
                request,
                queryset,
                lambda employer: services.reject_employer(
                    employer=employer,
                    by=request.user,
                    reason_en=reason["reason_en"],
                    reason_ja=reason["reason_ja"],
                ),
                refused=EmployerError,
                done=ngettext_lazy(
                    "%(count)d employer rejected; its members are told by e-mail.",
                    "%(count)d employers rejected; their members are told by e-mail.",
                    "count",
                ),
            )
            return None  # back to the list, or to the employer's page
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
            describe=describe,
        )


@admin.register(Invitation)
class InvitationAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["email", "employer", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_filter = [
        ("accepted_at", presence_filter(_("acceptance"), _("Accepted"), _("Not accepted"))),
        ("revoked_at", presence_filter(_("revocation"), _("Revoked"), _("Not revoked"))),
    ]
    search_fields = ["email", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "invited_by"]
    raw_id_fields = ["employer", "invited_by"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an invitation without its e-mail is useless: owners invite from their page
