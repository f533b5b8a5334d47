"""Matrix rows: surveys (a signed link opens one survey) and reports (staff; public results)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from events.models import EventSeries
from reports.models import ResultsPublication
from surveys import services as surveys
from surveys.models import Invitation, Survey
from tests.events.factories import EventFactory
from tests.internships.factories import ProgrammeFactory
from tests.permissions.matrix import Row, World, every

PRIORITY = 2


def prepare(world: World) -> None:
    past = EventFactory(slug="matrix-past-fair", starts_at=timezone.now() - timedelta(days=3))
    ResultsPublication.objects.create(event=past)
    survey = Survey.objects.create(kind=Survey.Kind.ATTENDEE, event=past,
                                   closes_at=timezone.now() + timedelta(days=10))  # fmt: skip
    Invitation.objects.create(survey=survey, user=world.users["alice"])
    world.objects.update(
        past=past,
        survey=survey,
        alice_token=surveys.token_for(survey, world.users["alice"]),
        report_programme=ProgrammeFactory(slug="matrix-report-programme"),
        series=EventSeries.objects.create(slug="matrix-series", title_en="S", title_ja="S"),
    )


STAFF_ONLY = every(403, anonymous=302, reporting=200, administration=200, staff=200)
past = lambda w: {"slug": w.past.slug}  # noqa: E731

ROWS = [
    # The token is the key: the link in the e-mail works without a login, for anyone holding it.
    Row("surveys:answer", every(200), kwargs=lambda w: {"pk": w.survey.pk, "token": w.alice_token}),
    Row("reports:index", STAFF_ONLY),
    Row("reports:fiscal_year", STAFF_ONLY, kwargs=lambda w: {"year": 2026}),
    Row("reports:fiscal_year_csv", STAFF_ONLY, kwargs=lambda w: {"year": 2026}),
    Row("reports:event", STAFF_ONLY, kwargs=past),
    Row("reports:series", STAFF_ONLY, kwargs=lambda w: {"slug": w.series.slug}),
    Row("reports:programme", STAFF_ONLY, kwargs=lambda w: {"slug": w.report_programme.slug}),
    Row("reports:publish", every(405), kwargs=past),
    Row(
        "reports:publish",
        every(403, anonymous=302, reporting=302, administration=302, staff=302),
        kwargs=past,
        method="post",
    ),
    Row("reports:results", every(200), kwargs=past),
]
