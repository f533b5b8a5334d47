"""Staff see response rates and export the answers."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin

from .models import Invitation, Response, Survey


@admin.register(Survey)
class SurveyAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "opens_at", "closes_at", "invited", "answered", "rate"]
    list_filter = ["kind", "opens_at"]
    search_fields = ["event__title_en", "programme__title_en"]
    raw_id_fields = ["event", "programme"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return (
            super()
            .get_queryset(request)
            .select_related("event", "programme")
            .annotate(
                n_invited=Count("invitations", distinct=True),
                n_answered=Count("responses", distinct=True),
            )
        )

    @admin.display(description=_("invited"), ordering="n_invited")
    def invited(self, survey: Survey) -> int:
        return survey.n_invited

    @admin.display(description=_("answered"), ordering="n_answered")
    def answered(self, survey: Survey) -> int:
        return survey.n_answered

    @admin.display(description=_("response rate"))
    def rate(self, survey: Survey) -> str:
        if not survey.n_invited:
            return "-"
        return f"{100 * survey.n_answered / survey.n_invited:.0f}%"


class ResponseResource(resources.ModelResource):
    survey_kind = fields.Field(attribute="survey__kind", column_name="survey")
    subject = fields.Field(attribute="survey", column_name="subject")
    exhibitor = fields.Field(attribute="employer__name_en", column_name="exhibitor")

    class Meta:
        model = Response
        fields = ["id", "survey_kind", "subject", "exhibitor", "satisfaction", "usefulness",
                  "hiring_intent",
                  "candidates", "employment", "employer_name", "fair_helped", "comments",
                  "created_at"]  # fmt: skip
        export_order = fields


@admin.register(Response)
class ResponseAdmin(SafeLookupsMixin, SpreadsheetExportMixin, admin.ModelAdmin):
    resource_classes = [ResponseResource]
    list_display = ["survey", "satisfaction", "hiring_intent", "employment", "created_at"]
    list_filter = ["survey__kind", "satisfaction", "hiring_intent", "employment", "survey"]
    search_fields = ["comments", "employer_name"]
    list_select_related = ["survey__event", "survey__programme"]
    raw_id_fields = ["survey", "user", "employer"]


@admin.register(Invitation)
class InvitationAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["survey", "user", "sent_at", "reminded_at"]
    list_filter = ["survey__kind"]
    raw_id_fields = ["survey", "user", "employer"]
    list_select_related = ["survey__event", "survey__programme", "user"]
