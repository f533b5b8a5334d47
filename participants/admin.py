"""Staff views of participants: filters, search, CSV export and change history."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.pagination import EstimatedCountAdminMixin

from .models import ErasureRecord, ParticipantProfile


class ParticipantResource(resources.ModelResource):
    email = fields.Field(attribute="user__email", column_name="email")
    years_on_jet = fields.Field(column_name="years_on_jet")
    labels = {"years_on_jet": _("Years on JET")}  # the export page's name (admin_export)

    class Meta:
        model = ParticipantProfile
        fields = [
            "id", "email", "full_name", "full_name_kana", "country", "status", "position",
            "prefecture", "contracting_organization", "jet_start_date", "term_end_date",
            "years_on_jet", "jlpt_level", "industry_1", "industry_2", "industry_3",
            "shares_with_employers", "is_advisor", "created_at",
        ]  # fmt: skip
        export_order = fields

    def dehydrate_years_on_jet(self, profile: ParticipantProfile) -> int:
        return profile.years_on_jet()

    def dehydrate_country(self, profile: ParticipantProfile) -> str:
        return profile.country.code or ""


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(
    SafeLookupsMixin,
    EstimatedCountAdminMixin,
    BilingualAdminMixin,  # the advisor's bio in both languages on one row
    SpreadsheetExportMixin,
    SimpleHistoryAdmin,
):  # tens of thousands of profiles: an estimated count, not two full counts per page
    resource_classes = [ParticipantResource]
    list_display = [
        "full_name", "user", "status", "position", "prefecture", "jlpt_level",
        "has_cv", "shares_with_employers", "is_advisor",
    ]  # fmt: skip
    list_filter = [
        "status", "position", "prefecture", "jlpt_level", "shares_with_employers",
        "is_advisor", "industry_1",
    ]  # fmt: skip
    search_fields = ["full_name", "full_name_kana", "user__email", "contracting_organization"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["cv_link", "cv_uploaded_at", "consent_given_at", "created_at"]
    exclude = ["cv"]

    @admin.display(description=_("CV"))
    def cv_link(self, profile: ParticipantProfile) -> str:
        if not profile.cv:
            return "-"
        url = reverse("participants:cv_download", args=[profile.pk])
        return format_html('<a href="{}">{}</a>', url, profile.cv_filename)

    @admin.display(boolean=True, description=_("CV"))
    def has_cv(self, profile: ParticipantProfile) -> bool:
        return bool(profile.cv)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["erased_on", "account_type", "participant_status"]
    list_filter = ["account_type", "participant_status"]
    date_hierarchy = "erased_on"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
