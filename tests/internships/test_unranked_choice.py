"""An applicant who ranked no position (only industries) is never told the match was "your
1st choice" / 「第1希望」 (issue #16 re-walk): the rank shows only when the matched position was
one they ranked, and then it is the rank they gave it."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from internships import services
from internships.models import MatchRun, Programme
from jetcareer.outbox.rendering import render_message
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def matched(django_capture_on_commit_callbacks, *, rank_it: bool):
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    other = PositionFactory(programme=programme, capacity=1, industry="it")
    wanted = PositionFactory(programme=programme, capacity=1, industry="tourism")
    application = ApplicationFactory(programme=programme, industry_1="tourism",
                                     participant__jlpt_level=5)  # fmt: skip
    if rank_it:  # ranked second, after a position that goes elsewhere
        application.choices.create(position=other, rank=1)
        application.choices.create(position=wanted, rank=2)
        ApplicationFactory(programme=programme, industry_1="it", participant__jlpt_level=5,
                           interview_score=99, document_score=99)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_matching(programme=programme, by=None, seed=3)
    run.refresh_from_db()
    assert run.state == MatchRun.State.DONE, run.violations
    outcome = run.outcomes.select_related("run__programme", "position__employer").get(
        application=application
    )
    assert outcome.position == wanted
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.PUBLISHED)
    return outcome


def page_and_mail(client: Client, outcome, language: str) -> tuple[str, str]:
    user = outcome.application.participant.user
    user.preferred_language = language
    user.save()
    client.force_login(user)
    client.cookies["django_language"] = language
    url = reverse("internships:application", args=[outcome.application_id])
    page = html.unescape(client.get(url).content.decode())
    context = {"outcome": outcome, "programme": outcome.run.programme, "reasons": []}
    mail = render_message(template="internship_result", context=context, language=language)[1]
    return page, mail


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_match_by_industry_shows_no_rank(
    client: Client, django_capture_on_commit_callbacks, language: str
) -> None:
    outcome = matched(django_capture_on_commit_callbacks, rank_it=False)
    assert outcome.choice_number is None
    page, mail = page_and_mail(client, outcome, language)
    for text in (page, mail):
        assert "choice" not in text.replace("choices", "")
        assert "希望）" not in text
        assert "第1希望" not in text
    assert outcome.position.title in mail


@pytest.mark.parametrize(("language", "label"), [("en", "your 2nd choice"), ("ja", "第2希望")])
def test_a_ranked_match_shows_the_rank_the_applicant_gave(
    client: Client, django_capture_on_commit_callbacks, language: str, label: str
) -> None:
    outcome = matched(django_capture_on_commit_callbacks, rank_it=True)
    assert outcome.choice_number == 2
    page, mail = page_and_mail(client, outcome, language)
    assert label in page
    assert label in mail
