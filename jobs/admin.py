"""Staff see jobs and applications in admin. CLAIR approves or rejects a job (with a reason)
from the list or from the job's own page; each decision goes through jobs.services, which mails
the employer's members. What an employer or an applicant wrote is shown, never changed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_actions import ask_then_run, run_each
from jetcareer.admin_confirm import ObjectActionsMixin, ReasonForm, submitted
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin

from . import services
from .models import Job, JobApplication

# Written by the employer (services.JOB_FIELDS): staff read it and decide, they do not edit it.
CONTENT = ["employer", *services.JOB_FIELDS]
REVIEW = ["status", "status_reason_ja", "status_reason_en", "created_by", "created_at",
          "updated_at", "submitted_at", "reviewed_by", "reviewed_at", "approved_at",
          "published_at", "closed_at"]  # fmt: skip


def describe(job: Job) -> str:
    """A job on a confirmation page: the employer, both titles and its status now."""
    titles = " / ".join(title for title in (job.title_ja, job.title_en) if title)
    return f"{job.employer.name}: {titles} ({job.get_status_display()})"


@admin.register(Job)
class JobAdmin(ObjectActionsMixin, SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
    list_display = ["title_en", "employer", "industry", "employment_type", "prefecture",
                    "visa_sponsorship", "status", "submitted_at", "closes_on"]  # fmt: skip
    list_filter = ["status", "industry", "employment_type", "visa_sponsorship", "prefecture"]
    search_fields = ["title_en", "title_ja", "employer__name_en", "employer__name_ja"]
    list_select_related = ["employer"]
    ordering = ["-submitted_at", "-pk"]
    fieldsets = [
        (None, {"fields": CONTENT}),
        (_("CLAIR's review"), {"fields": REVIEW}),
    ]
    readonly_fields = [*CONTENT, *REVIEW]
    actions = ["approve", "reject"]
    object_actions = ["approve", "reject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # employers post jobs from their page (services.create_job)

    def object_actions_for(self, request: HttpRequest, job: Job) -> dict[str, str | None]:
        """Approve while pending; reject while pending or published."""
        buttons: dict[str, str | None] = {}
        if job.status == Job.Status.PENDING:
            buttons["approve"] = gettext("Approve and publish")
        if job.status in (Job.Status.PENDING, Job.Status.PUBLISHED):
            buttons["reject"] = gettext("Reject with a reason")
        return buttons

    @admin.action(description=_("Approve and publish selected jobs"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        run_each(
            self,
            request,
            queryset.select_related("employer"),
            lambda job: services.approve_job(job=job, by=request.user),
            refused=services.JobError,
            done=ngettext_lazy(
                "%(count)d job published; its organisation's members are told by e-mail.",
                "%(count)d jobs published; their organisations' members are told by e-mail.",
                "count",
            ),
        )

    @admin.action(description=_("Reject selected jobs"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Job]) -> HttpResponse | None:
        """Asks for the reason on an intermediate page, then rejects with it."""
        return ask_then_run(
            self,
            request,
            queryset.select_related("employer"),
            form=ReasonForm(submitted(request)),
            call=lambda job, data: services.reject_job(
                job=job, by=request.user, reason_en=data["reason_en"], reason_ja=data["reason_ja"]
            ),
            refused=services.JobError,
            done=ngettext_lazy(
                "%(count)d job rejected; its organisation's members receive the reason by e-mail.",
                "%(count)d jobs rejected; their organisations' members receive the reason by "
                "e-mail.",
                "count",
            ),
            action="reject",
            title=gettext("Reject jobs"),
            intro=gettext(
                "These jobs will not be shown to participants (a published one is taken down "
                "now). Every member of each organisation receives the reason below by e-mail, "
                "in their language, and reads it on their jobs page."
            ),
            button=gettext("Reject and send the reason"),
            describe=describe,
        )


@admin.register(JobApplication)
class JobApplicationAdmin(SafeLookupsMixin, admin.ModelAdmin):
    """Applications as staff follow them: the employer moves the applicant through its
    pipeline (jobs.services.move_stage), so nothing here changes them."""

    list_display = ["applicant", "job", "employer", "stage", "applied_at", "hired_at"]
    list_filter = ["stage", "job__industry", "job__prefecture"]
    search_fields = ["participant__full_name", "job__title_en", "job__title_ja",
                     "job__employer__name_en", "job__employer__name_ja"]  # fmt: skip
    list_select_related = ["participant", "job__employer"]
    ordering = ["-applied_at", "-pk"]
    readonly_fields = ["job", "participant", "cover_letter", "cv_filename", "cv_uploaded_at",
                       "stage", "stage_changed_at", "hired_at", "applied_at"]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a person applies from the job's page (services.apply)

    @admin.display(description=_("applicant"), ordering="participant__full_name")
    def applicant(self, application: JobApplication) -> str:
        return str(application.participant or gettext("Deleted account"))

    @admin.display(description=_("employer"))
    def employer(self, application: JobApplication) -> Any:
        return application.job.employer
