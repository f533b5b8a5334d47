"""A survey answered on behalf of an organisation (exhibitor, host company) is answered only by
its current members: someone removed from the team is refused, and the hiring-intent figure
counts only answers given by members (issue #13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from employers import services as employer_services
from employers.models import Membership
from reports import figures
from surveys import services
from surveys.models import Invitation, Response, Survey
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.internships.factories import ProgrammeFactory
from tests.surveys.test_surveys import past_fair, survey_link

pytestmark = pytest.mark.django_db

REFUSAL = "no longer a member"


@pytest.fixture
def fair():
    """A past fair whose exhibitor has an owner and a colleague, both asked."""
    event, _came, _absent, owner = past_fair()
    colleague = MembershipFactory(employer=owner.employer)
    services.open_event_surveys(event=event)
    return event, owner, colleague


def remove(colleague: Membership, owner: Membership) -> None:
    employer_services.remove_member(membership=colleague, by=owner.user)


def hiring(event) -> tuple[int, int]:
    [row] = figures.for_events([event])
    return row.hiring_yes, row.hiring_answers


def test_current_member_answers_for_the_organisation(fair, client: Client) -> None:
    event, _owner, colleague = fair
    response = client.post(survey_link(colleague.user), {"hiring_intent": "yes", "candidates": 2})
    assert response.status_code == 200
    assert Response.objects.get().employer == colleague.employer
    assert hiring(event) == (1, 1)


def test_removed_member_sees_a_clear_refusal(fair, client: Client) -> None:
    _event, owner, colleague = fair
    link = survey_link(colleague.user)
    remove(colleague, owner)

    page = client.get(link)

    assert page.status_code == 403
    text = page.content.decode()
    assert REFUSAL in text
    assert owner.employer.name_en in text
    assert "latest e-mail" not in text  # not told to look for another link


def test_removed_member_cannot_answer(fair, client: Client) -> None:
    event, owner, colleague = fair
    link = survey_link(colleague.user)
    remove(colleague, owner)

    response = client.post(link, {"hiring_intent": "no", "candidates": 0})

    assert response.status_code == 403
    assert REFUSAL in response.content.decode()
    assert not Response.objects.exists()
    assert hiring(event) == (0, 0)


def test_member_who_moved_to_another_organisation_cannot_answer_for_the_first(fair) -> None:
    _event, owner, colleague = fair
    user = colleague.user
    remove(colleague, owner)
    MembershipFactory(user=user)  # joins another employer

    with pytest.raises(services.SurveyError, match=REFUSAL):
        services.answer(
            survey=Survey.objects.get(kind="exhibitor"), user=user, data={"hiring_intent": "no"}
        )
    assert not Response.objects.exists()


def test_answer_given_while_a_member_still_counts_after_removal(fair, client: Client) -> None:
    """Published figures of a past fair do not change when the person later leaves: the answer
    was the organisation's when given. A change after removal is refused."""
    event, owner, colleague = fair
    link = survey_link(colleague.user)
    client.post(link, {"hiring_intent": "yes", "candidates": 2})
    remove(colleague, owner)

    assert client.post(link, {"hiring_intent": "no"}).status_code == 403

    assert Response.objects.get().hiring_intent == "yes"
    assert hiring(event) == (1, 1)


def test_exhibitor_answer_without_an_organisation_is_not_counted(fair) -> None:
    """An answer no organisation stands behind (its employer deleted, or from before answers
    were checked) says nothing about an exhibitor's intent."""
    event, owner, _colleague = fair
    survey = Survey.objects.get(kind="exhibitor")
    services.answer(survey=survey, user=owner.user, data={"hiring_intent": "no"})
    Response.objects.create(survey=survey, user=None, employer=None, hiring_intent="yes")

    assert hiring(event) == (0, 1)


def test_removed_member_of_a_host_company_cannot_answer_its_survey() -> None:
    owner = OwnerFactory()
    colleague = MembershipFactory(employer=owner.employer)
    now = timezone.now()
    survey = Survey.objects.create(
        kind=Survey.Kind.HOST,
        programme=ProgrammeFactory(),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )
    Invitation.objects.create(survey=survey, user=colleague.user, employer=owner.employer)
    token = services.token_for(survey, colleague.user)
    remove(colleague, owner)

    with pytest.raises(services.SurveyError, match=REFUSAL):
        services.person_for(survey=survey, token=token)
    with pytest.raises(services.SurveyError, match=REFUSAL):
        services.answer(survey=survey, user=colleague.user, data={"satisfaction": 5})
    assert not Response.objects.exists()


def test_no_reminder_to_a_removed_member(fair) -> None:
    _event, owner, colleague = fair
    remove(colleague, owner)
    Survey.objects.update(closes_at=timezone.now() + timedelta(days=5))

    services.send_reminders()

    reminded = set(
        Invitation.objects.filter(reminded_at__isnull=False).values_list("user", flat=True)
    )
    assert owner.user_id in reminded
    assert colleague.user_id not in reminded
