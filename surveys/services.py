"""Survey actions: open the surveys of an event or programme, remind once, take answers.

A survey link carries a signed token naming one survey and one person, so it opens that survey
from an e-mail without a fresh login, and nothing else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Membership
from events.models import Event, Exhibitor, Registration
from internships.models import MatchRun, Outcome, Programme
from jetcareer.accounts.models import User
from jetcareer.outbox.services import queue_mail

from .models import Invitation, Response, Survey

SALT = "surveys.answer"
OPEN_DAYS = 21
FOLLOW_UP_DAYS = getattr(settings, "SURVEY_FOLLOW_UP_DAYS", 90)
ANSWER_FIELDS = {
    Survey.Kind.ATTENDEE: ["satisfaction", "usefulness", "comments"],
    Survey.Kind.EXHIBITOR: ["hiring_intent", "candidates", "comments"],
    Survey.Kind.FOLLOW_UP: ["employment", "employer_name", "fair_helped", "comments"],
    Survey.Kind.INTERN: ["satisfaction", "comments"],
    Survey.Kind.HOST: ["satisfaction", "comments"],
}


class SurveyError(Exception):
    """A survey link or answer was refused; the message is shown to the person."""


class NoLongerMember(SurveyError):
    """The survey is answered for an organisation the person has left or been removed from."""


def token_for(survey: Survey, user: User) -> str:
    return signing.dumps({"s": survey.pk, "u": user.pk}, salt=SALT)


def link_for(survey: Survey, user: User) -> str:
    path = reverse("surveys:answer", kwargs={"pk": survey.pk, "token": token_for(survey, user)})
    return settings.SITE_URL + path


def person_for(*, survey: Survey, token: str) -> User:
    """The invited person a token names, for this survey only."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=365))
    except signing.SignatureExpired as exc:
        raise SurveyError(_("This survey link has expired.")) from exc
    except signing.BadSignature as exc:
        raise SurveyError(_("This survey link is not valid.")) from exc
    if data.get("s") != survey.pk:
        raise SurveyError(_("This link belongs to another survey."))
    invitation = (
        Invitation.objects.filter(survey=survey, user_id=data.get("u")).select_related(
            "user", "employer"
        )
    ).first()
    if invitation is None:
        raise SurveyError(_("This survey link is not valid."))
    check_still_member(invitation=invitation)
    return invitation.user


def check_still_member(*, invitation: Invitation, lock: bool = False) -> None:
    """Raise `NoLongerMember` when the invitation asks for an organisation's answer (it names
    an employer: exhibitor and host company surveys) and its person is no longer a member of
    that organisation. With `lock`, the membership row stays locked until the transaction
    ends, so a removal running at the same time (employers.services.remove_member locks it
    too) happens wholly before or after the answer. Rule: issue #13, an organisation's answer
    counts in its figures, so only its members may give it."""
    if invitation.employer_id is None:
        return
    members = Membership.objects.filter(
        user_id=invitation.user_id, employer_id=invitation.employer_id
    )
    if lock:
        members = members.select_for_update()
    if members.first() is None:
        raise NoLongerMember(
            _(
                "You are no longer a member of %(organisation)s, so you cannot answer this "
                "survey for it. A colleague who is still a member can answer it."
            )
            % {"organisation": invitation.employer.name}
        )


def _invite(survey: Survey, users: list[tuple[User, Any]], template: str) -> int:
    existing = set(survey.invitations.values_list("user_id", flat=True))
    fresh = [(u, e) for u, e in users if u.pk not in existing]
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, user=u, employer=e) for u, e in fresh]
    )
    for user, _employer in fresh:
        queue_mail(
            to=[user.email],
            template=template,
            context={"survey": survey, "link": link_for(survey, user)},
            language=user.preferred_language,
        )
    return len(fresh)


def _survey(kind: str, now: datetime, **subject: Any) -> tuple[Survey, bool]:
    return Survey.objects.get_or_create(
        kind=kind, **subject, defaults={"opens_at": now, "closes_at": now + timedelta(OPEN_DAYS)}
    )


def attendees(event: Event) -> list[User]:
    """Who came: checked in at the venue, or confirmed for an online-only event."""
    registrations = Registration.objects.confirmed().filter(event=event)
    if event.format != Event.Format.ONLINE:
        registrations = registrations.filter(checked_in_at__isnull=False)
    return [r.participant.user for r in registrations.select_related("participant__user")
            if r.participant]  # fmt: skip


@transaction.atomic
def open_event_surveys(*, event: Event, now: datetime | None = None) -> int:
    """After an event: the attendee survey, and the exhibitor survey for a fair."""
    now = now or timezone.now()
    survey, _new = _survey(Survey.Kind.ATTENDEE, now, event=event)
    sent = _invite(survey, [(u, None) for u in attendees(event)], "survey_invitation")
    approved = Exhibitor.objects.filter(event=event, status=Exhibitor.Status.APPROVED)
    if approved.exists():
        survey, _new = _survey(Survey.Kind.EXHIBITOR, now, event=event)
        members = [
            (m.user, exhibitor.employer)
            for exhibitor in approved.select_related("employer")
            for m in exhibitor.employer.memberships.select_related("user")
        ]
        sent += _invite(survey, members, "survey_invitation")
    return sent


@transaction.atomic
def open_follow_up(*, event: Event, now: datetime | None = None) -> int:
    """Some months after a fair: where are the attendees now?"""
    now = now or timezone.now()
    survey, _new = _survey(Survey.Kind.FOLLOW_UP, now, event=event)
    return _invite(survey, [(u, None) for u in attendees(event)], "survey_invitation")


@transaction.atomic
def open_internship_surveys(*, programme: Programme, now: datetime | None = None) -> int:
    """After the internships: the interns and their host companies."""
    now = now or timezone.now()
    accepted = Outcome.objects.filter(
        run__programme=programme,
        run__state=MatchRun.State.PUBLISHED,
        response=Outcome.Response.ACCEPTED,
    ).select_related("application__participant__user", "position__employer")
    interns = [(o.application.participant.user, None) for o in accepted
               if o.application.participant]  # fmt: skip
    survey, _new = _survey(Survey.Kind.INTERN, now, programme=programme)
    sent = _invite(survey, interns, "survey_invitation")
    hosts = {o.position.employer for o in accepted}
    members = [(m.user, e) for e in hosts for m in e.memberships.select_related("user")]
    survey, _new = _survey(Survey.Kind.HOST, now, programme=programme)
    return sent + _invite(survey, members, "survey_invitation")


def open_due_surveys(*, now: datetime | None = None) -> int:
    """Beat task body: surveys of events that ended in the last week, follow-ups that are due,
    and internship surveys after the last internship day."""
    now = now or timezone.now()
    sent = 0
    ended = Event.objects.filter(
        status=Event.Status.SCHEDULED, ends_at__lt=now, ends_at__gte=now - timedelta(days=7)
    ).exclude(surveys__kind=Survey.Kind.ATTENDEE)
    for event in ended:
        sent += open_event_surveys(event=event, now=now)
    due = now - timedelta(days=FOLLOW_UP_DAYS)
    fairs = Event.objects.filter(
        kind=Event.Kind.CAREER_FAIR, status=Event.Status.SCHEDULED,
        ends_at__lt=due, ends_at__gte=due - timedelta(days=7),
    ).exclude(surveys__kind=Survey.Kind.FOLLOW_UP)  # fmt: skip
    for event in fairs:
        sent += open_follow_up(event=event, now=now)
    today = timezone.localdate(now)
    for programme in Programme.objects.filter(state=Programme.State.PUBLISHED).exclude(
        surveys__kind=Survey.Kind.INTERN
    ):
        last = programme.periods.order_by("-ends_on").first()
        if last and last.ends_on < today:
            sent += open_internship_surveys(programme=programme, now=now)
    return sent


@transaction.atomic
def send_reminders(*, now: datetime | None = None) -> int:
    """One reminder to those who have not answered, a week before the survey closes; none to
    someone who has left the organisation the survey asks on behalf of."""
    now = now or timezone.now()
    due = (
        Invitation.objects.filter(
            reminded_at__isnull=True,
            survey__opens_at__lte=now,
            survey__closes_at__gt=now,
            survey__closes_at__lte=now + timedelta(days=7),
        )
        .select_related("survey__event", "survey__programme", "user")
        .select_for_update(skip_locked=True, of=("self",))
    )
    answered = set(
        Response.objects.filter(survey__in={i.survey_id for i in due}).values_list(
            "survey_id", "user_id"
        )
    )
    members = set(
        Membership.objects.filter(user_id__in={i.user_id for i in due}).values_list(
            "user_id", "employer_id"
        )
    )
    reminded = 0
    for invitation in due:
        if (invitation.survey_id, invitation.user_id) in answered:
            continue
        if invitation.employer_id and (invitation.user_id, invitation.employer_id) not in members:
            continue  # has left the organisation: the link would be refused (check_still_member)
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
        queue_mail(
            to=[invitation.user.email],
            template="survey_reminder",
            context={
                "survey": invitation.survey,
                "link": link_for(invitation.survey, invitation.user),
            },
            language=invitation.user.preferred_language,
        )
        reminded += 1
    return reminded


@transaction.atomic
def answer(*, survey: Survey, user: User, data: dict[str, Any]) -> Response:
    """Save the person's answer; they may change it until the survey closes. An answer for an
    organisation needs its person to be a member of it right now (`check_still_member`), so
    `Response.employer` names an organisation only for answers its members gave."""
    if not survey.is_open():
        raise SurveyError(_("This survey is closed. Thank you for your interest."))
    invitation = Invitation.objects.filter(survey=survey, user=user).select_related("employer")
    invitation = invitation.first()
    if invitation is None:
        raise SurveyError(_("This survey link is not valid."))
    check_still_member(invitation=invitation, lock=True)
    fields = {f: data.get(f) for f in ANSWER_FIELDS[survey.kind]}
    fields["comments"] = (fields.get("comments") or "").strip()
    response, _created = Response.objects.update_or_create(
        survey=survey, user=user, defaults={**fields, "employer": invitation.employer}
    )
    return response
