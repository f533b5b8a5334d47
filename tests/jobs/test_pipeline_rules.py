"""The pipeline's allowed moves and the question before a move that mails the applicant (issue
#18, tester): a hired applicant was moved to "not selected" and mailed a rejection, and an offer
or a no went out on one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import JobApplication
from tests.conftest import outbox_for
from tests.jobs.factories import JobFactory, client_of

pytestmark = pytest.mark.django_db

Stage = JobApplication.Stage


@pytest.fixture
def application(employer, applicant) -> JobApplication:
    job = JobFactory(employer=employer, title_en="Tour planner")
    return services.apply(job=job, profile=applicant, cover_letter="Hello")


def mails_to(user) -> int:
    return len(outbox_for(user.email))


def at(application: JobApplication, stage: str, by) -> JobApplication:
    """The application moved to `stage` through the moves the pipeline allows."""
    path = {
        Stage.IN_REVIEW: [Stage.IN_REVIEW],
        Stage.OFFER: [Stage.OFFER],
        Stage.HIRED: [Stage.OFFER, Stage.HIRED],
        Stage.NOT_SELECTED: [Stage.NOT_SELECTED],
    }[stage]
    for step in path:
        application = services.move_stage(application=application, to=step, by=by)
    return application


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize("to", [Stage.NOT_SELECTED, Stage.IN_REVIEW, Stage.INTERVIEW, Stage.NEW])
def test_a_hired_applicant_is_never_sent_a_rejection(application, erika, alice, to) -> None:
    application = at(application, Stage.HIRED, erika)
    before = mails_to(alice)

    with pytest.raises(services.JobError, match="hired"):
        services.move_stage(application=application, to=to, by=erika)

    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert application.hired_at is not None
    assert mails_to(alice) == before


def test_a_hire_recorded_by_mistake_goes_back_to_offer_without_a_mail(
    application, erika, alice
) -> None:
    application = at(application, Stage.HIRED, erika)
    before = mails_to(alice)

    back = services.move_stage(application=application, to=Stage.OFFER, by=erika)

    assert (back.stage, back.hired_at) == (Stage.OFFER, None)
    assert mails_to(alice) == before  # she has her offer already


def test_not_selected_is_final_but_for_a_second_look(application, erika, alice) -> None:
    application = at(application, Stage.NOT_SELECTED, erika)
    before = mails_to(alice)
    for to in (Stage.OFFER, Stage.HIRED, Stage.INTERVIEW):
        with pytest.raises(services.JobError, match="not selected"):
            services.move_stage(application=application, to=to, by=erika)

    again = services.move_stage(application=application, to=Stage.IN_REVIEW, by=erika)

    assert again.stage == Stage.IN_REVIEW
    assert mails_to(alice) == before
    services.move_stage(application=again, to=Stage.OFFER, by=erika)  # then on, as any
    assert mails_to(alice) == before + 1


def test_nothing_goes_back_to_new(application, erika) -> None:
    application = at(application, Stage.IN_REVIEW, erika)
    with pytest.raises(services.JobError, match="New"):
        services.move_stage(application=application, to=Stage.NEW, by=erika)


def test_the_moves_offered_are_the_moves_allowed(application) -> None:
    for stage, allowed in JobApplication.MOVES.items():
        application.stage = stage
        for to in Stage.values:
            if to == Stage.WITHDRAWN or stage == Stage.WITHDRAWN:
                continue
            refused = None
            try:
                services.check_move(application=application, to=to)
            except services.JobError as exc:
                refused = exc
            assert (refused is None) == (to in allowed), (stage, to)
    assert [value for value, _label in JobApplication(stage=Stage.HIRED).next_stages] == [
        Stage.OFFER
    ]


# --- The pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "says"),
    [
        ("offer", "that you are making them an offer for “Tour planner”"),
        ("not_selected", "that they were not selected for “Tour planner”"),
    ],
)
def test_a_move_that_mails_asks_first_and_names_who_is_mailed(
    application, erika, alice, stage, says
) -> None:
    client = client_of(erika)
    pipeline = reverse("jobs:pipeline", args=[application.job_id])
    before = mails_to(alice)

    question = client.post(
        reverse("jobs:move", args=[application.pk]), {"stage": stage, "next": pipeline}
    )

    html = question.content.decode()
    assert question.status_code == 200
    assert "Alice Walker will be e-mailed at once, in their language," in html
    assert says in html
    assert f'name="next" value="{pipeline}"' in html
    application.refresh_from_db()
    assert application.stage == Stage.NEW  # asking changed nothing
    assert mails_to(alice) == before

    done = client.post(
        reverse("jobs:move", args=[application.pk]),
        {"stage": stage, "confirmed": "yes", "next": pipeline},
    )

    assert done.url == pipeline
    application.refresh_from_db()
    assert application.stage == stage
    assert mails_to(alice) == before + 1


def test_a_move_that_mails_nobody_is_not_asked(application, erika) -> None:
    response = client_of(erika).post(
        reverse("jobs:move", args=[application.pk]), {"stage": "interview"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW


def test_a_refused_move_is_not_asked_about_but_explained(application, erika, alice) -> None:
    application = at(application, Stage.HIRED, erika)
    before = mails_to(alice)

    response = client_of(erika).post(
        reverse("jobs:move", args=[application.pk]), {"stage": "not_selected"}, follow=True
    )

    html = response.content.decode()
    assert "will be e-mailed" not in html
    assert "This applicant is hired." in html
    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert mails_to(alice) == before


def test_the_lists_offer_only_the_moves_allowed(application, erika) -> None:
    application = at(application, Stage.HIRED, erika)
    client = client_of(erika)

    page = client.get(reverse("jobs:applicant", args=[application.pk]))
    board = client.get(reverse("jobs:pipeline", args=[application.job_id])).content.decode()

    offered = page.context["stage_form"].fields["stage"].widget.choices
    assert [value for value, _label in offered] == ["hired", "offer"]
    select = board[board.index(f'id="move-{application.pk}"') :]
    select = select[: select.index("</select>")]
    assert 'value="not_selected"' not in select
    assert 'value="offer"' in select
