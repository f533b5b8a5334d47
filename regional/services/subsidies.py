"""Subsidies: a host's application to CLAIR for a subsidy towards a regional career fair or an
internship programme, CLAIR's review (each decision e-mailed to every member of the host), the
event or programme an approved application becomes on the portal, and the results the host
reports.

The events and internships apps have no service that creates an event or a programme, so the
two creations below write those models directly, in one place each (`_create_event`,
`_create_programme`; furusato.create_report_meeting is the third).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, HostOrganization
from internships.models import Period, Programme
from jetcareer.outbox.services import absolute_url, queue_mail_to_each
from jetcareer.slugs import create_with_slug

from ..models import ResultReport, SubsidyApplication
from .errors import RegionalError, refuse_unless_staff
from .members import refuse_unless_member

JAPAN = ZoneInfo("Asia/Tokyo")
# Planned dates have no times; the event starts as a 13:00-17:00 fair (as in the demo data)
# and the host corrects the times before publishing.
FAIR_OPENS, FAIR_CLOSES = time(13), time(17)

# What the host plans and asks for: the application's form, its admin page and its export.
PLAN_FIELDS = (
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "expected_participants",
    "expected_companies",
)
BUDGET_FIELDS = ("budget_yen", "requested_subsidy_yen")
APPLICATION_FIELDS = (
    "kind",
    "title_en",
    "title_ja",
    *PLAN_FIELDS,
    *BUDGET_FIELDS,
    "contact_name",
    "contact_phone",
    "contact_email",
    "notes",
)
APPLICATION_OPTIONAL = frozenset({"city", "notes"})
REPORT_FIELDS = ("held_on", "participants", "jet_participants", "companies", "comments")


# --- Applications and CLAIR's review --------------------------------------------------------


def _count(value: Any, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RegionalError(_("%(field)s must be a whole number, 0 or more.") % {"field": label})
    return value


def _clean_application(data: Mapping[str, Any]) -> dict[str, Any]:
    """The application's fields, checked; the rules the form also shows next to the fields."""
    unknown = set(data) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected application fields: {sorted(unknown)}")
    meta = SubsidyApplication._meta
    fields: dict[str, Any] = {}
    for name in APPLICATION_FIELDS:
        value = data.get(name)
        value = value.strip() if isinstance(value, str) else value
        if value in ("", None):
            if name not in APPLICATION_OPTIONAL:
                raise RegionalError(
                    _("Please fill in %(field)s.") % {"field": meta.get_field(name).verbose_name}
                )
            value = ""
        fields[name] = value
    for name in ("starts_on", "ends_on"):
        if not isinstance(fields[name], date):
            raise RegionalError(
                _("Enter a valid date for %(field)s.")
                % {"field": meta.get_field(name).verbose_name}
            )
    if fields["kind"] not in SubsidyApplication.Kind.values:
        raise RegionalError(_("Choose a career fair or an internship programme."))
    for name in (
        "expected_participants",
        "expected_companies",
        "budget_yen",
        "requested_subsidy_yen",
    ):
        _count(fields[name], meta.get_field(name).verbose_name)
    if fields["ends_on"] < fields["starts_on"]:
        raise RegionalError(_("The last day cannot be before the first day."))
    if fields["requested_subsidy_yen"] > fields["budget_yen"]:
        raise RegionalError(
            _(
                "The subsidy requested (%(requested)s yen) cannot be more than the budget "
                "(%(budget)s yen)."
            )
            % {
                "requested": f"{fields['requested_subsidy_yen']:,}",
                "budget": f"{fields['budget_yen']:,}",
            }
        )
    return fields


def _lock_application(application: SubsidyApplication) -> SubsidyApplication:
    return (
        SubsidyApplication.objects.select_for_update(of=("self",))
        .select_related("host")
        .get(pk=application.pk)
    )


@transaction.atomic
def submit_application(
    *, host: HostOrganization, by: Any, data: Mapping[str, Any]
) -> SubsidyApplication:
    """A member applies to CLAIR for a subsidy towards a fair or internship programme."""
    refuse_unless_member(by, host)
    fields = _clean_application(data)
    return SubsidyApplication.objects.create(
        host=host,
        status=SubsidyApplication.Status.SUBMITTED,
        submitted_by=by,
        submitted_at=timezone.now(),
        **fields,
    )


@transaction.atomic
def update_application(
    *, application: SubsidyApplication, by: Any, data: Mapping[str, Any]
) -> SubsidyApplication:
    """Edit an application CLAIR has not decided on; after a request for changes, saving
    resubmits it."""
    application = _lock_application(application)
    refuse_unless_member(by, application.host)
    if not application.is_editable:
        raise RegionalError(
            _("CLAIR has decided on this application, so it can no longer be changed.")
        )
    for name, value in _clean_application(data).items():
        setattr(application, name, value)
    if application.status == SubsidyApplication.Status.CHANGES_REQUESTED:
        application.status = SubsidyApplication.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application.submitted_by = by
        application._change_reason = "Resubmitted after changes"  # simple_history
    application.save()
    return application


def _tell_members(application: SubsidyApplication, template: str) -> None:
    """One message per member of the host organisation, each in the member's own language."""
    memberships = application.host.host_memberships.select_related("user").order_by("pk")
    queue_mail_to_each(
        people=[membership.user for membership in memberships],
        template=template,
        context={
            "application": application,
            "host": application.host,
            "application_url": absolute_url(application.get_absolute_url()),
        },
    )


def _decide(
    application: SubsidyApplication,
    *,
    by: Any,
    status: str,
    message: tuple[str, str],
    template: str,
) -> SubsidyApplication:
    application.status = status
    application.staff_message_en, application.staff_message_ja = message
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    _tell_members(application, template)
    return application


def _message(message_en: str, message_ja: str, *, required: bool) -> tuple[str, str]:
    """The decision's message in English and Japanese, stripped. Either is enough: each member
    reads their language, or the other when theirs is empty (SubsidyApplication.staff_message).
    Raises RegionalError when `required` and both are empty."""
    message = (message_en.strip(), message_ja.strip())
    if required and not any(message):
        raise RegionalError(_("Write a message: every member of the host reads it by e-mail."))
    return message


@transaction.atomic
def approve_application(
    *, application: SubsidyApplication, by: Any, message_en: str = "", message_ja: str = ""
) -> SubsidyApplication:
    """CLAIR approves the subsidy; every member of the host is told in their language, with the
    message if staff wrote one (in English, Japanese or both). Returns the application; raises
    RegionalError unless it is submitted."""
    refuse_unless_staff(by)
    message = _message(message_en, message_ja, required=False)
    application = _lock_application(application)
    if application.status != SubsidyApplication.Status.SUBMITTED:
        raise RegionalError(
            _("Only a submitted application can be approved; %(title)s is %(status)s.")
            % {"title": application, "status": application.get_status_display()}
        )
    return _decide(
        application,
        by=by,
        status=SubsidyApplication.Status.APPROVED,
        message=message,
        template="regional_application_approved",
    )


@transaction.atomic
def reject_application(
    *, application: SubsidyApplication, by: Any, message_en: str = "", message_ja: str = ""
) -> SubsidyApplication:
    """CLAIR does not approve the subsidy; every member of the host reads why (a message in
    English, Japanese or both), by e-mail in their language. Returns the application; raises
    RegionalError without a message or once CLAIR has decided."""
    refuse_unless_staff(by)
    message = _message(message_en, message_ja, required=True)
    application = _lock_application(application)
    if not application.is_editable:
        raise RegionalError(
            _("CLAIR has already decided on %(title)s (%(status)s).")
            % {"title": application, "status": application.get_status_display()}
        )
    return _decide(
        application,
        by=by,
        status=SubsidyApplication.Status.REJECTED,
        message=message,
        template="regional_application_rejected",
    )


@transaction.atomic
def request_changes(
    *, application: SubsidyApplication, by: Any, message_en: str = "", message_ja: str = ""
) -> SubsidyApplication:
    """Send the application back to the host with what to change (a message in English,
    Japanese or both); members edit and resubmit. Raises RegionalError without a message or
    unless the application is submitted."""
    refuse_unless_staff(by)
    message = _message(message_en, message_ja, required=True)
    application = _lock_application(application)
    if application.status != SubsidyApplication.Status.SUBMITTED:
        raise RegionalError(
            _("Changes can be asked for a submitted application only; %(title)s is %(status)s.")
            % {"title": application, "status": application.get_status_display()}
        )
    return _decide(
        application,
        by=by,
        status=SubsidyApplication.Status.CHANGES_REQUESTED,
        message=message,
        template="regional_application_changes",
    )


# --- The activity on the portal -------------------------------------------------------------


def _at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour, tzinfo=JAPAN)


def _create_event(application: SubsidyApplication) -> Event:
    """An unpublished draft of the fair, open to all job seekers (regional fairs admit non-JET
    job seekers), for the host to complete and publish."""
    host = application.host
    return create_with_slug(
        Event,
        f"{application.title_en} {application.starts_on.year}",
        fallback="regional-fair",
        kind=Event.Kind.CAREER_FAIR,
        format=Event.Format.IN_PERSON,
        organizer=host,
        title_en=application.title_en,
        title_ja=application.title_ja,
        venue_en=application.venue,
        venue_ja=application.venue,
        city_en=application.city,
        city_ja=application.city,
        prefecture=host.prefecture,
        starts_at=_at(application.starts_on, FAIR_OPENS),
        ends_at=_at(application.ends_on, FAIR_CLOSES),
        booth_capacity=application.expected_companies or None,
        audience=Event.Audience.OPEN,
        is_published=False,
    )


def _create_programme(application: SubsidyApplication) -> Programme:
    """A draft programme, hidden until staff open it, with the planned dates as its period."""
    host = application.host
    programme = create_with_slug(
        Programme,
        f"{application.title_en} {application.starts_on.year}",
        fallback="regional-internship",
        year=application.starts_on.year,
        title_en=application.title_en,
        title_ja=application.title_ja,
        organizer_en=host.name_en,
        organizer_ja=host.name_ja,
        state=Programme.State.DRAFT,
        is_published=False,
    )
    Period.objects.create(
        programme=programme, starts_on=application.starts_on, ends_on=application.ends_on
    )
    return programme


@transaction.atomic
def create_activity(*, application: SubsidyApplication, by: Any) -> Event | Programme:
    """At the host's request, an approved application becomes its event (a career fair) or
    internship programme on the portal, once."""
    application = _lock_application(application)
    refuse_unless_member(by, application.host)
    if application.activity is not None:
        raise RegionalError(_("This application is already on the portal."))
    if application.status != SubsidyApplication.Status.APPROVED:
        raise RegionalError(_("Only an application CLAIR approved can be put on the portal."))
    if application.ends_on < timezone.localdate():
        raise RegionalError(_("The planned dates have passed."))
    if application.kind == SubsidyApplication.Kind.CAREER_FAIR:
        activity: Event | Programme = _create_event(application)
        application.event = activity
    else:
        activity = _create_programme(application)
        application.programme = activity
    application.status = SubsidyApplication.Status.REALISED
    application.save(update_fields=["event", "programme", "status"])
    return activity


# --- Result reports -------------------------------------------------------------------------


def _clean_report(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected report fields: {sorted(unknown)}")
    meta = ResultReport._meta
    fields = {name: data.get(name) for name in REPORT_FIELDS}
    fields["comments"] = (fields["comments"] or "").strip()
    if not isinstance(fields["held_on"], date):
        raise RegionalError(_("Give the day the activity started."))
    if fields["held_on"] > timezone.localdate():
        raise RegionalError(_("Results can be reported once the activity has taken place."))
    for name in ("participants", "companies"):
        _count(fields[name], meta.get_field(name).verbose_name)
    if fields["jet_participants"] is None:  # not counted
        return fields
    _count(fields["jet_participants"], meta.get_field("jet_participants").verbose_name)
    if fields["jet_participants"] > fields["participants"]:
        raise RegionalError(
            _("JET participants (%(jet)s) cannot be more than all participants (%(all)s).")
            % {"jet": fields["jet_participants"], "all": fields["participants"]}
        )
    return fields


@transaction.atomic
def submit_result_report(
    *, application: SubsidyApplication, by: Any, data: Mapping[str, Any]
) -> ResultReport:
    """Report (or correct, until CLAIR locks it) the results of the activity."""
    application = _lock_application(application)
    refuse_unless_member(by, application.host)
    if application.status not in (
        SubsidyApplication.Status.APPROVED,
        SubsidyApplication.Status.REALISED,
    ):
        raise RegionalError(_("Results are reported for approved activities only."))
    fields = _clean_report(data)
    report = ResultReport.objects.select_for_update().filter(application=application).first()
    now = timezone.now()
    if report is None:
        return ResultReport.objects.create(
            application=application, submitted_by=by, submitted_at=now, updated_at=now, **fields
        )
    if report.is_locked:
        raise RegionalError(_("CLAIR has locked this report. Please contact CLAIR to correct it."))
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = now
    report.save()
    return report


@transaction.atomic
def set_report_locked(*, report: ResultReport, by: Any, locked: bool) -> ResultReport:
    """Staff lock a checked report so its figures stop changing (or unlock it for a fix)."""
    refuse_unless_staff(by)
    report = ResultReport.objects.select_for_update().get(pk=report.pk)
    report.locked_at = timezone.now() if locked else None
    report.save(update_fields=["locked_at"])
    return report
