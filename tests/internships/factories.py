"""Factories for internship programmes, positions and applications."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from internships.models import Application, MatchRun, Outcome, Period, Position, Programme
from tests.employers.factories import EmployerFactory
from tests.participants.factories import ProfileFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    year = 2027
    slug = factory.Sequence(lambda n: f"internships-{n}")
    title_en = factory.Sequence(lambda n: f"CLAIR Internship Programme {n}")
    title_ja = factory.Sequence(lambda n: f"クレア・インターンシップ{n}")
    min_jlpt = 4  # N2
    min_year_on_jet = 2
    current_only = True
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    # Publishing results needs a deadline ahead (services.check_response_deadline).
    response_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    state = Programme.State.OPEN

    @factory.post_generation
    def period(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Period.objects.create(
                programme=self,
                pre_training_on=date(2027, 8, 22),
                starts_on=date(2027, 8, 23),
                ends_on=date(2027, 8, 27),
            )


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    programme = factory.SubFactory(ProgrammeFactory)
    employer = factory.SubFactory(EmployerFactory)
    period = factory.LazyAttribute(lambda p: p.programme.periods.first())
    title_en = factory.Sequence(lambda n: f"Intern {n}")
    title_ja = factory.Sequence(lambda n: f"インターン{n}")
    industry = "tourism"
    job_type = "translation"
    prefecture = "13"
    capacity = 1
    min_jlpt = 0
    status = Position.Status.APPROVED


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    participant = factory.SubFactory(ProfileFactory, jlpt_level=4)
    statement = "I want to learn how a Japanese company works."
    industry_1 = "tourism"
    job_types = factory.LazyFunction(lambda: ["translation"])
    supervisor_name = "Suzuki Ichiro"
    paid_leave_confirmed = True
    screening = Application.Screening.PASSED


def run_now(programme: Programme, capture, seed: int = 1) -> MatchRun:
    """Start a run and let the (eager) worker finish it; `capture` is pytest-django's
    django_capture_on_commit_callbacks."""
    from internships import services

    with capture(execute=True):
        run = services.start_matching(programme=programme, by=None, seed=seed)
    run.refresh_from_db()
    return run


def published_offer(
    position: Position, application: Application, round: int = 1, **outcome: object
) -> Outcome:
    """An offer of `position` to `application` in a published run of the given round, made
    directly (the matching engine is tested elsewhere)."""
    run = MatchRun.objects.create(
        programme=position.programme, round=round, seed=1, state=MatchRun.State.PUBLISHED
    )
    return Outcome.objects.create(run=run, application=application, position=position, **outcome)
