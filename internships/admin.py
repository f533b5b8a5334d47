"""Staff run internships in Django admin: programme states, positions, screening, matching."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext, ngettext_lazy, pgettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_actions import run_each
from jetcareer.admin_confirm import ObjectActionsMixin, ReasonForm, confirm_page, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.choices import Industry
from jetcareer.web.dates import format_label, format_sentences, format_when

from . import services
from .models import (
    RESPONSE_PENDING_FOR_OTHERS,
    Application,
    MatchRun,
    Outcome,
    Period,
    Position,
    Programme,
    stale_run_after,
)

# The run page asks for its progress this often while the run is queued or running.
RUN_STATUS_POLL_SECONDS = 3


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


def _when(value: Any) -> str:
    """A time as staff read it, in Japan time and their language's format."""
    return format_when(value) if value else "-"


class ProgrammeAdminForm(forms.ModelForm):
    """A programme's change form: once results are published, the deadline to accept a match
    stays set (services.check_deadline_kept); publishing needs one ahead (publish_run)."""

    class Meta:
        model = Programme
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose what is shown)
        help_texts = {
            "response_deadline": _(
                "Needed to publish the matching results: applicants accept or decline their "
                "offer by then, and offers not answered lapse."
            )
        }

    def clean_response_deadline(self) -> Any:
        deadline = self.cleaned_data.get("response_deadline")
        try:
            services.check_deadline_kept(programme=self.instance, deadline=deadline)
        except services.InternshipError as exc:
            raise forms.ValidationError(str(exc), code="deadline_needed") from exc
        return deadline


@admin.register(Programme)
class ProgrammeAdmin(ObjectActionsMixin, SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
    form = ProgrammeAdminForm
    list_display = ["title", "year", "state", "min_jlpt", "min_year_on_jet",
                    "applications_close_at"]  # fmt: skip
    list_filter = ["state", "year"]
    search_fields = ["title_en", "title_ja", "slug"]
    ordering = ["-year", "-pk"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["state"]
    inlines = [PeriodInline]
    actions = ["move_to_open", "move_to_screening", "move_to_matching", "move_to_closed",
               "start_matching"]  # fmt: skip
    object_actions = actions

    def object_actions_for(
        self, request: HttpRequest, programme: Programme
    ) -> dict[str, str | None]:
        """Buttons for the moves the programme's state allows (services.TRANSITIONS)."""
        allowed = services.TRANSITIONS[programme.state]
        buttons: dict[str, str | None] = {
            f"move_to_{state}": None for state in Programme.State if state in allowed
        }
        if programme.state in (Programme.State.MATCHING, Programme.State.PUBLISHED):
            buttons["start_matching"] = None
        return buttons

    def has_run_matching_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("internships.add_matchrun")

    def _move(self, request: HttpRequest, queryset: QuerySet[Programme], state: str) -> None:
        moved = 0
        for programme in queryset:
            try:
                services.move_programme(programme=programme, to=state)
            except services.InternshipError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d programme is now '%(state)s'.",
                    "%(count)d programmes are now '%(state)s'.",
                    moved,
                )
                % {"count": moved, "state": Programme.State(state).label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Open for applications"), permissions=["change"])
    def move_to_open(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        self._move(request, queryset, Programme.State.OPEN)

    @admin.action(description=_("Close applications and start screening"), permissions=["change"])
    def move_to_screening(
        self, request: HttpRequest, queryset: QuerySet[Programme]
    ) -> HttpResponse | None:
        """Asks first: nobody can apply or change an application once applications close,
        and the page says when a programme closes before its own deadline."""
        if submitted(request) is not None:
            self._move(request, queryset, Programme.State.SCREENING)
            return None
        live = ~Q(applications__state=Application.State.WITHDRAWN)
        programmes = list(queryset.annotate(live_applications=Count("applications", filter=live)))
        now = timezone.now()
        early = [p for p in programmes if p.applications_close_at and p.applications_close_at > now]
        intro = gettext(
            "Applications close now: nobody can apply to these programmes or change an "
            "application any more, and screening starts."
        )
        if early:
            intro = format_sentences(
                intro,
                ngettext(
                    "%(count)d programme closes before its own deadline.",
                    "%(count)d programmes close before their own deadlines.",
                    len(early),
                )
                % {"count": len(early)},
            )

        def describe(programme: Programme) -> str:
            text = ngettext(
                "%(programme)s: %(count)d application",
                "%(programme)s: %(count)d applications",
                programme.live_applications,
            ) % {"programme": programme.title, "count": programme.live_applications}
            if programme in early:
                text += " · " + gettext("early: applications were open until %(deadline)s") % {
                    "deadline": _when(programme.applications_close_at)
                }
            return text

        return confirm_page(
            self,
            request,
            action="move_to_screening",
            objects=programmes,
            title=gettext("Close applications early") if early else gettext("Close applications"),
            intro=intro,
            button=gettext("Close applications now"),
            describe=describe,
        )

    @admin.action(description=_("Move to matching"), permissions=["change"])
    def move_to_matching(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        self._move(request, queryset, Programme.State.MATCHING)

    @admin.action(description=_("Close the programme"), permissions=["change"])
    def move_to_closed(
        self, request: HttpRequest, queryset: QuerySet[Programme]
    ) -> HttpResponse | None:
        """Asks first: a closed programme cannot be opened again."""
        if submitted(request) is not None:
            self._move(request, queryset, Programme.State.CLOSED)
            return None
        return confirm_page(
            self,
            request,
            action="move_to_closed",
            objects=queryset,
            title=gettext("Close the programme"),
            intro=gettext(
                "A closed programme cannot be opened again: no more runs, answers or changes."
            ),
            button=gettext("Close for good"),
            describe=lambda programme: programme.title,
        )

    @admin.action(description=_("Run the matching (in the background)"),
                  permissions=["run_matching"])  # fmt: skip
    def start_matching(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        for programme in queryset:
            try:
                run = services.start_matching(programme=programme, by=request.user)
            except services.InternshipError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                url = reverse("admin:internships_matchrun_change", args=[run.pk])
                self.message_user(
                    request,
                    format_html(
                        gettext('Matching run {run} started: <a href="{url}">follow it here</a>.'),
                        run=run.pk,
                        url=url,
                    ),
                    messages.SUCCESS,
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
class PositionAdmin(ObjectActionsMixin, SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
    """CLAIR approves or rejects positions (with a reason) from the list or the position's
    page; each decision goes through services.decide_position, which mails the members."""

    list_display = ["title", "employer", "programme", "industry", "job_type",
                    "capacity", "min_jlpt", "status", "created_at"]  # fmt: skip
    list_filter = ["status", "programme", "industry", "job_type", "prefecture"]
    search_fields = ["title_en", "title_ja", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer", "programme"]
    ordering = ["-created_at", "-pk"]
    raw_id_fields = ["employer", "created_by"]
    readonly_fields = ["status", "status_reason_ja", "status_reason_en", "reviewed_at",
                       "reviewed_by", "created_at"]  # fmt: skip
    form = PositionAdminForm
    actions = ["approve", "reject"]
    object_actions = ["approve", "reject"]

    def object_actions_for(self, request: HttpRequest, position: Position) -> dict[str, str | None]:
        """Approve while waiting or rejected, reject while waiting or approved."""
        status = Position.Status
        buttons: dict[str, str | None] = {}
        if position.status in (status.SUBMITTED, status.REJECTED):
            buttons["approve"] = gettext("Approve")
        if position.status in (status.SUBMITTED, status.APPROVED):
            buttons["reject"] = gettext("Reject with a reason")
        return buttons

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[Position], done: Any, **decision: Any
    ) -> int:
        """Decide each position; one refused is a message and does not stop the others."""
        return run_each(
            self,
            request,
            queryset.select_related("employer", "programme"),
            lambda position: services.decide_position(
                position=position, by=request.user, **decision
            ),
            refused=services.InternshipError,
            done=done,
        )

    @admin.action(description=_("Approve selected positions"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Position]) -> None:
        done = ngettext_lazy(
            "%(count)d position approved; its organisation's members are told by e-mail.",
            "%(count)d positions approved; their organisations' members are told by e-mail.",
            "count",
        )
        self._decide(request, queryset, done, approve=True)

    @admin.action(description=_("Reject selected positions"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Position]) -> HttpResponse | None:
        """Asks for the reason (Japanese, English or both) on an intermediate page, then
        rejects with it."""
        form = ReasonForm(submitted(request))
        if form.is_bound and form.is_valid():
            done = ngettext_lazy(
                "%(count)d position rejected; its organisation's members receive the reason by "
                "e-mail.",
                "%(count)d positions rejected; their organisations' members receive the reason by "
                "e-mail.",
                "count",
            )
            reason = form.cleaned_data
            self._decide(
                request,
                queryset,
                done,
                approve=False,
                reason_en=reason["reason_en"],
                reason_ja=reason["reason_ja"],
            )
            return None
        return confirm_page(
            self,
            request,
            action="reject",
            objects=queryset.select_related("employer"),
            form=form,
            title=gettext("Reject internship positions"),
            intro=gettext(
                "These positions will not be offered to applicants. Every member of each "
                "organisation receives the reason below by e-mail, in their language, and "
                "reads it on their internships page."
            ),
            button=gettext("Reject and send the reason"),
            describe=lambda position: (
                f"{position.employer.name}: {position.title} ({position.get_status_display()})"
            ),
        )


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


# The reason in both languages: the applicant reads theirs, or the other when it is empty.
SCREENING_FIELDS = ["screening", "document_score", "interview_at", "interview_score",
                    "screening_reason_en", "screening_reason_ja"]  # fmt: skip
# What a row of the screening list edits (the interview time is set on the application's page).
SCREENING_ROW_FIELDS = ["document_score", "interview_score", "screening", "screening_reason_en",
                        "screening_reason_ja"]  # fmt: skip


# The applicant's own words and choices: staff read them, never change them.
APPLICANT_WROTE = ["statement", "industries_words", "job_types_words", "ranked_positions",
                   "supervisor_name", "paid_leave_confirmed", "consent_recorded_at"]  # fmt: skip


class ScreeningForm(forms.ModelForm):
    """One application's screening, on its page and on each row of the screening list. The
    service's rule (services.check_screening) is checked here, so a refusal shows beside the
    field it concerns and nothing of the entry is saved."""

    class Meta:
        model = Application
        fields = SCREENING_FIELDS
        widgets = {
            "screening_reason_en": forms.Textarea(attrs={"rows": 3, "cols": 40}),
            "screening_reason_ja": forms.Textarea(attrs={"rows": 3, "cols": 40}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None or not self.has_changed():
            return data  # rows of the list staff did not touch are not checked again
        try:
            services.check_screening(
                application=self.instance,
                result=data.get("screening", self.instance.screening),
                reason_en=data.get("screening_reason_en", self.instance.screening_reason_en),
                reason_ja=data.get("screening_reason_ja", self.instance.screening_reason_ja),
                document_score=data.get("document_score", self.instance.document_score),
                interview_score=data.get("interview_score", self.instance.interview_score),
            )
        except services.InternshipError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field or "screening", str(exc))
        return data


class ScreeningRowForm(ScreeningForm):
    """A row of the screening list: the same rule, in narrow inputs."""

    class Meta(ScreeningForm.Meta):
        fields = SCREENING_ROW_FIELDS
        widgets = {
            "document_score": forms.NumberInput(attrs={"style": "width: 4em", "min": 0}),
            "interview_score": forms.NumberInput(attrs={"style": "width: 4em", "min": 0}),
            "screening_reason_en": forms.TextInput(attrs={"size": 14}),
            "screening_reason_ja": forms.TextInput(attrs={"size": 14}),
        }


def _list(words: list[str]) -> str:
    """Words as a list in the active language ("a, b" in English, "a、b" in Japanese)."""
    return pgettext("list separator", ", ").join(words) or "-"


class ToScreenFilter(admin.SimpleListFilter):
    title = _("to screen")
    parameter_name = "to_screen"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("yes", _("Still to screen (not withdrawn)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(
                state=Application.State.SUBMITTED, screening=Application.Screening.PENDING
            )
        return queryset


@admin.register(Application)
class ApplicationAdmin(
    SafeLookupsMixin, BilingualAdminMixin, SpreadsheetExportMixin, SimpleHistoryAdmin
):
    """Screening, one application at a time on its page or many at once on the list (scores,
    result and reason, in English and Japanese, are editable on each row). Every save goes
    through services.screen, which tells the applicant a new interview time and the result.
    What the applicant wrote is read-only."""

    resource_classes = [ApplicationResource]
    list_display = ["applicant", "programme", "jlpt", "job_types_words", "cv", "document_score",
                    "interview_score", "screening", "screening_reason_en",
                    "screening_reason_ja"]  # fmt: skip
    list_display_links = ["applicant"]
    list_editable = SCREENING_ROW_FIELDS
    list_filter = [ToScreenFilter, "programme", "state", "screening", "participant__jlpt_level",
                   "participant__position"]  # fmt: skip
    search_fields = ["participant__full_name", "participant__user__email"]
    list_select_related = ["participant", "programme"]
    list_per_page = 50
    ordering = ["-submitted_at", "-pk"]
    form = ScreeningForm
    fieldsets = [
        (_("Applicant"), {"fields": ["participant", "cv", "programme", "state", "submitted_at"]}),
        (_("What the applicant wrote"), {"fields": APPLICANT_WROTE}),
        (_("Screening"), {"fields": SCREENING_FIELDS}),
    ]
    readonly_fields = ["participant", "cv", "programme", "state", "submitted_at",
                       *APPLICANT_WROTE]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applicants apply on the site (services.apply checks eligibility)

    def _may_read_cvs(self, request: HttpRequest) -> bool:
        return request.user.has_perm("participants.view_cv")

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        return columns if self._may_read_cvs(request) else [c for c in columns if c != "cv"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple]:
        fieldsets = super().get_fieldsets(request, obj)  # the reason's two languages on a row
        if self._may_read_cvs(request):
            return fieldsets
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != "cv"]})
            for title, options in fieldsets
        ]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:
        return ScreeningRowForm

    @admin.display(description=_("applicant"), ordering="participant__full_name")
    def applicant(self, application: Application) -> str:
        return str(application.participant or gettext("Deleted account"))

    @admin.display(description=_("JLPT"), ordering="participant__jlpt_level")
    def jlpt(self, application: Application) -> str:
        profile = application.participant
        return profile.get_jlpt_level_display() if profile else "-"

    @admin.display(description=_("CV"))
    def cv(self, application: Application) -> str:
        profile = application.participant
        if profile is None or not profile.cv:
            return gettext("No CV")
        url = reverse("participants:cv_download", args=[profile.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the CV (PDF)"))

    @admin.display(description=_("job types"))
    def job_types_words(self, application: Application) -> str:
        return _list(application.job_type_labels())

    @admin.display(description=_("industries, in order of preference"))
    def industries_words(self, application: Application) -> str:
        names = dict(Industry.choices)
        return _list([str(names.get(i, i)) for i in application.industries])

    @admin.display(description=_("positions ranked"))
    def ranked_positions(self, application: Application) -> str:
        choices = application.choices.select_related("position__employer").order_by("rank")
        if not choices:
            return "-"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((c.position.employer.name, c.position.title) for c in choices),
            ),
        )

    def save_model(
        self, request: HttpRequest, obj: Application, form: forms.ModelForm, change: bool
    ) -> None:
        """Every door of screening is services.screen (the form checked its rule already)."""
        try:
            services.screen(
                application=obj,
                document_score=obj.document_score,
                interview_at=obj.interview_at,
                interview_score=obj.interview_score,
                result=obj.screening,
                reason_en=obj.screening_reason_en,
                reason_ja=obj.screening_reason_ja,
            )
        except services.InternshipError as exc:  # changed meanwhile (withdrawn)
            self.message_user(request, f"{obj}: {exc}", messages.ERROR)


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


def _why_not_publishable(run: MatchRun) -> str:
    """Why `run` cannot be published, in the reader's language: its state says it."""
    if run.state == MatchRun.State.PUBLISHED:
        return gettext("already published")
    if run.state == MatchRun.State.FAILED:
        return gettext("the run failed")
    if run.state != MatchRun.State.DONE:
        return gettext("not finished yet")
    return gettext("its result failed the check on the run's page")


@admin.register(MatchRun)
class MatchRunAdmin(ObjectActionsMixin, SafeLookupsMixin, admin.ModelAdmin):
    """Runs are read-only; staff publish finished ones and re-queue (or fail) stuck ones, each
    through its service, with one message a run. A run's page follows its progress by itself
    (the `progress` fragment asks for itself again until the run is finished)."""

    list_display = ["__str__", "round", "state", "stuck", "seed", "matched", "created_at",
                    "finished_at"]  # fmt: skip
    list_filter = ["state", StaleFilter, "programme"]
    readonly_fields = ["progress", "programme", "round", "state", "stuck", "seed",
                       "input_digest", "summary", "results", "violations", "error",
                       "created_at", "queued_at", "started_at", "finished_at", "published_at",
                       "started_by"]  # fmt: skip
    fields = readonly_fields
    actions = ["publish", "requeue", "mark_failed"]
    object_actions = actions

    class Media:
        js = ["vendor/htmx/htmx.min.js"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs are started from the programme list

    def has_delete_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        # A published run's results are the offers applicants answer: they stay.
        if obj is not None and obj.state == MatchRun.State.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Every field is read-only: the buttons above act, "Save" would save nothing.
        extra_context = {**(extra_context or {}), "show_save": False,
                         "show_save_and_continue": False}  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def object_actions_for(self, request: HttpRequest, run: MatchRun) -> dict[str, str | None]:
        """The run's own buttons: only those its state allows, named for one run."""
        buttons: dict[str, str | None] = {}
        if run.can_publish:
            buttons["publish"] = gettext("Publish and e-mail the applicants")
        if run.is_stale():
            buttons["requeue"] = gettext("Re-queue this stuck run")
            buttons["mark_failed"] = gettext("Mark this stuck run as failed")
        return buttons

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.progress_view)
        return [
            path("<path:object_id>/progress/", view, name="internships_matchrun_progress"),
            *super().get_urls(),
        ]

    def progress_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The run's progress alone, for the run's page to ask for every few seconds."""
        run = self.get_object(request, unquote(object_id))
        if run is None:
            raise Http404
        if not self.has_view_or_change_permission(request, run):
            raise PermissionDenied
        response = TemplateResponse(request, PROGRESS_TEMPLATE, _progress_context(run))
        if run.is_finished and request.headers.get("HX-Request"):
            # The page asked because it showed the run unfinished: reload it whole, so its
            # statistics, results and state below are those of the finished run too.
            response["HX-Refresh"] = "true"
        return response

    @admin.display(description=_("progress"))
    def progress(self, run: MatchRun) -> str:
        if not run.pk:
            return "-"
        return render_to_string(PROGRESS_TEMPLATE, _progress_context(run))

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

    @admin.action(description=_("Publish selected runs and e-mail every applicant"),
                  permissions=["change"])  # fmt: skip
    def publish(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> HttpResponse | None:
        """Asks first, saying how many applicants each run e-mails; then one message a run,
        oldest first: the first run of a round is published, a second one of the same round
        is refused (one_published_run_per_round)."""
        runs = list(queryset.select_related("programme").order_by("created_at", "pk"))
        if submitted(request) is None:
            return self._confirm_publication(request, runs)
        for run in runs:
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
                    % {"n": told}
                    if told
                    else gettext("Published. No applicant had a result to e-mail."),
                )
        return None

    def _confirm_publication(
        self, request: HttpRequest, runs: list[MatchRun]
    ) -> HttpResponse | None:
        told = {run.pk: services.count_told_on_publication(run=run) for run in runs}
        # Said before staff confirm: publishing such a run would be refused (no deadline).
        refusals = {}
        for run in runs:
            try:
                services.check_response_deadline(programme=run.programme)
            except services.InternshipError as exc:
                refusals[run.pk] = str(exc)
        publishable = [run for run in runs if run.can_publish and run.pk not in refusals]
        total = sum(told[run.pk] for run in publishable)

        def describe(run: MatchRun) -> str:
            label = gettext("%(programme)s, round %(round)s") % {
                "programme": run.programme.title,
                "round": run.round,
            }
            if not run.can_publish:
                return gettext("%(run)s: cannot be published (%(reason)s)") % {
                    "run": label,
                    "reason": _why_not_publishable(run),
                }
            if run.pk in refusals:
                return format_label(label, refusals[run.pk])
            if not told[run.pk]:
                return gettext("%(run)s: no applicant to e-mail") % {"run": label}
            return ngettext(
                "%(run)s: e-mails %(n)s applicant",
                "%(run)s: e-mails %(n)s applicants",
                told[run.pk],
            ) % {"run": label, "n": told[run.pk]}

        if not publishable:
            # Nothing to confirm: each run's reason, back on the list (a page with a button
            # "Publish and e-mail 0 applicants" offered an action that does nothing).
            for run in runs:
                self.message_user(request, describe(run), messages.ERROR)
            return None
        if total:
            intro = ngettext(
                "Publishing e-mails %(n)s applicant the result, in their language. Results are "
                "shown to applicants at once and cannot be taken back.",
                "Publishing e-mails %(n)s applicants their results, each in their language. "
                "Results are shown to applicants at once and cannot be taken back.",
                total,
            ) % {"n": total}
            button = ngettext(
                "Publish and e-mail %(n)s applicant", "Publish and e-mail %(n)s applicants", total
            ) % {"n": total}
        else:
            # A run without applicants: publishing closes its round and tells nobody.
            intro = gettext(
                "No applicant has a result in these runs: publishing e-mails nobody. It closes "
                "the round and cannot be taken back."
            )
            button = gettext("Publish without e-mails")
        return confirm_page(
            self,
            request,
            action="publish",
            objects=runs,
            title=gettext("Publish matching results"),
            intro=intro,
            button=button,
            describe=describe,
        )

    @admin.action(description=_("Re-queue selected stuck runs"), permissions=["change"])
    def requeue(self, request: HttpRequest, queryset: QuerySet[MatchRun]) -> None:
        for run in queryset.order_by("pk"):
            try:
                services.requeue_run(run=run)
            except services.InternshipError as exc:
                self._tell(request, run, str(exc), messages.ERROR)
            else:
                self._tell(request, run, _("Queued again: a worker will run it shortly."))

    @admin.action(description=_("Mark selected stuck runs as failed"), permissions=["change"])
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


PROGRESS_TEMPLATE = "admin/internships/matchrun/_progress.html"


def _progress_context(run: MatchRun) -> dict[str, Any]:
    """What the progress fragment shows: the state, its times, the figures once done, a
    warning when no worker took the run, and whether to ask again."""
    stats = run.statistics or {}
    blocker = ""  # what still stops a finished run from being published, said before the click
    if run.state == MatchRun.State.DONE:
        try:
            services.check_response_deadline(programme=run.programme)
        except services.InternshipError as exc:
            blocker = str(exc)
    return {
        "run": run,
        "publish_blocker": blocker,
        "poll": not run.is_finished,
        "poll_seconds": RUN_STATUS_POLL_SECONDS,
        "url": reverse("admin:internships_matchrun_progress", args=[run.pk]),
        "unclaimed": run.is_unclaimed(),
        "stale": run.is_stale(),
        "stale_minutes": int(stale_run_after().total_seconds() // 60),
        "queued_at": _when(run.queued_at),
        "started_at": _when(run.started_at),
        "finished_at": _when(run.finished_at),
        "stats": stats,
    }


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


def _response_choices() -> list[tuple[str, Any]]:
    """The responses as staff read them: a pending offer waits for the applicant."""
    return [
        (value, RESPONSE_PENDING_FOR_OTHERS if value == Outcome.Response.PENDING else label)
        for value, label in Outcome.Response.choices
    ]


class ResponseFilter(admin.SimpleListFilter):
    title = _("response")
    parameter_name = "response"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return _response_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Outcome]) -> QuerySet[Outcome]:
        if self.value() in Outcome.Response.values:
            return queryset.filter(response=self.value())
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
    list_display = ["applicant", "position", "choice_number", "response_for_staff", "run"]
    list_filter = ["run", MatchedFilter, ResponseFilter]
    list_select_related = ["application__participant", "application__programme",
                           "position__employer", "run__programme"]  # fmt: skip
    search_fields = ["application__participant__full_name",
                     "application__participant__user__email"]  # fmt: skip
    fields = ["run", "application", "position", "choice_number", "reasons",
              "response_for_staff", "seat", "responded_at", "employer_evaluation",
              "intern_report"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("applicant"), ordering="application__participant__full_name")
    def applicant(self, outcome: Outcome) -> str:
        return str(outcome.application.participant or "-")

    @admin.display(description=_("response"), ordering="response")
    def response_for_staff(self, outcome: Outcome) -> str:
        return outcome.get_response_display_for_others()

    @admin.display(description=_("why not a preferred position"))
    def reasons(self, outcome: Outcome) -> str:
        positions = outcome.run.programme.positions.select_related("employer")
        sentences = services.explain(outcome, {p.pk: p for p in positions})
        if not sentences:
            return "-"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
        )
