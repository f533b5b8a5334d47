"""Staff run internships in Django admin: programme states, positions, screening, matching."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin

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
class ProgrammeAdmin(SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
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


class PositionAdminForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)

    def clean_capacity(self) -> int:
        """Places ≤ capacity: staff cannot cut the places below those accepted offers hold."""
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            try:
                services.check_capacity(position=self.instance, capacity=capacity)
            except services.InternshipError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return capacity


@admin.register(Position)
class PositionAdmin(SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
    list_display = ["title_en", "employer", "programme", "industry", "job_type", "capacity",
                    "min_jlpt", "status"]  # fmt: skip
    list_filter = ["status", "programme", "industry", "job_type", "prefecture"]
    search_fields = ["title_en", "title_ja", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "programme"]
    raw_id_fields = ["employer", "created_by"]
    readonly_fields = ["status"]
    form = PositionAdminForm
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
class ApplicationAdmin(SafeLookupsMixin, SpreadsheetExportMixin, SimpleHistoryAdmin):
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


# Choices up to this number get a row of their own in a run's histogram; the rest share one.
HISTOGRAM_ROWS = 10


class StaleFilter(admin.SimpleListFilter):
    title = _("stuck")
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("yes", _("Stuck runs (no progress for a long time)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> QuerySet[MatchRun]:
        if self.value() == "yes":
            return queryset.stale()
        return queryset


@admin.register(MatchRun)
class MatchRunAdmin(SafeLookupsMixin, admin.ModelAdmin):
    """Runs are read-only; staff publish finished ones and re-queue (or fail) stuck ones, each
    through its service, with one message a run."""

    list_display = ["__str__", "round", "state", "stuck", "seed", "matched", "created_at",
                    "finished_at"]  # fmt: skip
    list_filter = ["state", StaleFilter, "programme"]
    readonly_fields = ["programme", "round", "state", "stuck", "seed", "input_digest", "summary",
                       "results", "violations", "error", "created_at", "queued_at",
                       "started_at", "finished_at", "published_at", "started_by"]  # fmt: skip
    exclude = ["statistics"]
    actions = ["publish", "requeue", "mark_failed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs are started from the programme list

    @admin.display(description=_("stuck"), boolean=True)
    def stuck(self, run: MatchRun) -> bool:
        """Queued or running for longer than models.stale_run_after(): its worker died."""
        return run.is_stale()

    @admin.display(description=_("matched"))
    def matched(self, run: MatchRun) -> str:
        stats = run.statistics or {}
        return f"{stats.get('matched', '-')} / {stats.get('applicants', '-')}"

    @admin.display(description=_("statistics"))
    def summary(self, run: MatchRun) -> str:
        stats = run.statistics or {}
        if not stats:
            return "-"
        fill = stats.get("fill", {}).values()
        full = sum(1 for filled, capacity in fill if filled >= capacity)
        free = sum(max(capacity - filled, 0) for filled, capacity in fill)
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td></tr>", _histogram_rows(stats.get("histogram", {}))
        )
        return format_html(
            "<p>{}: {} · {}: {} · {}: {} · {}: {}</p><p>{}</p>"
            "<table><tr><th>{}</th><th>{}</th></tr>{}</table>",
            _("applicants"), stats.get("applicants"), _("places"), stats.get("places"),
            _("matched"), stats.get("matched"), _("unmatched"), stats.get("unmatched"),
            _("%(full)s of %(positions)s positions are full; %(free)s places are left.")
            % {"full": full, "positions": len(fill), "free": free},
            _("choice"), _("applicants"), rows,
        )  # fmt: skip

    @admin.display(description=_("results"))
    def results(self, run: MatchRun) -> str:
        """Links to the run's results, not an inline: a large run has thousands of them."""
        if not run.pk:
            return "-"
        url = reverse("admin:internships_outcome_changelist")
        links = [
            (f"{url}?run__id__exact={run.pk}&matched={key}", label, count)
            for key, label, count in [
                ("yes", _("Matched applicants"), run.outcomes.exclude(position=None).count()),
                ("no", _("Unmatched applicants"), run.outcomes.filter(position=None).count()),
            ]
        ]
        return format_html_join(" · ", '<a href="{}">{} ({})</a>', links)

    @admin.action(description=_("Publish selected runs and e-mail every applicant"))
    def publish(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> None:
        """One message a run, oldest first: the first run of a round is published, a second
        one of the same round is refused (one_published_run_per_round)."""
        for run in queryset.order_by("created_at", "pk"):
            try:
                told = services.publish_run(run=run)
            except services.InternshipError as exc:
                self._tell(request, run, str(exc), messages.ERROR)
            else:
                self._tell(
                    request,
                    run,
                    ngettext(
                        "Published. %(n)s applicant will receive the result by e-mail in the "
                        "next few minutes.",
                        "Published. %(n)s applicants will receive their results by e-mail in the "
                        "next few minutes.",
                        told,
                    )
                    % {"n": told},
                )

    @admin.action(description=_("Re-queue selected stuck runs"))
    def requeue(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> None:
        for run in queryset.order_by("pk"):
            try:
                services.requeue_run(run=run)
            except services.InternshipError as exc:
                self._tell(request, run, str(exc), messages.ERROR)
            else:
                self._tell(request, run, _("Queued again: a worker will run it shortly."))

    @admin.action(description=_("Mark selected stuck runs as failed"))
    def mark_failed(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> None:
        for run in queryset.order_by("pk"):
            try:
                services.fail_stale_run(run=run)
            except services.InternshipError as exc:
                self._tell(request, run, str(exc), messages.ERROR)
            else:
                self._tell(request, run, _("Marked as failed: you can start a new run."))

    def _tell(
        self, request: HttpRequest, run: MatchRun, text: str, level: int = messages.INFO
    ) -> None:
        self.message_user(
            request, _("Run %(id)s: %(message)s") % {"id": run.pk, "message": text}, level
        )


def _histogram_rows(histogram: dict[str, int]) -> list[tuple[str, int]]:
    """The first choices one by one, then the later ones together, then the unmatched."""
    counts = {int(choice): n for choice, n in histogram.items() if choice.isdigit()}
    rows = [(str(choice), counts[choice]) for choice in sorted(counts) if choice <= HISTOGRAM_ROWS]
    later = sum(n for choice, n in counts.items() if choice > HISTOGRAM_ROWS)
    if later:
        rows.append((_("choice %(n)s or later") % {"n": HISTOGRAM_ROWS + 1}, later))
    rows.append((_("unmatched"), histogram.get("unmatched", 0)))
    return rows


class MatchedFilter(admin.SimpleListFilter):
    title = _("result")
    parameter_name = "matched"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("yes", _("Matched applicants")), ("no", _("Unmatched applicants"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Outcome]) -> QuerySet[Outcome]:
        if self.value() in ("yes", "no"):
            return queryset.filter(position__isnull=self.value() == "no")
        return queryset


class OutcomeResource(resources.ModelResource):
    """One row an applicant: the spreadsheet staff send on to host companies and the board."""

    name = fields.Field(attribute="application__participant__full_name", column_name="name")
    email = fields.Field(attribute="application__participant__user__email", column_name="email")
    employer = fields.Field(attribute="position__employer__name_en", column_name="employer")
    position_title = fields.Field(attribute="position__title_en", column_name="position")

    class Meta:
        model = Outcome
        fields = ["id", "name", "email", "employer", "position_title", "choice_number",
                  "response", "responded_at"]  # fmt: skip
        export_order = fields


@admin.register(Outcome)
class OutcomeAdmin(SafeLookupsMixin, SpreadsheetExportMixin, admin.ModelAdmin):
    """Each applicant's result in a run, for staff to review; the engine writes them."""

    resource_classes = [OutcomeResource]
    list_display = ["applicant", "position", "choice_number", "response", "run"]
    list_filter = ["run", MatchedFilter, "response"]
    list_select_related = ["application__participant", "application__programme",
                           "position__employer", "run__programme"]  # fmt: skip
    search_fields = ["application__participant__full_name",
                     "application__participant__user__email"]  # fmt: skip
    fields = ["run", "application", "position", "choice_number", "reasons", "response",
              "seat", "responded_at", "employer_evaluation", "intern_report"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("applicant"), ordering="application__participant__full_name")
    def applicant(self, outcome: Outcome) -> str:
        return str(outcome.application.participant or "-")

    @admin.display(description=_("why not a preferred position"))
    def reasons(self, outcome: Outcome) -> str:
        positions = outcome.run.programme.positions.select_related("employer")
        sentences = services.explain(outcome, {p.pk: p for p in positions})
        if not sentences:
            return "-"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
        )
