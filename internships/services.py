"""Internship actions: programme states, positions, applications, screening, matching,
publication and responses. Each is one transaction; refusals raise InternshipError."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.models import Employer
from jetcareer.accounts.models import User
from jetcareer.outbox.services import bulk_mailer, queue_bulk_mail, queue_mail
from participants.models import ParticipantProfile

from . import eligibility, matching
from .models import (
    Application,
    MatchRun,
    Outcome,
    Position,
    PositionChoice,
    Programme,
)


class InternshipError(Exception):
    """An internship action was refused; the message is shown to the person."""


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


@transaction.atomic
def post_position(
    *, programme: Programme, employer: Employer, by: User, data: dict[str, Any]
) -> Position:
    """A verified employer offers places in an open programme; CLAIR approves them."""
    if not employer.is_verified:
        raise InternshipError(_("Only organisations verified by CLAIR can offer internships."))
    if programme.state not in (Programme.State.DRAFT, Programme.State.OPEN):
        raise InternshipError(_("This programme no longer takes new positions."))
    if data["period"].programme_id != programme.pk:
        raise InternshipError(_("Please choose a period of this programme."))
    return Position.objects.create(programme=programme, employer=employer, created_by=by, **data)


@transaction.atomic
def decide_position(*, position: Position, approve: bool) -> Position:
    position.status = Position.Status.APPROVED if approve else Position.Status.REJECTED
    position.save(update_fields=["status"])
    template = "internship_position_approved" if approve else "internship_position_rejected"
    for member in position.employer.memberships.select_related("user"):
        queue_mail(
            to=[member.user.email],
            template=template,
            context={"position": position},
            language=member.user.preferred_language,
        )
    return position


# --- Applications --------------------------------------------------------------------------


def _check_choices(programme: Programme, positions: Sequence[Position]) -> None:
    if len(positions) > 5:
        raise InternshipError(_("You can rank at most five positions."))
    if len({p.pk for p in positions}) != len(positions):
        raise InternshipError(_("Each position can be ranked only once."))
    for position in positions:
        if position.programme_id != programme.pk or position.status != Position.Status.APPROVED:
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


@transaction.atomic
def withdraw_application(*, application: Application) -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.programme.state in (Programme.State.PUBLISHED, Programme.State.CLOSED):
        raise InternshipError(_("Results are published: please decline your match instead."))
    application.state = Application.State.WITHDRAWN
    application.save(update_fields=["state", "updated_at"])


@transaction.atomic
def screen(
    *,
    application: Application,
    document_score: Any = None,
    interview_at: datetime | None = None,
    interview_score: Any = None,
    result: str | None = None,
    reason: str = "",
) -> Application:
    """Record screening by staff; the applicant is told a new interview time."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    told = application.interview_at
    if result == Application.Screening.FAILED and not reason.strip():
        raise InternshipError(_("Please give a reason when an applicant is not selected."))
    application.document_score = document_score
    application.interview_at = interview_at
    application.interview_score = interview_score
    if result:
        application.screening = result
    application.screening_reason = reason
    application.save()
    profile = application.participant
    if interview_at and interview_at != told and profile:
        queue_mail(
            to=[profile.user.email],
            template="internship_interview",
            context={"application": application, "programme": application.programme},
            language=profile.user.preferred_language,
        )
    return application


# --- Matching ------------------------------------------------------------------------------


def start_matching(*, programme: Programme, by: User | None, seed: int | None = None) -> MatchRun:
    """Create a queued run and hand it to a worker after commit."""
    from .tasks import run_matching_task

    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.state not in (Programme.State.MATCHING, Programme.State.PUBLISHED):
            raise InternshipError(_("Move the programme to 'Matching' before running it."))
        if programme.runs.filter(state__in=[MatchRun.State.QUEUED, MatchRun.State.RUNNING]):
            raise InternshipError(_("A matching run is already in progress."))
        published = programme.runs.filter(state=MatchRun.State.PUBLISHED).count()
        run = MatchRun.objects.create(
            programme=programme,
            round=published + 1,
            seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
            started_by=by,
        )
        transaction.on_commit(lambda: run_matching_task.delay(run.pk))
    return run


def _taken_places(programme: Programme) -> dict[int, int]:
    """Places already held by accepted or pending offers of published rounds."""
    rows = (
        Outcome.objects.filter(run__programme=programme, run__state=MatchRun.State.PUBLISHED)
        .exclude(position=None)
        .exclude(response=Outcome.Response.DECLINED)
        .values("position")
        .annotate(n=Count("id"))
    )
    return {r["position"]: r["n"] for r in rows}


def build_instance(run: MatchRun) -> tuple[matching.Instance, dict[int, Application]]:
    """The engine's input: passed applications not matched in an earlier published round
    (those who got an offer hold it or declined it), approved positions with the places that
    accepted or pending offers leave free."""
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
    approved = programme.positions.filter(status=Position.Status.APPROVED).order_by("pk")
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


def run_matching(*, run_id: int) -> MatchRun:
    """Load, match, check and store the run and its results in one transaction.

    Safe to repeat: a finished run is left as it is, and a run interrupted mid-way rolled back
    and simply runs again with the same input and seed, giving the same result.
    """
    with transaction.atomic():  # a short first transaction, so staff see "running"
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.state in (MatchRun.State.DONE, MatchRun.State.PUBLISHED):
            return run
        run.state = MatchRun.State.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["state", "started_at"])
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run_id)
        if run.state in (MatchRun.State.DONE, MatchRun.State.PUBLISHED):
            return run
        instance, applications = build_instance(run)
        result = matching.run(instance)
        run.outcomes.all().delete()
        Outcome.objects.bulk_create(
            [
                Outcome(
                    run=run,
                    application_id=applicant_id,
                    position_id=position_id,
                    choice_number=result.choice_number.get(applicant_id),
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
    MatchRun.objects.filter(pk=run_id).exclude(state=MatchRun.State.PUBLISHED).update(
        state=MatchRun.State.FAILED, error=error[:2000], finished_at=timezone.now()
    )


@transaction.atomic
def publish_run(*, run: MatchRun) -> int:
    """Publish a checked run and have workers tell every applicant their result.

    Takes a finished run; returns the number of applicants who will be told. The results are
    visible on the applicants' pages at once; the e-mails (each in the applicant's language,
    with the explanation) are rendered by workers in batches after commit (mail_results), so
    publishing 20,000 results takes a moment, not minutes inside the admin request. Raises
    InternshipError for a run that is not finished or failed its check.
    """
    run = MatchRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    if not run.can_publish:
        raise InternshipError(
            _("Only a finished run that passed the stability and capacity check can be published.")
        )
    run.state = MatchRun.State.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["state", "published_at"])
    programme = run.programme
    if programme.state == Programme.State.MATCHING:
        programme.state = Programme.State.PUBLISHED
        programme.save(update_fields=["state"])
    told = list(
        run.outcomes.filter(application__participant__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queue_bulk_mail(mail_results, told)
    return len(told)


@bulk_mailer
def mail_results(outcome_ids: Sequence[int]) -> int:
    """Queue the result mail of each published outcome named (a worker's batch); returns the
    number of messages queued."""
    outcomes = list(
        Outcome.objects.filter(pk__in=outcome_ids, application__participant__isnull=False)
        .select_related("run__programme", "application__participant__user", "position__employer")
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
        name = f"{position.employer.name}: {position.title}" if position else "-"
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


@transaction.atomic
def respond(*, outcome: Outcome, accept: bool) -> Outcome:
    """The applicant accepts or declines a published match before the deadline."""
    outcome = (
        Outcome.objects.select_for_update().select_related("run__programme").get(pk=outcome.pk)
    )
    programme = outcome.run.programme
    if outcome.run.state != MatchRun.State.PUBLISHED or outcome.position_id is None:
        raise InternshipError(_("There is no offer to answer."))
    if outcome.response != Outcome.Response.PENDING:
        raise InternshipError(_("You have already answered."))
    if programme.response_deadline and timezone.now() > programme.response_deadline:
        raise InternshipError(_("The deadline to answer has passed."))
    outcome.response = Outcome.Response.ACCEPTED if accept else Outcome.Response.DECLINED
    outcome.responded_at = timezone.now()
    outcome.save(update_fields=["response", "responded_at"])
    return outcome


@transaction.atomic
def write_evaluation(*, outcome: Outcome, text: str) -> Outcome:
    outcome.employer_evaluation = text.strip()
    outcome.save(update_fields=["employer_evaluation"])
    return outcome


@transaction.atomic
def write_report(*, outcome: Outcome, text: str) -> Outcome:
    outcome.intern_report = text.strip()
    outcome.save(update_fields=["intern_report"])
    return outcome
