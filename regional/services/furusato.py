"""The JET Furusato Vision Project: alumni propose a project in their former host
municipality; CLAIR shortlists, selects (each decision e-mailed to the proposer in their
language), coordinates with the municipality, gives each selected project its schedule,
publishes it, and holds a report meeting per schedule at its headquarters (an event)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, HostOrganization
from jetcareer.outbox.services import absolute_url, queue_mail_to_each
from jetcareer.slugs import create_with_slug
from participants.models import ParticipantProfile

from ..models import FurusatoCall, FurusatoProposal, FurusatoReportMeeting, Schedule
from .errors import RegionalError, refuse_unless_staff

PROPOSAL_FIELDS = ("municipality", "prefecture", "field", "plan", "schedule_wanted", "bio")

# Stored content of the report meeting event, in both languages (like any event's title and
# venue typed by staff), so it is data and not interface text to translate.
MEETING_TITLE_EN = "JET Furusato Vision Project report meeting {year} (schedule {schedule})"
MEETING_TITLE_JA = "JETふるさとビジョンプロジェクト報告会{year}（{schedule}日程）"
MEETING_DESCRIPTION_EN = (
    "The alumni of schedule {schedule} report on the projects they ran with their former host "
    "municipalities, followed by a discussion of regional revitalisation with the JET "
    "Programme. Open to anyone interested: please register."
)
MEETING_DESCRIPTION_JA = (
    "{schedule}日程のJET経験者が元任用地の自治体と実施したプロジェクトの成果を報告し、"
    "JETプログラムを活用した地域活性化について話し合います。出席を希望する方はご登録ください。"
)
MEETING_VENUE_EN = (
    "CLAIR headquarters, Main Conference Room "
    "(Sogo Hanzomon Building 1F, 1-7 Kojimachi, Chiyoda-ku, Tokyo)"
)
MEETING_VENUE_JA = "CLAIR本部 大会議室（千代田区麹町1-7 相互半蔵門ビル1階）"


# --- Proposals ------------------------------------------------------------------------------


def refusal_to_propose(profile: ParticipantProfile | None) -> str | None:
    """Why this person cannot propose a Furusato project, or None when they can."""
    if profile is None:
        return _(
            "The JET Furusato Vision Project is for JET alumni. Please fill in your profile "
            "first, with the status “JET alumni”."
        )
    if profile.status != ParticipantProfile.Status.ALUMNI:
        return _(
            "The JET Furusato Vision Project is for JET alumni, and your profile says "
            "“%(status)s”. If you have finished your JET term, update the status in your "
            "profile."
        ) % {"status": profile.get_status_display()}
    return None


def _clean_proposal(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unexpected proposal fields: {sorted(unknown)}")
    fields = {name: str(data.get(name) or "").strip() for name in PROPOSAL_FIELDS}
    meta = FurusatoProposal._meta
    for name in PROPOSAL_FIELDS:
        if not fields[name]:
            raise RegionalError(
                _("Please fill in %(field)s.") % {"field": meta.get_field(name).verbose_name}
            )
    choices = {
        "field": FurusatoProposal.Field.values,
        "schedule_wanted": FurusatoProposal.ScheduleWanted.values,
        "prefecture": [p for p, _label in meta.get_field("prefecture").choices],
    }
    for name, allowed in choices.items():
        if fields[name] not in allowed:
            raise RegionalError(
                _("Choose one of the options for %(field)s.")
                % {"field": meta.get_field(name).verbose_name}
            )
    return fields


def _refuse_unless_accepting(call: FurusatoCall) -> None:
    if not call.accepts_proposals():
        raise RegionalError(_("This call is not accepting proposals."))


@transaction.atomic
def submit_proposal(
    *, call: FurusatoCall, profile: ParticipantProfile | None, data: Mapping[str, Any]
) -> FurusatoProposal:
    """An alumnus proposes a project in their former host municipality; one per call."""
    reason = refusal_to_propose(profile)
    if reason:
        raise RegionalError(reason)
    call = FurusatoCall.objects.select_for_update().get(pk=call.pk)
    _refuse_unless_accepting(call)
    fields = _clean_proposal(data)
    already = _(
        "You have already sent a proposal for this call. You can change it until the call closes."
    )
    if FurusatoProposal.objects.filter(call=call, proposer=profile).exists():
        raise RegionalError(already)
    now = timezone.now()
    try:
        with transaction.atomic():
            return FurusatoProposal.objects.create(
                call=call, proposer=profile, submitted_at=now, updated_at=now, **fields
            )
    except IntegrityError as exc:  # the same person twice at once: the database says no
        raise RegionalError(already) from exc


@transaction.atomic
def update_proposal(
    *, proposal: FurusatoProposal, profile: ParticipantProfile | None, data: Mapping[str, Any]
) -> FurusatoProposal:
    """The alumnus changes the proposal while the call is open and CLAIR has not reviewed it."""
    proposal = (
        FurusatoProposal.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=proposal.pk)
    )
    if profile is None or proposal.proposer_id != profile.pk:
        raise RegionalError(_("This is not your proposal."))
    _refuse_unless_accepting(proposal.call)
    if proposal.status != FurusatoProposal.Status.SUBMITTED:
        raise RegionalError(_("CLAIR is reviewing your proposal, so it can no longer be changed."))
    for name, value in _clean_proposal(data).items():
        setattr(proposal, name, value)
    proposal.updated_at = timezone.now()
    proposal.save()
    return proposal


# --- Staff: selection, coordination, publication, report meetings ---------------------------


def _lock_proposal(proposal: FurusatoProposal) -> FurusatoProposal:
    return (
        FurusatoProposal.objects.select_for_update(of=("self",))
        .select_related("call", "proposer__user")
        .get(pk=proposal.pk)
    )


def _tell_proposer(proposal: FurusatoProposal, template: str) -> None:
    """The alumnus' message, in their own language."""
    queue_mail_to_each(
        people=[proposal.proposer.user],
        template=template,
        context={
            "proposal": proposal,
            "call": proposal.call,
            "proposal_url": absolute_url(proposal.call.get_absolute_url()),
        },
    )


def _move_proposal(
    proposal: FurusatoProposal, *, by: Any, to: str, allowed_from: tuple[str, ...], template: str
) -> FurusatoProposal:
    refuse_unless_staff(by)
    proposal = _lock_proposal(proposal)
    if proposal.status not in allowed_from:
        raise RegionalError(
            _("The proposal of %(name)s is %(status)s and cannot become %(to)s.")
            % {
                "name": proposal.proposer,
                "status": proposal.get_status_display(),
                "to": FurusatoProposal.Status(to).label,
            }
        )
    proposal.status = to
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    _tell_proposer(proposal, template)
    return proposal


@transaction.atomic
def shortlist_proposal(*, proposal: FurusatoProposal, by: Any) -> FurusatoProposal:
    return _move_proposal(
        proposal,
        by=by,
        to=FurusatoProposal.Status.SHORTLISTED,
        allowed_from=(FurusatoProposal.Status.SUBMITTED,),
        template="furusato_shortlisted",
    )


@transaction.atomic
def select_proposal(*, proposal: FurusatoProposal, by: Any) -> FurusatoProposal:
    return _move_proposal(
        proposal,
        by=by,
        to=FurusatoProposal.Status.SELECTED,
        allowed_from=(FurusatoProposal.Status.SUBMITTED, FurusatoProposal.Status.SHORTLISTED),
        template="furusato_selected",
    )


@transaction.atomic
def decline_proposal(*, proposal: FurusatoProposal, by: Any) -> FurusatoProposal:
    """Not selected: the proposer is told, in their language."""
    return _move_proposal(
        proposal,
        by=by,
        to=FurusatoProposal.Status.NOT_SELECTED,
        allowed_from=(FurusatoProposal.Status.SUBMITTED, FurusatoProposal.Status.SHORTLISTED),
        template="furusato_not_selected",
    )


@transaction.atomic
def mark_coordinated(
    *, proposal: FurusatoProposal, by: Any, notes: str | None = None
) -> FurusatoProposal:
    """Record that CLAIR agreed the project with the municipality (notes stay internal)."""
    refuse_unless_staff(by)
    proposal = _lock_proposal(proposal)
    if proposal.status != FurusatoProposal.Status.SELECTED:
        raise RegionalError(
            _("Only a selected project is coordinated; the proposal of %(name)s is %(status)s.")
            % {"name": proposal.proposer, "status": proposal.get_status_display()}
        )
    if notes is not None:
        proposal.coordination_notes = notes.strip()
    if not proposal.coordination_notes:
        raise RegionalError(
            _("Write down the coordination with the municipality in the notes first (%(name)s).")
            % {"name": proposal.proposer}
        )
    proposal.status = FurusatoProposal.Status.COORDINATED
    proposal.save(update_fields=["status", "coordination_notes"])
    return proposal


@transaction.atomic
def assign_schedule(*, proposal: FurusatoProposal, by: Any, schedule: str) -> FurusatoProposal:
    refuse_unless_staff(by)
    if schedule not in Schedule.values:
        raise RegionalError(_("Choose schedule A or B."))
    proposal = _lock_proposal(proposal)
    if not proposal.is_selected:
        raise RegionalError(
            _(
                "A schedule is given to selected projects only; the proposal of %(name)s is "
                "%(status)s."
            )
            % {"name": proposal.proposer, "status": proposal.get_status_display()}
        )
    proposal.schedule = schedule
    proposal.save(update_fields=["schedule"])
    return proposal


@transaction.atomic
def set_proposal_published(
    *, proposal: FurusatoProposal, by: Any, published: bool
) -> FurusatoProposal:
    """Show a selected project (with its schedule) on the public Furusato page, or hide it."""
    refuse_unless_staff(by)
    proposal = _lock_proposal(proposal)
    if published and not proposal.is_selected:
        raise RegionalError(
            _("Only selected projects are published; the proposal of %(name)s is %(status)s.")
            % {"name": proposal.proposer, "status": proposal.get_status_display()}
        )
    if published and not proposal.schedule:
        raise RegionalError(
            _("Give the project of %(name)s its schedule before publishing it.")
            % {"name": proposal.proposer}
        )
    proposal.is_published = published
    proposal.save(update_fields=["is_published"])
    return proposal


@transaction.atomic
def set_call_open(*, call: FurusatoCall, by: Any, is_open: bool) -> FurusatoCall:
    refuse_unless_staff(by)
    call = FurusatoCall.objects.select_for_update().get(pk=call.pk)
    call.is_open = is_open
    call.save(update_fields=["is_open"])
    return call


@transaction.atomic
def create_report_meeting(
    *, call: FurusatoCall, by: Any, schedule: str, starts_at: datetime, ends_at: datetime
) -> Event:
    """The report meeting of one schedule at CLAIR headquarters: an unpublished in-person
    networking event open to everyone, so registration uses the events flow once staff
    publish it."""
    refuse_unless_staff(by)
    if schedule not in Schedule.values:
        raise RegionalError(_("Choose schedule A or B."))
    if ends_at <= starts_at:
        raise RegionalError(_("The meeting must end after it starts."))
    call = FurusatoCall.objects.select_for_update().get(pk=call.pk)
    if call.report_meetings.filter(schedule=schedule).exists():
        raise RegionalError(
            _("%(call)s already has its report meeting for %(schedule)s.")
            % {"call": call, "schedule": Schedule(schedule).label}
        )
    clair = HostOrganization.objects.filter(kind=HostOrganization.Kind.CLAIR).order_by("pk")
    organizer = clair.first()
    if organizer is None:
        raise RegionalError(
            _("Add CLAIR as a host organisation first (Events › Host organisations).")
        )
    letter = schedule.upper()
    event = create_with_slug(
        Event,
        f"furusato-report-meeting-{call.year}-{schedule}",
        fallback="furusato-report-meeting",
        kind=Event.Kind.NETWORKING,
        format=Event.Format.IN_PERSON,
        organizer=organizer,
        title_en=MEETING_TITLE_EN.format(year=call.year, schedule=letter),
        title_ja=MEETING_TITLE_JA.format(year=call.year, schedule=letter),
        description_en=MEETING_DESCRIPTION_EN.format(schedule=letter),
        description_ja=MEETING_DESCRIPTION_JA.format(schedule=letter),
        venue_en=MEETING_VENUE_EN,
        venue_ja=MEETING_VENUE_JA,
        city_en="Chiyoda, Tokyo",
        city_ja="東京都千代田区",
        prefecture="13",
        starts_at=starts_at,
        ends_at=ends_at,
        registration_closes_at=starts_at,
        audience=Event.Audience.OPEN,
        is_published=False,
    )
    FurusatoReportMeeting.objects.create(call=call, schedule=schedule, event=event)
    return event
