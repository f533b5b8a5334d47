"""Internship actions: programme states, positions, applications, screening, matching,
publication, responses, lapsed offers and a person's release. Each is one transaction; refusals
raise InternshipError.

The rules that must never break live here, with database constraints behind them where a
constraint can say it (internships/models.py): one published run per programme and round
(one_published_run_per_round), one accepted offer per place (one_accepted_offer_per_seat; an
accepted offer holds a place numbered 1..capacity), and only positions of employers CLAIR
verifies enter a run. Views, admin, tasks and other apps call these functions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.models import Employer
from jetcareer.accounts.models import User
from jetcareer.celery import enqueue
from jetcareer.outbox.services import (
    bulk_mailer,
    queue_bulk_mail,
    queue_mail,
    queue_mail_to_each,
)
from jetcareer.web.dates import format_day, format_when
from participants.models import ParticipantProfile

from . import eligibility, matching
from .models import (
    Application,
    MatchRun,
    Outcome,
    Position,
    PositionChoice,
    Programme,
    stale_run_after,
)


class InternshipError(Exception):
    """An internship action was refused; the message is shown to the person. `field` names
    the input it concerns, when one does (a form shows the message beside it)."""

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- Programme states ----------------------------------------------------------------------

TRANSITIONS = {
    Programme.State.DRAFT: {Programme.State.OPEN},
    Programme.State.OPEN: {Programme.State.SCREENING, Programme.State.DRAFT},
    Programme.State.SCREENING: {Programme.State.MATCHING, Programme.State.OPEN},
    Programme.State.MATCHING: {Programme.State.SCREENING, Programme.State.PUBLISHED},
    Programme.State.PUBLISHED: {Programme.State.MATCHING, Programme.State.CLOSED},
    Programme.State.CLOSED: set(),
}


@transaction.atomic
def move_programme(*, programme: Programme, to: str) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if to not in TRANSITIONS[programme.state]:
        raise InternshipError(
            _("A programme cannot go from '%(from)s' to '%(to)s'.")
            % {"from": programme.get_state_display(), "to": Programme.State(to).label}
        )
    programme.state = to
    programme.save(update_fields=["state"])
    return programme


# --- Positions -----------------------------------------------------------------------------

# CLAIR's coordination division reads Japanese; each employer member reads their own language.
CLAIR_LANGUAGE = "ja"
POSITION_FIELDS = ["title_en", "title_ja", "description_en", "description_ja", "industry",
                   "job_type", "prefecture", "period", "capacity", "min_jlpt"]  # fmt: skip


def _tell_members(employer: Employer, template: str, context: dict[str, Any]) -> None:
    """Queue one message to every member of the employer, each in their language."""
    memberships = employer.memberships.select_related("user").order_by("pk")
    queue_mail_to_each(people=[m.user for m in memberships], template=template, context=context)


def _tell_clair(template: str, context: dict[str, Any]) -> None:
    """Queue a notice to CLAIR's coordination division (CLAIR_DIVISION_EMAILS), in Japanese."""
    queue_mail(
        to=[settings.CLAIR_DIVISION_EMAILS["coordination"]],
        template=template,
        context=context,
        language=CLAIR_LANGUAGE,
    )


def _position_data(programme: Programme, data: dict[str, Any]) -> dict[str, Any]:
    if data["period"].programme_id != programme.pk:
        raise InternshipError(_("Please choose a period of this programme."))
    return {field: data[field] for field in POSITION_FIELDS if field in data}


@transaction.atomic
def post_position(
    *, programme: Programme, employer: Employer, by: User, data: dict[str, Any]
) -> Position:
    """A verified employer offers places in a programme that takes positions (draft or open).

    Takes the programme, the employer, the member posting and the position's fields
    (POSITION_FIELDS); returns the position, waiting for CLAIR's approval. Every member of the
    employer receives a confirmation in their language and CLAIR's coordination division a
    notice in Japanese, queued in the same transaction. Raises InternshipError for an
    employer CLAIR does not verify, a programme past taking positions or a period of another
    programme.
    """
    if not employer.is_verified:
        raise InternshipError(_("Only organisations verified by CLAIR can offer internships."))
    if programme.state not in (Programme.State.DRAFT, Programme.State.OPEN):
        raise InternshipError(_("This programme no longer takes new positions."))
    position = Position.objects.create(
        programme=programme, employer=employer, created_by=by, **_position_data(programme, data)
    )
    context = {"position": position, "programme": programme, "employer": employer, "by": by}
    _tell_members(employer, "internship_position_posted", context)
    _tell_clair("internship_position_posted_clair", context)
    return position


def _locked_position(position: Position) -> Position:
    return (
        Position.objects.select_for_update(of=("self",))
        .select_related("programme", "employer")
        .get(pk=position.pk)
    )


def check_position_editable(*, position: Position) -> None:
    """Raise InternshipError, saying why, unless the employer may still change the position:
    only while it waits for CLAIR's approval."""
    if position.status == Position.Status.APPROVED:
        raise InternshipError(
            _(
                "CLAIR has approved this position, so it can no longer be changed: applicants "
                "may already have chosen it as it is. Please contact CLAIR if something must "
                "change."
            )
        )
    if not position.editable_by_employer:
        raise InternshipError(
            _('This position can no longer be changed: its status is "%(status)s".')
            % {"status": position.get_status_display()}
        )


@transaction.atomic
def update_position(*, position: Position, data: dict[str, Any]) -> Position:
    """The employer changes its position while it waits for CLAIR's approval.

    Takes the position and its new fields (POSITION_FIELDS); returns it saved. Raises
    InternshipError once CLAIR has decided on it (approved or rejected) or it was withdrawn:
    applicants may have ranked an approved position as it was.
    """
    position = _locked_position(position)
    check_position_editable(position=position)
    for field, value in _position_data(position.programme, data).items():
        setattr(position, field, value)
    position.save()
    return position


def check_position_withdrawable(*, position: Position) -> None:
    """Raise InternshipError, saying why, unless the employer may withdraw the position: it
    was submitted or approved, and no intern holds or is offered one of its places."""
    if not position.withdrawable:
        raise InternshipError(
            _('This position cannot be withdrawn: its status is "%(status)s".')
            % {"status": position.get_status_display()}
        )
    if Outcome.objects.holding_places().filter(position=position).exists():
        raise InternshipError(
            _(
                "An intern has been offered a place in this position, so it cannot be "
                "withdrawn here. Please contact CLAIR."
            )
        )


@transaction.atomic
def withdraw_position(*, position: Position, by: User) -> Position:
    """The employer withdraws a position it submitted, or one CLAIR approved: it is no longer
    offered to applicants (Position.objects.offered) and no later run fills it.

    Takes the position and the member withdrawing it; returns it withdrawn. CLAIR's
    coordination division is told in Japanese. Raises InternshipError when it is already
    withdrawn or rejected, or when an intern holds or is offered one of its places (the offer
    must be settled with CLAIR first).
    """
    position = _locked_position(position)
    check_position_withdrawable(position=position)
    was_approved = position.status == Position.Status.APPROVED
    position.status = Position.Status.WITHDRAWN
    position.save(update_fields=["status"])
    context = {"position": position, "programme": position.programme, "by": by}
    _tell_clair("internship_position_withdrawn_clair", {**context, "was_approved": was_approved})
    return position


@transaction.atomic
def decide_position(
    *,
    position: Position,
    approve: bool,
    by: User | None = None,
    reason_en: str = "",
    reason_ja: str = "",
) -> Position:
    """CLAIR approves a position (applicants can rank it, runs fill it) or rejects it.

    Takes the position, the decision, the member of staff and, for a rejection, the reason
    in English, Japanese or both, which every member of the employer receives by e-mail and
    reads on their hosting page, each in their language or else the other
    (Position.status_reason). Returns the position. Raises InternshipError for a rejection without a
    reason, a position the employer withdrew, one already so decided (no second mail), and a
    rejection while an intern holds or is offered one of its places.
    """
    position = _locked_position(position)
    reason_en, reason_ja = reason_en.strip(), reason_ja.strip()
    status = Position.Status.APPROVED if approve else Position.Status.REJECTED
    if not approve and not (reason_en or reason_ja):
        raise InternshipError(_("Please give the reason the employer will read."))
    if position.status == Position.Status.WITHDRAWN:
        raise InternshipError(
            _("%(position)s was withdrawn by the organisation.") % {"position": position}
        )
    if position.status == status:
        raise InternshipError(
            _('The status of %(position)s is already "%(status)s".')
            % {"position": position, "status": position.get_status_display()}
        )
    if not approve and Outcome.objects.holding_places().filter(position=position).exists():
        raise InternshipError(
            _("%(position)s cannot be rejected: an intern has been offered one of its places.")
            % {"position": position}
        )
    position.status = status
    position.status_reason_en, position.status_reason_ja = reason_en, reason_ja
    position.reviewed_at = timezone.now()
    position.reviewed_by = by
    position.save(
        update_fields=[
            "status",
            "status_reason_en",
            "status_reason_ja",
            "reviewed_at",
            "reviewed_by",
        ]
    )
    template = "internship_position_approved" if approve else "internship_position_rejected"
    # The mail reads position.status_reason in each member's language.
    _tell_members(position.employer, template, {"position": position})
    return position


# --- Applications --------------------------------------------------------------------------


def _check_choices(programme: Programme, positions: Sequence[Position]) -> None:
    if len(positions) > 5:
        raise InternshipError(_("You can rank at most five positions."))
    if len({p.pk for p in positions}) != len(positions):
        raise InternshipError(_("Each position can be ranked only once."))
    offered = set(
        Position.objects.offered()
        .filter(programme=programme, pk__in=[p.pk for p in positions])
        .values_list("pk", flat=True)
    )
    if any(position.pk not in offered for position in positions):
        raise InternshipError(_("One of the positions you chose is not offered."))


def _save_choices(application: Application, positions: Sequence[Position]) -> None:
    application.choices.all().delete()
    PositionChoice.objects.bulk_create(
        [
            PositionChoice(application=application, position=p, rank=i + 1)
            for i, p in enumerate(positions)
        ]
    )


def _application_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = ["statement", "industry_1", "industry_2", "industry_3", "job_types",
              "supervisor_name", "paid_leave_confirmed"]  # fmt: skip
    return {f: data.get(f) or ("" if f != "job_types" else []) for f in fields}


@transaction.atomic
def apply(
    *,
    programme: Programme,
    profile: ParticipantProfile | None,
    data: dict[str, Any],
    positions: Sequence[Position] = (),
) -> Application:
    """Submit an application, with the contracting organisation's consent to paid leave."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.accepts_applications():
        raise InternshipError(_("This programme is not taking applications now."))
    reason = eligibility.refusal(programme, profile)
    if reason:
        raise InternshipError(reason)
    if not data.get("paid_leave_confirmed"):
        raise InternshipError(
            _("Your contracting organisation must agree to paid leave for the whole period.")
        )
    _check_choices(programme, positions)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                programme=programme,
                participant=profile,
                consent_recorded_at=timezone.now(),
                **_application_fields(data),
            )
    except IntegrityError as exc:
        raise InternshipError(_("You have already applied to this programme.")) from exc
    _save_choices(application, positions)
    queue_mail(
        to=[profile.user.email],
        template="internship_applied",
        context={"application": application, "programme": programme},
        language=profile.user.preferred_language,
    )
    return application


@transaction.atomic
def update_application(
    *, application: Application, data: dict[str, Any], positions: Sequence[Position] = ()
) -> Application:
    """Edit until the deadline."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    programme = application.programme
    if application.state != Application.State.SUBMITTED or not programme.accepts_applications():
        raise InternshipError(_("The application can no longer be changed."))
    if not data.get("paid_leave_confirmed"):
        raise InternshipError(
            _("Your contracting organisation must agree to paid leave for the whole period.")
        )
    _check_choices(programme, positions)
    for field, value in _application_fields(data).items():
        setattr(application, field, value)
    application.consent_recorded_at = timezone.now()
    application.save()
    _save_choices(application, positions)
    return application


def check_withdrawable(*, application: Application) -> None:
    """Refuse to withdraw an application that cannot be: the check half of
    `withdraw_application`, also run by the page that asks first. A read: the action checks
    again under the row lock.

    Takes the application (with its programme). Returns nothing; raises InternshipError when
    it is withdrawn already, or its programme's results are published (or it is closed): the
    applicant declines a match instead, which gives the place to someone else.
    """
    if application.state == Application.State.WITHDRAWN:
        raise InternshipError(_("Your application is already withdrawn."))
    if application.programme.state in (Programme.State.PUBLISHED, Programme.State.CLOSED):
        raise InternshipError(_("Results are published: please decline your match instead."))


@transaction.atomic
def withdraw_application(*, application: Application) -> None:
    """Withdraw an application: it leaves the screening and the matching, and the person may
    apply again while applications are open. Raises InternshipError as `check_withdrawable`."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=application.pk)
    )
    check_withdrawable(application=application)
    application.state = Application.State.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])


def check_screening(
    *,
    application: Application,
    result: str | None = None,
    reason_en: str = "",
    reason_ja: str = "",
    document_score: Any = None,
    interview_score: Any = None,
) -> None:
    """The rules of one screening entry, checked before anything is saved (the admin's forms
    call it to show the refusal on the row; screen() calls it again under the row lock).

    Raises InternshipError for a withdrawn application, an unknown result, "not selected"
    without a reason in either language (the applicant reads it) and a negative score.
    """
    if application.state == Application.State.WITHDRAWN:
        raise InternshipError(_("This application was withdrawn, so it is not screened."))
    if result and result not in Application.Screening.values:
        raise InternshipError(
            _("Please choose a screening result from the list."), field="screening"
        )
    if result == Application.Screening.FAILED and not (
        (reason_en or "").strip() or (reason_ja or "").strip()
    ):
        raise InternshipError(
            _("Please give a reason when an applicant is not selected."),
            field="screening_reason_en",
        )
    for field, score in (("document_score", document_score), ("interview_score", interview_score)):
        if score is not None and score < 0:
            raise InternshipError(_("Scores cannot be negative."), field=field)


@transaction.atomic
def screen(
    *,
    application: Application,
    document_score: Any = None,
    interview_at: datetime | None = None,
    interview_score: Any = None,
    result: str | None = None,
    reason_en: str = "",
    reason_ja: str = "",
) -> Application:
    """Record staff's screening of one application: scores, interview time, result, reason.

    Takes the application and the values as they should now be (None leaves the result as it
    is; the reason in English, Japanese or both); returns the application saved. The applicant
    is told by e-mail, in their language, a new interview time, and the result when it changes
    to passed or not selected (with the reason in their language, else the other:
    Application.screening_reason). Raises InternshipError as check_screening does; nothing is
    saved then.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme", "participant__user")
        .get(pk=application.pk)
    )
    check_screening(
        application=application,
        result=result,
        reason_en=reason_en,
        reason_ja=reason_ja,
        document_score=document_score,
        interview_score=interview_score,
    )
    told_interview, told_result = application.interview_at, application.screening
    application.document_score = document_score
    application.interview_at = interview_at
    application.interview_score = interview_score
    if result:
        application.screening = result
    application.screening_reason_en = (reason_en or "").strip()
    application.screening_reason_ja = (reason_ja or "").strip()
    application.save()
    profile = application.participant
    if profile is None:  # an erased account: nobody to tell
        return application
    context = {"application": application, "programme": application.programme}
    if interview_at and interview_at != told_interview:
        queue_mail(
            to=[profile.user.email],
            template="internship_interview",
            context=context,
            language=profile.user.preferred_language,
        )
    decided = (Application.Screening.PASSED, Application.Screening.FAILED)
    if application.screening != told_result and application.screening in decided:
        queue_mail(
            to=[profile.user.email],
            template="internship_screening_result",
            # The mail reads application.screening_reason in the applicant's language.
            context={**context, "passed": application.screening == Application.Screening.PASSED},
            language=profile.user.preferred_language,
        )
    return application


# --- Matching ------------------------------------------------------------------------------

# The worker's side of a run (internships.tasks), named rather than imported: tasks call these
# services, never the other way round.
RUN_MATCHING_TASK = "internships.tasks.run_matching_task"


def start_matching(*, programme: Programme, by: User | None, seed: int | None = None) -> MatchRun:
    """Create a queued run of the programme's next round and hand it to a worker after commit.

    Takes the programme (in 'Matching' or 'Results published'), the member of staff and an
    optional lottery seed; returns the queued run. Raises InternshipError when the programme is
    in another state or a run is in progress; a stale run (queued or running for longer than
    models.stale_run_after(), its worker killed) is named, so staff can re-queue it or mark it
    failed in admin (requeue_run, fail_stale_run) and start again.
    """
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.state not in (Programme.State.MATCHING, Programme.State.PUBLISHED):
            raise InternshipError(_("Move the programme to 'Matching' before running it."))
        busy = programme.runs.in_progress().order_by("pk").first()
        if busy is not None and busy.is_stale():
            raise InternshipError(_stuck_message(busy))
        if busy is not None:
            raise InternshipError(_("A matching run is already in progress."))
        last = programme.runs.filter(state=MatchRun.State.PUBLISHED).aggregate(n=Max("round"))
        run = MatchRun.objects.create(
            programme=programme,
            round=(last["n"] or 0) + 1,
            seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
            started_by=by,
        )
        transaction.on_commit(lambda: enqueue(RUN_MATCHING_TASK, run.pk))
    return run


def _stuck_message(run: MatchRun) -> str:
    return _(
        "Matching run %(id)s has made no progress for more than %(minutes)s minutes: its worker "
        "probably stopped. Re-queue it or mark it failed under Matching runs, then try again."
    ) % {"id": run.pk, "minutes": _stale_minutes()}


def _stale_minutes() -> int:
    return int(stale_run_after().total_seconds() // 60)


def _taken_places(programme: Programme, now: datetime | None = None) -> dict[int, int]:
    """Places held by offers of published rounds: accepted ones, and pending ones whose answer
    deadline has not passed (past it they have lapsed, even before lapse_unanswered_offers
    marks them). Declined, lapsed and released offers leave their places free."""
    rows = (
        Outcome.objects.holding_places(now)
        .filter(run__programme=programme)
        .order_by()
        .values("position")
        .annotate(n=Count("id"))
    )
    return {r["position"]: r["n"] for r in rows}


def build_instance(run: MatchRun) -> tuple[matching.Instance, dict[int, Application]]:
    """The engine's input: passed applications not matched in an earlier published round
    (those who got an offer hold it, declined it or let it lapse), approved positions of
    verified employers (Position.objects.offered) with the places that accepted or pending
    offers leave free (_taken_places)."""
    programme = run.programme
    offered = Outcome.objects.filter(
        run__programme=programme, run__state=MatchRun.State.PUBLISHED, position__isnull=False
    )
    applications = {
        a.pk: a
        for a in Application.objects.filter(
            programme=programme,
            state=Application.State.SUBMITTED,
            screening=Application.Screening.PASSED,
        )
        .exclude(pk__in=offered.values("application"))
        .select_related("participant")
        .prefetch_related("choices")
    }
    start = programme.first_day()
    approved = programme.positions.offered().order_by("pk")
    offered = {p.pk for p in approved}
    applicants = []
    for a in applications.values():
        profile = a.participant
        applicants.append(
            matching.Applicant(
                id=a.pk,
                jlpt=profile.jlpt_level if profile else 0,
                interview_score=float(a.interview_score) if a.interview_score is not None
                else None,
                document_score=float(a.document_score) if a.document_score is not None
                else None,
                years_on_jet=profile.years_on_jet(start) if profile and start else 0,
                # A ranked position that was rejected later is simply not offered.
                ranked_positions=tuple(
                    c.position_id for c in a.choices.all() if c.position_id in offered
                ),
                industries=tuple(a.industries),
                job_types=frozenset(a.job_types),
                eligible=profile is not None,
            )
        )  # fmt: skip
    taken = _taken_places(programme)
    positions = [
        matching.Position(
            id=p.pk,
            capacity=max(p.capacity - taken.get(p.pk, 0), 0),
            min_jlpt=p.min_jlpt,
            industry=p.industry,
            job_type=p.job_type,
            employer_ranking=None,
        )
        for p in approved
    ]
    return matching.Instance(applicants=tuple(applicants), positions=tuple(positions),
                             seed=run.seed), applications  # fmt: skip


# A task delivered again after its run finished, or after staff marked it failed, does nothing.
FINAL_RUN_STATES = (MatchRun.State.DONE, MatchRun.State.PUBLISHED, MatchRun.State.FAILED)


def run_matching(*, run_id: int) -> MatchRun:
    """Load, match, check and store the run and its results in one transaction.

    Safe to repeat: a finished (or failed) run is left as it is, and a run interrupted mid-way
    rolled back and simply runs again with the same input and seed, giving the same result.
    """
    with transaction.atomic():  # a short first transaction, so staff see "running"
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.state in FINAL_RUN_STATES:
            return run
        run.state = MatchRun.State.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["state", "started_at"])
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run_id)
        if run.state in FINAL_RUN_STATES:
            return run
        instance, applications = build_instance(run)
        result = matching.run(instance)
        # The rank the applicant gave the matched position ("your 1st choice"), and none when
        # they were matched by industry and job type: the engine's choice number counts every
        # position on the applicant's full list, ranked or not.
        ranks = {
            (a.pk, c.position_id): c.rank for a in applications.values() for c in a.choices.all()
        }
        run.outcomes.all().delete()
        Outcome.objects.bulk_create(
            [
                Outcome(
                    run=run,
                    application_id=applicant_id,
                    position_id=position_id,
                    choice_number=ranks.get((applicant_id, position_id)),
                    explanation=_stored_explanation(result.explanations.get(applicant_id, [])),
                )
                for applicant_id, position_id in result.matches.items()
            ]
        )
        matched = sum(1 for p in result.matches.values() if p is not None)
        run.input_digest = result.input_digest
        run.statistics = {
            "applicants": len(applications),
            "positions": len(instance.positions),
            "places": sum(p.capacity for p in instance.positions),
            "matched": matched,
            "unmatched": len(applications) - matched,
            "histogram": {str(k): v for k, v in result.histogram.items()},
            "fill": {str(k): list(v) for k, v in result.fill.items()},
        }
        run.violations = list(result.violations)
        run.state = MatchRun.State.DONE
        run.finished_at = timezone.now()
        run.save()
    return run


EXPLAINED_POSITIONS = 15


def _stored_explanation(items: Sequence[Any]) -> list[dict[str, Any]]:
    """The first positions the applicant preferred, each with its reason, and a count of the
    rest: an unmatched applicant may have preferred hundreds of positions, and a list that long
    helps nobody (nor the database)."""
    stored = [
        {"position": pid, "reason": code, **params}
        for pid, code, params in items[:EXPLAINED_POSITIONS]
    ]
    if len(items) > EXPLAINED_POSITIONS:
        stored.append({"position": None, "reason": "more", "count": len(items) - len(stored)})
    return stored


def mark_failed(*, run_id: int, error: str) -> None:
    """The task gave up on the run (its last retry failed): store the error."""
    MatchRun.objects.filter(pk=run_id).exclude(state=MatchRun.State.PUBLISHED).update(
        state=MatchRun.State.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def _lock_stale_run(run: MatchRun) -> MatchRun:
    """Lock a run that staff say is stuck. A worker matching it holds its row lock for the
    whole run, so a run whose lock is taken is alive, however long it has been going."""
    try:
        with transaction.atomic():
            locked = MatchRun.objects.select_for_update(nowait=True).get(pk=run.pk)
    except OperationalError as exc:
        raise InternshipError(
            _("Matching run %(id)s is being worked on right now: it is not stuck.") % {"id": run.pk}
        ) from exc
    if not locked.is_stale():
        raise InternshipError(
            _(
                "Matching run %(id)s is not stuck: only a run queued or running for more than "
                "%(minutes)s minutes can be re-queued or marked failed."
            )
            % {"id": run.pk, "minutes": _stale_minutes()}
        )
    return locked


@transaction.atomic
def requeue_run(*, run: MatchRun) -> MatchRun:
    """Queue a stale run again and send its task after commit (issue 11).

    Takes a run queued or running for longer than models.stale_run_after() whose worker is gone
    (no transaction holds the run); returns it, queued again. run_matching is idempotent, so a
    late copy of the old task does no harm. Raises InternshipError for a run that is not stale
    or that a worker is matching right now.
    """
    run = _lock_stale_run(run)
    run.state = MatchRun.State.QUEUED
    run.queued_at = timezone.now()
    run.started_at = None
    run.error = ""
    run.save(update_fields=["state", "queued_at", "started_at", "error"])
    run_id = run.pk
    # robust: with the broker down the run stays queued, turns stale again and can be re-queued.
    transaction.on_commit(lambda: enqueue(RUN_MATCHING_TASK, run_id), robust=True)
    return run


@transaction.atomic
def fail_stale_run(*, run: MatchRun) -> MatchRun:
    """Mark a stale run failed (its worker was killed and re-queueing does not help), so a new
    run can be started. Takes and returns the run; raises InternshipError as requeue_run does.
    A failed run is final: a late copy of its task does not run it (FINAL_RUN_STATES)."""
    run = _lock_stale_run(run)
    run.state = MatchRun.State.FAILED
    run.error = f"Marked failed by staff: no progress for more than {_stale_minutes()} minutes."
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "error", "finished_at"])
    return run


@transaction.atomic
def publish_run(*, run: MatchRun) -> int:
    """Publish a checked run and have workers tell every applicant their result.

    Takes a finished run; returns the number of applicants who will be told. The results are
    visible on the applicants' pages at once; the e-mails (each in the applicant's language,
    with the explanation) are rendered by workers in batches after commit (mail_results), so
    publishing 20,000 results takes a moment, not minutes inside the admin request. Raises
    InternshipError for a run that is not finished or failed its check, for a programme
    without a deadline to accept a match in the future (check_response_deadline), for a second
    run of a round already published: its offers would be for the same places (one published run
    per programme and round, also a database constraint), and for a run that matched someone
    to a position no longer offered (withdrawn or rejected since, or its employer no longer
    verified): the run is out of date, and a new one gives everyone a place that exists.
    """
    programme_id = MatchRun.objects.values_list("programme_id", flat=True).get(pk=run.pk)
    # The programme first, as start_matching locks it: publications of one programme queue.
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_publish:
        raise InternshipError(
            _("Only a finished run that passed the stability and capacity check can be published.")
        )
    check_response_deadline(programme=programme)
    published = programme.runs.filter(state=MatchRun.State.PUBLISHED, round=run.round)
    if published.exclude(pk=run.pk).exists():
        raise _round_taken(run)
    gone = (
        Position.objects.filter(outcomes__run=run)
        .exclude(pk__in=Position.objects.offered())
        .order_by("pk")
        .first()
    )
    if gone is not None:
        # Its applicants would get an offer of a place that is no longer offered, and the
        # others' results were computed with it: the run is out of date.
        raise InternshipError(
            _(
                "%(position)s is no longer offered (withdrawn, rejected or its employer is not "
                "verified) since this run: start a new run and publish that one."
            )
            % {"position": gone}
        )
    run.state = MatchRun.State.PUBLISHED
    run.published_at = timezone.now()
    try:
        with transaction.atomic():
            run.save(update_fields=["state", "published_at"])
    except IntegrityError as exc:  # one_published_run_per_round
        raise _round_taken(run) from exc
    if programme.state == Programme.State.MATCHING:
        programme.state = Programme.State.PUBLISHED
        programme.save(update_fields=["state"])
    # An applicant may have withdrawn or erased their account between the run and its
    # publication: their offer would hold a place for nobody (found by the model-based test).
    # It is not made; the place stays free for the next round.
    run.outcomes.exclude(position=None).filter(
        Q(application__participant__isnull=True) | Q(application__state=Application.State.WITHDRAWN)
    ).update(position=None, choice_number=None)
    told = list(_told_on_publication(run).values_list("pk", flat=True))
    queue_bulk_mail(mail_results, told)
    return len(told)


def check_response_deadline(*, programme: Programme, now: datetime | None = None) -> None:
    """Refuse to publish results nobody could answer in time: the programme's "deadline to
    accept a match" must be set and still ahead. The result page and mail state it, and offers
    not answered by it lapse (lapse_unanswered_offers).

    Takes the programme and the time (default now). Returns nothing; raises InternshipError
    (field "response_deadline") when the deadline is empty or not in the future. Rule source:
    Programme.response_deadline (issue 8); issue #16 (a result published without a deadline).
    """
    deadline = programme.response_deadline
    if deadline is None:
        raise InternshipError(
            _(
                "Please set the programme's deadline to accept a match before publishing: "
                "applicants must know by when to answer their offer."
            ),
            field="response_deadline",
        )
    if deadline <= (now or timezone.now()):
        raise InternshipError(
            _(
                "The programme's deadline to accept a match, %(deadline)s, has passed: please "
                "set a later one before publishing."
            )
            % {"deadline": format_when(deadline)},
            field="response_deadline",
        )


def check_deadline_kept(*, programme: Programme, deadline: datetime | None) -> None:
    """Refuse to clear the deadline to accept a match of a programme whose results are
    published: applicants read it on their result, and without it offers never lapse.

    Takes the programme and the deadline staff want to save. Returns nothing; raises
    InternshipError (field "response_deadline"). Rule source: as check_response_deadline.
    """
    if (
        deadline is None
        and programme.pk
        and programme.runs.filter(state=MatchRun.State.PUBLISHED).exists()
    ):
        raise InternshipError(
            _(
                "Results of this programme are published: applicants answer by this deadline, "
                "so it cannot be left empty."
            ),
            field="response_deadline",
        )


def _told_on_publication(run: MatchRun) -> Any:
    return run.outcomes.filter(application__participant__isnull=False).order_by("pk")


def count_told_on_publication(*, run: MatchRun) -> int:
    """How many applicants publish_run would e-mail now (those whose account still exists):
    the figure the confirmation page states before staff publish."""
    return _told_on_publication(run).count()


def _round_taken(run: MatchRun) -> InternshipError:
    return InternshipError(
        _(
            "Round %(round)s of this programme is already published, so this run cannot be: "
            "its offers would be for the same places. Start a new run for the next round."
        )
        % {"round": run.round}
    )


@bulk_mailer
def mail_results(outcome_ids: Sequence[int]) -> int:
    """Queue the result mail of each published outcome named (a worker's batch); returns the
    number of messages queued."""
    outcomes = list(
        Outcome.objects.filter(pk__in=outcome_ids, application__participant__isnull=False)
        .select_related(
            "run__programme",
            "application__participant__user",
            "position__employer",
            "position__period",  # the mail states the internship period
        )
        .order_by("pk")
    )
    programme_ids = {outcome.run.programme_id for outcome in outcomes}
    positions = {
        p.pk: p
        for p in Position.objects.filter(programme_id__in=programme_ids).select_related("employer")
    }
    for outcome in outcomes:
        user = outcome.application.participant.user
        with translation.override(user.preferred_language):
            reasons = explain(outcome, positions)
        queue_mail(
            to=[user.email],
            template="internship_result",
            context={"outcome": outcome, "programme": outcome.run.programme, "reasons": reasons},
            language=user.preferred_language,
        )
    return len(outcomes)


def explain(outcome: Outcome, positions: dict[int, Position]) -> list[str]:
    """The engine's reason codes as sentences in the active language."""
    sentences = []
    for item in outcome.explanation:
        position = positions.get(item["position"])
        name = str(position) if position else "-"  # "Employer: title" / 「企業：タイトル」
        code = item["reason"]
        if code == "more":
            sentences.append(
                ngettext(
                    "%(n)s more position you preferred had no place left for you.",
                    "%(n)s more positions you preferred had no place left for you.",
                    item["count"],
                )
                % {"n": item["count"]}
            )
            continue
        if code == "full":
            text = _("%(position)s filled its places with applicants it ranked higher.")
        elif code == "min_jlpt":
            text = _("%(position)s needs JLPT %(needed)s or higher; you have %(yours)s.")
        elif code == "zero_capacity":
            text = _("%(position)s had no places left.")
        elif code == "not_ranked_by_employer":
            text = _("%(position)s chose its interns from a list of its own.")
        else:
            text = _("%(position)s could not consider your application.")
        sentences.append(
            text
            % {
                "position": name,
                "needed": eligibility.jlpt_label(item.get("required", 0)),
                "yours": eligibility.jlpt_label(item.get("yours", 0)),
            }
        )
    return sentences


ANSWERS = {"accept": Outcome.Response.ACCEPTED, "decline": Outcome.Response.DECLINED}


def check_answerable(*, outcome: Outcome, now: datetime | None = None) -> None:
    """Refuse an offer its applicant can no longer answer: the check half of `respond`, also
    run by the page that asks before a decline. A read: `respond` checks again under the row
    lock.

    Takes the outcome (with its run and programme) and the time (default now). Returns
    nothing; raises InternshipError when there is no offer, it was answered or lapsed, or the
    deadline passed. Rule source: Programme.response_deadline (issue 8).
    """
    now = now or timezone.now()
    programme = outcome.run.programme
    if outcome.run.state != MatchRun.State.PUBLISHED or outcome.position_id is None:
        raise InternshipError(_("There is no offer to answer."))
    deadline_passed = programme.response_deadline and now > programme.response_deadline
    if outcome.response == Outcome.Response.LAPSED or (
        outcome.response == Outcome.Response.PENDING and deadline_passed
    ):
        raise InternshipError(_("The deadline to answer has passed."))
    if outcome.response != Outcome.Response.PENDING:
        raise InternshipError(_("You have already answered."))


@transaction.atomic
def respond(*, outcome: Outcome, answer: str) -> Outcome:
    """The applicant accepts or declines a published offer before the programme's deadline.

    `answer` is "accept" or "decline" exactly; anything else is refused, never taken as a
    decline. Accepting takes a free place of the position (seats 1..capacity; the database
    refuses two accepted offers on one seat), so a place another accepted offer holds cannot be
    accepted twice. Returns the outcome; raises InternshipError when there is no offer, it was
    answered or lapsed, the deadline passed (`check_answerable`), the host is no longer
    verified or no place is left. The pages ask before a decline (it gives the place away);
    an accept is one click.
    Rule source: the programme's "deadline to accept a match" (Programme.response_deadline);
    house rule "one accepted offer per place, places ≤ capacity" (issues 7 and 8).
    """
    if answer not in ANSWERS:
        raise InternshipError(_("Please answer the offer with Accept or Decline."))
    outcome = (
        Outcome.objects.select_for_update(of=("self",))
        .select_related("run__programme")
        .get(pk=outcome.pk)
    )
    now = timezone.now()
    check_answerable(outcome=outcome, now=now)
    if ANSWERS[answer] == Outcome.Response.ACCEPTED:
        outcome.seat = _free_seat(outcome)
    outcome.response = ANSWERS[answer]
    outcome.responded_at = now
    try:
        with transaction.atomic():
            outcome.save(update_fields=["response", "responded_at", "seat"])
    except IntegrityError as exc:  # one_accepted_offer_per_seat
        raise InternshipError(_place_taken()) from exc
    return outcome


def _place_taken() -> str:
    return _(
        "We are sorry: every place of this position is already taken by an accepted offer. "
        "Please contact CLAIR."
    )


def _free_seat(outcome: Outcome) -> int:
    """The lowest place of the position no accepted offer holds; the position row is locked,
    so two applicants accepting at once queue here."""
    position = (
        Position.objects.select_for_update(of=("self",))
        .select_related("employer")
        .get(pk=outcome.position_id)
    )
    if not position.employer.is_verified:
        raise InternshipError(
            _("This host company can no longer take interns. Please contact CLAIR.")
        )
    held = list(
        Outcome.objects.filter(position=position, response=Outcome.Response.ACCEPTED)
        .exclude(pk=outcome.pk)
        .values_list("seat", flat=True)
    )
    free = sorted(set(range(1, position.capacity + 1)) - set(held))
    if len(held) >= position.capacity or not free:
        raise InternshipError(_place_taken())
    return free[0]


def check_capacity(*, position: Position, capacity: int) -> None:
    """Refuse (InternshipError) a capacity below the places accepted offers already hold:
    places ≤ capacity. Used by the admin change form of a position."""
    accepted = position.outcomes.filter(response=Outcome.Response.ACCEPTED).count()
    if capacity < accepted:
        raise InternshipError(
            ngettext(
                "%(n)s intern has already accepted a place: the position needs at least "
                "%(n)s place.",
                "%(n)s interns have already accepted a place: the position needs at least "
                "%(n)s places.",
                accepted,
            )
            % {"n": accepted}
        )


# --- Lapsed offers and a person's release ----------------------------------------------------


@transaction.atomic
def lapse_unanswered_offers(now: datetime | None = None) -> int:
    """Mark offers still unanswered after their programme's response deadline as lapsed.

    Takes the time to compare with (default: now); returns the number of offers lapsed by this
    call. Each applicant is told by e-mail in their language (mail_lapsed, batched after
    commit). Idempotent: an offer lapses once, so a second call lapses and mails nothing. The
    place is free for the next round at once (_taken_places already ignores a pending offer
    past its deadline). Run by the beat task internships.tasks.lapse_unanswered_offers.
    Rule source: Programme.response_deadline, the deadline to accept a match (issue 8).
    """
    now = now or timezone.now()
    ids = list(
        Outcome.objects.select_for_update(of=("self",))
        .filter(
            run__state=MatchRun.State.PUBLISHED,
            position__isnull=False,
            response=Outcome.Response.PENDING,
            run__programme__response_deadline__lt=now,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Outcome.objects.filter(pk__in=ids).update(response=Outcome.Response.LAPSED)
    told = list(
        Outcome.objects.filter(pk__in=ids, application__participant__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if told:
        queue_bulk_mail(mail_lapsed, told)
    return len(ids)


@bulk_mailer
def mail_lapsed(outcome_ids: Sequence[int]) -> int:
    """Queue the "your offer lapsed" mail of each lapsed outcome named (a worker's batch), in
    the applicant's language; returns the number of messages queued."""
    outcomes = (
        Outcome.objects.filter(
            pk__in=outcome_ids,
            response=Outcome.Response.LAPSED,
            application__participant__isnull=False,
        )
        .select_related("run__programme", "application__participant__user", "position__employer")
        .order_by("pk")
    )
    sent = 0
    for outcome in outcomes:
        user = outcome.application.participant.user
        queue_mail(
            to=[user.email],
            template="internship_offer_lapsed",
            context={
                "outcome": outcome,
                "position": outcome.position,
                "programme": outcome.run.programme,
            },
            language=user.preferred_language,
        )
        sent += 1
    return sent


@transaction.atomic
def release_person(*, profile: ParticipantProfile) -> int:
    """Take a person out of every internship programme that is not finished (account erasure).

    Takes the person's profile. Withdraws their submitted applications of programmes not
    closed, and releases their pending or accepted offers there: the place becomes free for the
    next round (the accepted offer gives up its seat) and the members of the host employer are
    told by e-mail, each in their language, that the intern withdrew (internship_intern_withdrew;
    the mail does not name the person, whose data is being erased). A pending offer already past
    its answer deadline simply lapses, without mail. An internship that is over (an accepted
    offer whose period has ended) is history and is kept, with its application. Returns the
    number of offers released; calling it again releases nothing. Raises nothing of its own.
    Called by participants.erasure (RELEASE_HOOKS) before the account's links are removed.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    kept = Outcome.objects.filter(
        application__participant=profile,
        run__state=MatchRun.State.PUBLISHED,
        response=Outcome.Response.ACCEPTED,
        position__period__ends_on__lt=today,
    ).values("application_id")
    applications = (
        Application.objects.select_for_update()
        .filter(participant=profile, state=Application.State.SUBMITTED)
        .exclude(programme__state=Programme.State.CLOSED)
        .exclude(pk__in=kept)
    )
    for application in applications:
        application.state = Application.State.WITHDRAWN
        application.save(update_fields=["state", "updated_at"])

    offers = (
        Outcome.objects.select_for_update(of=("self",))
        .filter(
            application__participant=profile,
            run__state=MatchRun.State.PUBLISHED,
            position__isnull=False,
            response__in=[Outcome.Response.PENDING, Outcome.Response.ACCEPTED],
        )
        .exclude(run__programme__state=Programme.State.CLOSED)
        .exclude(application_id__in=kept)
        .select_related("run__programme", "position__employer")
        .order_by("pk")
    )
    released = 0
    for offer in offers:
        deadline = offer.run.programme.response_deadline
        if offer.response == Outcome.Response.PENDING and deadline and now > deadline:
            offer.response = Outcome.Response.LAPSED
            offer.save(update_fields=["response"])
            continue
        offer.response = Outcome.Response.RELEASED
        offer.seat = None
        offer.responded_at = now
        offer.save(update_fields=["response", "seat", "responded_at"])
        released += 1
        for member in offer.position.employer.memberships.select_related("user"):
            queue_mail(
                to=[member.user.email],
                template="internship_intern_withdrew",
                context={"position": offer.position, "programme": offer.run.programme},
                language=member.user.preferred_language,
            )
    return released


@transaction.atomic
def write_evaluation(*, outcome: Outcome, text: str) -> Outcome:
    outcome.employer_evaluation = text.strip()
    outcome.save(update_fields=["employer_evaluation"])
    return outcome


def report_opens_on(outcome: Outcome) -> date | None:
    """The first day the intern may write the report after the internship: the day after the
    last day of the position's period (Japan time). None when the outcome holds no accepted
    place (nothing to report on)."""
    if outcome.response != Outcome.Response.ACCEPTED or outcome.position_id is None:
        return None
    return outcome.position.period.ends_on + timedelta(days=1)


def check_report(*, outcome: Outcome, today: date | None = None) -> None:
    """Refuse a report its intern cannot write yet: the check half of `write_report`, also
    read by the result page to show or hide the form.

    Takes the outcome (with its position and period) and the day (default: today in Japan).
    Returns nothing; raises InternshipError when the offer was not accepted, or the internship
    has not ended (before the day after the period's last day). Rule source: the report is
    about the internship done (issue #16: after the internship).
    """
    opens_on = report_opens_on(outcome)
    if opens_on is None:
        raise InternshipError(_("Only an intern who accepted a place writes a report."))
    today = today or timezone.localdate()
    if today < opens_on:
        raise InternshipError(
            _("You can write your report once the internship has ended, from %(day)s.")
            % {"day": format_day(opens_on)}
        )


@transaction.atomic
def write_report(*, outcome: Outcome, text: str) -> Outcome:
    """The intern's report after the internship; returns the outcome. Raises InternshipError
    when `check_report` refuses (not accepted, or before the internship ended) or the text is
    empty."""
    outcome = Outcome.objects.select_related("position__period").get(pk=outcome.pk)
    check_report(outcome=outcome)
    text = text.strip()
    if not text:
        raise InternshipError(_("Please write your report."))
    outcome.intern_report = text
    outcome.save(update_fields=["intern_report"])
    return outcome
