"""Staff run internships in Django admin: programme states, positions, screening, matching."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Application, MatchRun, Outcome, Period, Position, PositionChoice, Programme


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


def _state_action(state: str, label: str):
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        for programme in queryset:
            try:
                services.move_programme(programme=programme, to=state)
            except services.InternshipError as exc:
                modeladmin.message_user(request, str(exc), messages.ERROR)

    action.__name__ = f"move_to_{state}"
    return admin.action(description=label)(action)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title_en", "year", "state", "min_jlpt", "min_year_on_jet",
                    "applications_close_at"]  # fmt: skip
    list_filter = ["state", "year"]
    search_fields = ["title_en", "title_ja", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["state"]
    inlines = [PeriodInline]
    actions = [
        _state_action("open", _("Open for applications")),
        _state_action("screening", _("Close applications and start screening")),
        _state_action("matching", _("Move to matching")),
        _state_action("closed", _("Close the programme")),
        "start_matching",
    ]

    @admin.action(description=_("Run the matching (in the background)"))
    def start_matching(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        for programme in queryset:
            try:
                run = services.start_matching(programme=programme, by=request.user)
            except services.InternshipError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Matching run %(id)s started: watch its state under Matching runs.")
                    % {"id": run.pk},
                )


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["title_en", "employer", "programme", "industry", "job_type", "capacity",
                    "min_jlpt", "status"]  # fmt: skip
    list_filter = ["status", "programme", "industry", "job_type", "prefecture"]
    search_fields = ["title_en", "title_ja", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "programme"]
    raw_id_fields = ["employer", "created_by"]
    readonly_fields = ["status"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve selected positions"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Position]) -> None:
        for position in queryset:
            services.decide_position(position=position, approve=True)
        self.message_user(request, _("Positions approved; the employers are told."))

    @admin.action(description=_("Reject selected positions"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Position]) -> None:
        for position in queryset:
            services.decide_position(position=position, approve=False)
        self.message_user(request, _("Positions rejected; the employers are told."))


class ChoiceInline(admin.TabularInline):
    model = PositionChoice
    extra = 0
    raw_id_fields = ["position"]


class ApplicationResource(resources.ModelResource):
    name = fields.Field(attribute="participant__full_name", column_name="name")
    email = fields.Field(attribute="participant__user__email", column_name="email")
    jlpt = fields.Field(attribute="participant__jlpt_level", column_name="jlpt")

    class Meta:
        model = Application
        fields = ["id", "name", "email", "jlpt", "state", "screening", "document_score",
                  "interview_at", "interview_score", "industry_1", "industry_2", "industry_3",
                  "submitted_at"]  # fmt: skip
        export_order = fields


@admin.register(Application)
class ApplicationAdmin(ExportActionMixin, SimpleHistoryAdmin):
    """Screening: scores, interview time (the applicant is told) and the result, via services."""

    resource_classes = [ApplicationResource]
    list_display = ["participant", "programme", "state", "screening", "document_score",
                    "interview_at", "interview_score"]  # fmt: skip
    list_filter = ["programme", "state", "screening", "participant__jlpt_level",
                   "participant__position"]  # fmt: skip
    search_fields = ["participant__full_name", "participant__user__email"]
    list_select_related = ["participant", "programme"]
    raw_id_fields = ["participant"]
    readonly_fields = ["state", "submitted_at", "consent_recorded_at", "paid_leave_confirmed",
                       "supervisor_name"]  # fmt: skip
    inlines = [ChoiceInline]

    def save_model(self, request: HttpRequest, obj: Application, form, change: bool) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        try:
            services.screen(
                application=obj,
                document_score=obj.document_score,
                interview_at=obj.interview_at,
                interview_score=obj.interview_score,
                result=obj.screening,
                reason=obj.screening_reason,
            )
        except services.InternshipError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return None


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    can_delete = False
    fields = ["application", "position", "choice_number", "response"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "seed", "matched", "created_at", "finished_at"]
    list_filter = ["state", "programme"]
    readonly_fields = ["programme", "round", "state", "seed", "input_digest", "summary",
                       "violations", "error", "created_at", "started_at", "finished_at",
                       "published_at", "started_by"]  # fmt: skip
    exclude = ["statistics"]
    inlines = [OutcomeInline]
    actions = ["publish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs are started from the programme list

    @admin.display(description=_("matched"))
    def matched(self, run: MatchRun) -> str:
        stats = run.statistics or {}
        return f"{stats.get('matched', '-')} / {stats.get('applicants', '-')}"

    @admin.display(description=_("statistics"))
    def summary(self, run: MatchRun) -> str:
        stats = run.statistics or {}
        if not stats:
            return "-"
        histogram = stats.get("histogram", {})
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", sorted(histogram.items(), key=str)
        )
        return format_html(
            "<p>{}: {} · {}: {} · {}: {} · {}: {}</p><table><tr><th>{}</th><th>{}</th></tr>{}"
            "</table>",
            _("applicants"), stats.get("applicants"), _("places"), stats.get("places"),
            _("matched"), stats.get("matched"), _("unmatched"), stats.get("unmatched"),
            _("choice"), _("applicants"), rows,
        )  # fmt: skip

    @admin.action(description=_("Publish selected runs and e-mail every applicant"))
    def publish(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> None:
        for run in queryset:
            try:
                told = services.publish_run(run=run)
            except services.InternshipError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("Published; %(n)s applicants are told.") % {"n": told})
