"""Demo survey answers that reproduce the published 2018 satisfaction and hiring figures."""

from __future__ import annotations

from datetime import timedelta

from demo import facts
from events.models import Event
from surveys.models import Response, Survey

COMMENTS = [
    "Rich work experience and a good understanding of Japanese companies.",
    "High level of Japanese and very polite.",
    "We met several strong candidates.",
]


def load() -> None:
    for slug, (answers, satisfied, exhibitors, yes) in facts.SURVEY_FIGURES.items():
        event = Event.objects.get(slug=slug)
        opens = event.ends_at + timedelta(days=1)
        attendee, created = Survey.objects.get_or_create(
            kind=Survey.Kind.ATTENDEE, event=event,
            defaults={"opens_at": opens, "closes_at": opens + timedelta(days=21)},
        )  # fmt: skip
        if created:
            visitors = [r.participant.user for r in event.registrations.select_related(
                "participant__user")[:answers]]  # fmt: skip
            Response.objects.bulk_create(
                [
                    Response(
                        survey=attendee,
                        user=user,
                        satisfaction=(5 if i % 2 else 4) if i < satisfied else 3,
                        usefulness=4,
                    )
                    for i, user in enumerate(visitors)
                ]
            )
        survey, created = Survey.objects.get_or_create(
            kind=Survey.Kind.EXHIBITOR, event=event,
            defaults={"opens_at": opens, "closes_at": opens + timedelta(days=21)},
        )  # fmt: skip
        if created:
            companies = [x.employer for x in event.exhibitors.select_related("employer")]
            Response.objects.bulk_create(
                [
                    Response(
                        survey=survey,
                        employer=company,
                        hiring_intent="yes" if i < yes else "maybe",
                        candidates=2 if i < yes else 0,
                        comments=COMMENTS[i % 3],
                    )
                    for i, company in enumerate(companies[:exhibitors])
                ]
            )
