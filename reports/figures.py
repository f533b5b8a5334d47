"""The figures CLAIR publishes, computed from the portal's own data.

Every function reads a whole set of events (or programmes) in a fixed number of queries, so a
report page costs the same however many events, registrations or answers there are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum

from events.models import Event, Exhibitor
from internships.models import Application, MatchRun, Outcome, Position, Programme

# The fiscal year's rule lives in one place; reports read it from here.
from jetcareer.fiscal_year import fiscal_year_bounds, fiscal_year_of  # noqa: F401
from participants.models import ParticipantProfile
from surveys.models import Response, Survey

JET = (ParticipantProfile.Status.CURRENT, ParticipantProfile.Status.ALUMNI)
SATISFIED = (Response.Satisfaction.VERY_SATISFIED, Response.Satisfaction.SATISFIED)


def share(part: int, whole: int) -> int | None:
    """A whole percentage, as CLAIR publishes them; None when nobody answered."""
    return round(100 * part / whole) if whole else None


@dataclass
class EventFigures:
    event: Event | None = None
    label: str = ""
    registered: int = 0
    attended: int = 0
    jet_attended: int = 0
    exhibitors: int = 0
    first_time: int = 0
    online_presenters: int = 0
    satisfied: int = 0
    satisfaction_answers: int = 0
    hiring_yes: int = 0
    hiring_answers: int = 0
    employment: Counter = field(default_factory=Counter)

    @property
    def non_jet_attended(self) -> int:
        return self.attended - self.jet_attended

    @property
    def satisfaction_share(self) -> int | None:
        return share(self.satisfied, self.satisfaction_answers)

    @property
    def hiring_share(self) -> int | None:
        return share(self.hiring_yes, self.hiring_answers)

    def add(self, other: EventFigures) -> None:
        for name in ("registered", "attended", "jet_attended", "exhibitors", "first_time",
                     "online_presenters", "satisfied", "satisfaction_answers", "hiring_yes",
                     "hiring_answers"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.employment.update(other.employment)


def for_events(events: Sequence[Event]) -> list[EventFigures]:
    """Figures of each event, in the order given. Four queries whatever the numbers.

    Registrations are not read: each event's counts are kept by the database
    (Event.confirmed_count and the others), so a year of national fairs costs what a small one
    does. Who counts as JET is the person's status when registering (Registration.is_jet), so
    a published figure does not change when someone's status changes or their account is
    erased later.
    """
    ids = [e.pk for e in events]
    figures = {e.pk: EventFigures(event=e, label=e.title) for e in events}
    for e in events:
        f = figures[e.pk]
        f.registered = e.confirmed_count + e.waitlisted_count
        # Online events have no door: a confirmed registration counts as attendance.
        if e.format == Event.Format.ONLINE:
            f.attended, f.jet_attended = e.confirmed_count, e.jet_confirmed_count
        else:
            f.attended, f.jet_attended = e.checked_in_count, e.jet_checked_in_count

    earlier = Exhibitor.objects.filter(
        employer=OuterRef("employer"),
        status=Exhibitor.Status.APPROVED,
        event__starts_at__lt=OuterRef("event__starts_at"),
    )
    exhibitor_rows = (
        Exhibitor.objects.filter(event_id__in=ids, status=Exhibitor.Status.APPROVED)
        .annotate(returning=Exists(earlier))
        .values_list("event_id", "returning", "online_presentation")
    )
    for event_id, returning, online_presentation in exhibitor_rows:
        f = figures[event_id]
        f.exhibitors += 1
        f.first_time += not returning
        f.online_presenters += online_presentation

    answers = (
        Response.objects.filter(survey__event_id__in=ids)
        .values("survey__event_id", "survey__kind")
        .annotate(
            satisfaction_answers=Count("id", filter=Q(satisfaction__isnull=False)),
            satisfied=Count("id", filter=Q(satisfaction__in=SATISFIED)),
        )
    )
    for row in answers:
        if row["survey__kind"] == Survey.Kind.ATTENDEE:
            f = figures[row["survey__event_id"]]
            f.satisfaction_answers = row["satisfaction_answers"]
            f.satisfied = row["satisfied"]

    # Hiring intent is a share of exhibitors: one answer per organisation, the latest. Only
    # answers an organisation stands behind: `employer` is recorded only when a member of it
    # answered (surveys.services.answer), so a removed member's view never counts.
    latest: dict[tuple[int, int], str] = {}
    for event_id, employer_id, intent in (
        Response.objects.filter(
            survey__event_id__in=ids,
            survey__kind=Survey.Kind.EXHIBITOR,
            employer__isnull=False,
        )
        .exclude(hiring_intent="")
        .order_by("updated_at")
        .values_list("survey__event_id", "employer_id", "hiring_intent")
    ):
        latest[(event_id, employer_id)] = intent
    for (event_id, _key), intent in latest.items():
        figures[event_id].hiring_answers += 1
        figures[event_id].hiring_yes += intent == Response.HiringIntent.YES

    for event_id, status, n in (
        Response.objects.filter(survey__event_id__in=ids, survey__kind=Survey.Kind.FOLLOW_UP)
        .exclude(employment="")
        .values_list("survey__event_id", "employment")
        .annotate(n=Count("id"))
    ):
        figures[event_id].employment[status] += n
    return [figures[i] for i in ids]


def total(figures: Iterable[EventFigures], label: str = "") -> EventFigures:
    result = EventFigures(label=label)
    for f in figures:
        result.add(f)
    return result


@dataclass
class ProgrammeFigures:
    programme: Programme
    places: int = 0
    applicants: int = 0
    passed: int = 0
    matched: int = 0
    first_choice: int = 0
    accepted: int = 0

    @property
    def matched_share(self) -> int | None:
        return share(self.matched, self.passed)

    @property
    def first_choice_share(self) -> int | None:
        return share(self.first_choice, self.matched)


def for_programmes(programmes: Sequence[Programme]) -> list[ProgrammeFigures]:
    """Places, applicants, matched and first-choice shares. Four queries."""
    ids = [p.pk for p in programmes]
    figures = {p.pk: ProgrammeFigures(programme=p) for p in programmes}
    for row in (
        Position.objects.filter(programme_id__in=ids, status=Position.Status.APPROVED)
        .values("programme_id")
        .annotate(total=Sum("capacity"))
    ):
        figures[row["programme_id"]].places = row["total"] or 0
    for row in (
        Application.objects.filter(programme_id__in=ids)
        .exclude(state=Application.State.WITHDRAWN)
        .values("programme_id")
        .annotate(
            n=Count("id"), passed=Count("id", filter=Q(screening=Application.Screening.PASSED))
        )
    ):
        figures[row["programme_id"]].applicants = row["n"]
        figures[row["programme_id"]].passed = row["passed"]
    matched = defaultdict(set)
    for programme_id, application_id, choice, response in Outcome.objects.filter(
        run__programme_id__in=ids, run__state=MatchRun.State.PUBLISHED, position__isnull=False
    ).values_list("run__programme_id", "application_id", "choice_number", "response"):
        f = figures[programme_id]
        if application_id not in matched[programme_id]:
            matched[programme_id].add(application_id)
            f.matched += 1
            f.first_choice += choice == 1
        f.accepted += response == Outcome.Response.ACCEPTED
    return [figures[i] for i in ids]
