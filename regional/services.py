"""Regional actions: host members (staff invitations), subsidy applications and their review,
turning an approved application into an event or internship programme, result reports, the
host's own events, and the JET Furusato Vision Project (proposals, selection, report meetings).

Every function takes keyword arguments, runs in one transaction and raises `RegionalError` with
a translated message when the action is refused. Mail is queued in the same transaction
(jetcareer.outbox), each message in its recipient's language.

The events and internships apps have no service that creates an event or a programme, so the
two creations below write those models directly, in one place each (`_create_event`,
`_create_programme`, `create_report_meeting`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event, HostOrganization
from internships.models import Period, Programme
from jetcareer.outbox.services import queue_mail
from participants.models import ParticipantProfile

from .models import (
    FurusatoCall,
    FurusatoProposal,
    FurusatoReportMeeting,
    HostInvitation,
    HostMembership,
    HostRole,
    ResultReport,
    Schedule,
    SubsidyApplication,
)

INVITATION_SALT = "regional.host-invitation"
INVITATION_MAX_AGE = timedelta(days=7)
JAPAN = ZoneInfo("Asia/Tokyo")
# Planned dates have no times; the event starts as a 13:00-17:00 fair (as in the demo data)
# and the host corrects the times before publishing.
FAIR_OPENS, FAIR_CLOSES = time(13), time(17)

APPLICATION_FIELDS = (
    "kind",
    "title_en",
    "title_ja",
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "expected_participants",
    "expected_companies",
    "budget_yen",
    "requested_subsidy_yen",
    "contact_name",
    "contact_phone",
    "contact_email",
    "notes",
)
APPLICATION_OPTIONAL = frozenset({"city", "notes"})
REPORT_FIELDS = ("held_on", "participants", "jet_participants", "companies", "comments")
HOST_EVENT_FIELDS = (
    "title_en",
    "title_ja",
    "description_en",
    "description_ja",
    "venue_en",
    "venue_ja",
    "city",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
)
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


class RegionalError(Exception):
    """A regional action was refused; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _refuse_unless_staff(user: Any) -> None:
    if not (user is not None and user.is_authenticated and user.is_staff):
        raise RegionalError(_("Only CLAIR staff can do this."))


# --- Host members ---------------------------------------------------------------------------


def membership_of(user: Any) -> HostMembership | None:
    """The person's membership with its host organisation, in one query; None for others."""
    if not user.is_authenticated:
        return None
    return HostMembership.objects.select_related("host").filter(user_id=user.pk).first()


def _refuse_unless_member(user: Any, host: HostOrganization) -> None:
    if not HostMembership.objects.filter(user_id=user.pk, host_id=host.pk).exists():
        raise RegionalError(
            _("Only members of %(host)s can do this.") % {"host": host.localized("name")}
        )


def invitation_token(invitation: HostInvitation) -> str:
    """The signed, timestamped token of an invitation link."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_path(invitation: HostInvitation) -> str:
    return reverse("regional:accept_invitation", kwargs={"token": invitation_token(invitation)})


def check_can_invite(*, host: HostOrganization, email: str) -> None:
    """Raise RegionalError when `email` cannot be invited to `host` (the check half of invite)."""
    email = email.strip().lower()
    membership = (
        HostMembership.objects.select_related("host").filter(user__email__iexact=email).first()
    )
    if membership is None:
        return
    if membership.host_id == host.pk:
        raise RegionalError(
            _("%(email)s is already a member of %(host)s.")
            % {"email": email, "host": host.localized("name")}
        )
    raise RegionalError(
        _("%(email)s already acts for %(host)s. A person can act for one host organisation only.")
        % {"email": email, "host": membership.host.localized("name")}
    )


@transaction.atomic
def invite_host_member(
    *,
    host: HostOrganization,
    email: str,
    by: Any,
    role: str = HostRole.MEMBER,
    language: str | None = None,
) -> HostInvitation:
    """Staff invite a person by e-mail to act for a host organisation. Inviting an address with
    an open invitation sends a fresh link for the same invitation. The mail is in the person's
    language when they have an account, otherwise in `language`."""
    _refuse_unless_staff(by)
    email = email.strip().lower()
    host = HostOrganization.objects.select_for_update().get(pk=host.pk)
    check_can_invite(host=host, email=email)
    invitation = HostInvitation.objects.open().filter(host=host, email=email).first()
    now = timezone.now()
    if invitation is None:
        invitation = HostInvitation.objects.create(
            host=host, email=email, role=role, invited_by=by, created_at=now, sent_at=now
        )
    else:
        invitation.role, invitation.invited_by, invitation.sent_at = role, by, now
        invitation.save(update_fields=["role", "invited_by", "sent_at"])
    account = get_user_model().objects.filter(email__iexact=email).first()
    accept_path = invitation_path(invitation)
    queue_mail(
        to=[email],
        template="regional_invitation",
        context={
            "host": host,
            "invitation": invitation,
            "accept_url": absolute_url(accept_path),
            "signup_url": absolute_url(reverse("account_signup"))
            + "?"
            + urlencode({"email": email, "next": accept_path}),
            "has_account": account is not None,
            "valid_days": INVITATION_MAX_AGE.days,
        },
        language=account.preferred_language if account else (language or "ja"),
    )
    return invitation


@transaction.atomic
def revoke_host_invitation(*, invitation: HostInvitation, by: Any) -> HostInvitation:
    _refuse_unless_staff(by)
    invitation = HostInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise RegionalError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_from_token(token: str, *, lock: bool = False) -> HostInvitation:
    """The open invitation a link points to, or RegionalError saying why it cannot be used."""
    invalid = _("This invitation link is not valid. Please check that you copied all of it.")
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise RegionalError(
            _("This invitation link has expired. Please ask CLAIR to send you a new one.")
        ) from None
    except signing.BadSignature:
        raise RegionalError(invalid) from None
    invitations = HostInvitation.objects.select_related("host")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=pk).first()
    if invitation is None:
        raise RegionalError(invalid)
    if invitation.accepted_at is not None:
        raise RegionalError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise RegionalError(_("This invitation has been withdrawn by CLAIR."))
    return invitation


def check_can_accept(*, user: Any, invitation: HostInvitation) -> None:
    """Raise RegionalError when `user` may not accept `invitation` (the check half of accept)."""
    if user.email.lower() != invitation.email.lower():
        raise RegionalError(
            _(
                "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
                "Log in with the invited address, or ask CLAIR for an invitation to your own."
            )
            % {"invited": invitation.email, "current": user.email}
        )
    check_can_invite(host=invitation.host, email=user.email)


@transaction.atomic
def accept_host_invitation(*, user: Any, token: str) -> HostMembership:
    """Become a member of the inviting host organisation, with the role staff chose."""
    # Locks the person's row: a double-clicked "Join" creates one membership.
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    invitation = invitation_from_token(token, lock=True)
    check_can_accept(user=user, invitation=invitation)
    membership = HostMembership.objects.create(
        user=user, host=invitation.host, role=invitation.role, created_by=invitation.invited_by
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def add_host_member(
    *, host: HostOrganization, user: Any, by: Any, role: str = HostRole.MEMBER
) -> HostMembership:
    """Staff make an existing account a member directly (from admin), without an invitation."""
    _refuse_unless_staff(by)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    check_can_invite(host=host, email=user.email)
    return HostMembership.objects.create(user=user, host=host, role=role, created_by=by)


# --- Subsidy applications -------------------------------------------------------------------


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
    _refuse_unless_member(by, host)
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
    _refuse_unless_member(by, application.host)
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
    url = absolute_url(application.get_absolute_url())
    memberships = application.host.host_memberships.select_related("user").order_by("pk")
    for membership in memberships:
        member = membership.user
        queue_mail(
            to=[member.email],
            template=template,
            context={
                "application": application,
                "host": application.host,
                "user": member,
                "application_url": url,
            },
            language=member.preferred_language,
        )


def _decide(
    application: SubsidyApplication, *, by: Any, status: str, message: str, template: str
) -> SubsidyApplication:
    application.status = status
    application.staff_message = message
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    _tell_members(application, template)
    return application


def _required_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise RegionalError(_("Write a message: every member of the host reads it by e-mail."))
    return message


@transaction.atomic
def approve_application(
    *, application: SubsidyApplication, by: Any, message: str = ""
) -> SubsidyApplication:
    """CLAIR approves the subsidy; every member of the host is told, with the message."""
    _refuse_unless_staff(by)
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
        message=message.strip(),
        template="regional_application_approved",
    )


@transaction.atomic
def reject_application(
    *, application: SubsidyApplication, by: Any, message: str
) -> SubsidyApplication:
    _refuse_unless_staff(by)
    message = _required_message(message)
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
    *, application: SubsidyApplication, by: Any, message: str
) -> SubsidyApplication:
    """Send the application back to the host with what to change; members edit and resubmit."""
    _refuse_unless_staff(by)
    message = _required_message(message)
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


def _unique_slug(model: type[models.Model], text: str, fallback: str) -> str:
    """A slug from `text`, made unique in `model` with a numeric suffix."""
    base = slugify(text)[:70].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _create_with_slug(model: type[models.Model], text: str, fallback: str, **fields: Any) -> Any:
    for attempt in range(5):
        try:
            # A savepoint: two creations racing for one slug; the loser takes the next suffix.
            with transaction.atomic():
                return model.objects.create(slug=_unique_slug(model, text, fallback), **fields)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour, tzinfo=JAPAN)


def _create_event(application: SubsidyApplication) -> Event:
    """An unpublished draft of the fair, open to all job seekers (regional fairs admit non-JET
    job seekers), for the host to complete and publish."""
    host = application.host
    return _create_with_slug(
        Event,
        f"{application.title_en} {application.starts_on.year}",
        "regional-fair",
        kind=Event.Kind.CAREER_FAIR,
        format=Event.Format.IN_PERSON,
        organizer=host,
        title_en=application.title_en,
        title_ja=application.title_ja,
        venue_en=application.venue,
        venue_ja=application.venue,
        city=application.city,
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
    programme = _create_with_slug(
        Programme,
        f"{application.title_en} {application.starts_on.year}",
        "regional-internship",
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
    _refuse_unless_member(by, application.host)
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
    _refuse_unless_member(by, application.host)
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
    _refuse_unless_staff(by)
    report = ResultReport.objects.select_for_update().get(pk=report.pk)
    report.locked_at = timezone.now() if locked else None
    report.save(update_fields=["locked_at"])
    return report


# --- The host's own events ------------------------------------------------------------------


def _lock_host_event(event: Event, by: Any) -> Event:
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("organizer").get(pk=event.pk)
    )
    _refuse_unless_member(by, event.organizer)
    if event.is_published:
        # Registrants rely on a published event: later changes go through CLAIR, which
        # tells them (events admin).
        raise RegionalError(
            _("This event is published. Please ask CLAIR to change it, so registrants are told.")
        )
    if event.is_cancelled:
        raise RegionalError(_("This event has been cancelled."))
    return event


@transaction.atomic
def update_host_event(*, event: Event, by: Any, data: Mapping[str, Any]) -> Event:
    """A member completes the draft of one of the host's events before publishing it."""
    unknown = set(data) - set(HOST_EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected event fields: {sorted(unknown)}")
    event = _lock_host_event(event, by)
    for name, value in data.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if not (event.title_en or event.title_ja):
        raise RegionalError(_("Give the event a title."))
    if event.ends_at <= event.starts_at:
        raise RegionalError(_("The event must end after it starts."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise RegionalError(_("Registration must close after it opens."))
    if closes and closes > event.ends_at:
        raise RegionalError(_("Registration must close by the end of the event."))
    event._change_reason = "Draft completed by the host"  # simple_history
    event.save()
    return event


@transaction.atomic
def publish_host_event(*, event: Event, by: Any) -> Event:
    """Publish a draft event of the host: it appears in the list and registration opens."""
    event = _lock_host_event(event, by)
    if event.ends_at <= timezone.now():
        raise RegionalError(_("This event is over; it cannot be published."))
    event.is_published = True
    event._change_reason = "Published by the host"  # simple_history
    event.save(update_fields=["is_published"])
    return event


# --- JET Furusato Vision Project: proposals -------------------------------------------------


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


# --- JET Furusato Vision Project: staff -----------------------------------------------------


def _lock_proposal(proposal: FurusatoProposal) -> FurusatoProposal:
    return (
        FurusatoProposal.objects.select_for_update(of=("self",))
        .select_related("call", "proposer__user")
        .get(pk=proposal.pk)
    )


def _tell_proposer(proposal: FurusatoProposal, template: str) -> None:
    user = proposal.proposer.user
    queue_mail(
        to=[user.email],
        template=template,
        context={
            "proposal": proposal,
            "call": proposal.call,
            "user": user,
            "proposal_url": absolute_url(proposal.call.get_absolute_url()),
        },
        language=user.preferred_language,
    )


def _move_proposal(
    proposal: FurusatoProposal, *, by: Any, to: str, allowed_from: tuple[str, ...], template: str
) -> FurusatoProposal:
    _refuse_unless_staff(by)
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
    _refuse_unless_staff(by)
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
    _refuse_unless_staff(by)
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
    _refuse_unless_staff(by)
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
    _refuse_unless_staff(by)
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
    _refuse_unless_staff(by)
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
    event = _create_with_slug(
        Event,
        f"furusato-report-meeting-{call.year}-{schedule}",
        "furusato-report-meeting",
        kind=Event.Kind.NETWORKING,
        format=Event.Format.IN_PERSON,
        organizer=organizer,
        title_en=MEETING_TITLE_EN.format(year=call.year, schedule=letter),
        title_ja=MEETING_TITLE_JA.format(year=call.year, schedule=letter),
        description_en=MEETING_DESCRIPTION_EN.format(schedule=letter),
        description_ja=MEETING_DESCRIPTION_JA.format(schedule=letter),
        venue_en=MEETING_VENUE_EN,
        venue_ja=MEETING_VENUE_JA,
        city="Chiyoda, Tokyo",
        prefecture="13",
        starts_at=starts_at,
        ends_at=ends_at,
        registration_closes_at=starts_at,
        audience=Event.Audience.OPEN,
        is_published=False,
    )
    FurusatoReportMeeting.objects.create(call=call, schedule=schedule, event=event)
    return event
