"""Issue 7: one published run per programme and round; one accepted offer per place."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from internships import services
from internships.models import MatchRun, Outcome, Programme
from jetcareer.accounts.models import User
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
    run_now,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_runs_of_round_one(django_capture_on_commit_callbacks) -> list[MatchRun]:
    """The incident: one position with one place, three applicants, four runs of round 1."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=1)
    ApplicationFactory.create_batch(3, programme=programme)
    runs = [run_now(programme, django_capture_on_commit_callbacks, seed=s) for s in range(4)]
    assert [(r.round, r.state) for r in runs] == [(1, "done")] * 4
    return runs


def test_a_second_run_of_a_published_round_is_refused(four_runs_of_round_one) -> None:
    first, *others = four_runs_of_round_one
    assert services.publish_run(run=first) == 3
    for run in others:
        with pytest.raises(services.InternshipError) as error:
            services.publish_run(run=run)
        assert str(error.value) == (
            "Round 1 of this programme is already published, so this run cannot be: its "
            "offers would be for the same places. Start a new run for the next round."
        )
    assert list(MatchRun.objects.filter(state="published")) == [first]
    offers = Outcome.objects.filter(run__state="published").exclude(position=None)
    assert offers.count() == 1  # one offer for the one place, not four


def test_the_database_refuses_two_published_runs_of_one_round(four_runs_of_round_one) -> None:
    first, second, *_ = four_runs_of_round_one
    services.publish_run(run=first)
    with pytest.raises(IntegrityError, match="one_published_run_per_round"), transaction.atomic():
        MatchRun.objects.filter(pk=second.pk).update(state="published")


def test_the_next_round_after_a_publication_is_round_two(
    four_runs_of_round_one, django_capture_on_commit_callbacks
) -> None:
    first = four_runs_of_round_one[0]
    services.publish_run(run=first)
    second_round = run_now(first.programme, django_capture_on_commit_callbacks, seed=9)
    assert second_round.round == 2
    assert services.publish_run(run=second_round) == 2  # the two not placed in round 1


def test_admin_publishing_four_runs_together_reports_each_run(
    client: Client, staff: User, four_runs_of_round_one
) -> None:
    runs = four_runs_of_round_one
    client.force_login(staff)
    chosen = {"action": "publish", "_selected_action": [r.pk for r in reversed(runs)]}
    url = reverse("admin:internships_matchrun_changelist")
    asked = client.post(url, chosen)  # the confirmation page: nothing published yet
    assert asked.status_code == 200
    assert not MatchRun.objects.filter(state="published").exists()
    response = client.post(url, {**chosen, "apply": "1"}, follow=True)
    assert response.status_code == 200
    told = [(m.level_tag, str(m)) for m in response.context["messages"]]
    refused = (
        "Round 1 of this programme is already published, so this run cannot be: its offers "
        "would be for the same places. Start a new run for the next round."
    )
    assert told == [
        ("info", f"Run {runs[0].pk}: Published. 3 applicants will receive their results by "
                 "e-mail in the next few minutes."),
        *[("error", f"Run {run.pk}: {refused}") for run in runs[1:]],
    ]  # fmt: skip
    assert list(MatchRun.objects.filter(state="published")) == [runs[0]]


def test_accepting_a_place_another_accepted_offer_holds_is_refused() -> None:
    # Offers made before the fix: two published rounds offered the one place to two people.
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, capacity=1)
    first = published_offer(position, ApplicationFactory(programme=programme), round=1)
    second = published_offer(position, ApplicationFactory(programme=programme), round=2)

    assert services.respond(outcome=first, answer="accept").seat == 1
    with pytest.raises(services.InternshipError) as error:
        services.respond(outcome=second, answer="accept")
    assert str(error.value) == (
        "We are sorry: every place of this position is already taken by an accepted offer. "
        "Please contact CLAIR."
    )
    second.refresh_from_db()
    assert (second.response, second.seat) == ("pending", None)
    services.respond(outcome=second, answer="decline")  # declining is still possible


def test_accepted_offers_take_the_places_one_by_one() -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, capacity=2)
    offers = [published_offer(position, ApplicationFactory(programme=programme), round=r)
              for r in (1, 2, 3)]  # fmt: skip
    seats = [services.respond(outcome=o, answer="accept").seat for o in offers[:2]]
    assert seats == [1, 2]
    with pytest.raises(services.InternshipError, match="already taken"):
        services.respond(outcome=offers[2], answer="accept")


def test_the_database_refuses_two_accepted_offers_on_one_place() -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, capacity=1)
    first = published_offer(position, ApplicationFactory(programme=programme), round=1)
    second = published_offer(position, ApplicationFactory(programme=programme), round=2)
    services.respond(outcome=first, answer="accept")
    with pytest.raises(IntegrityError, match="one_accepted_offer_per_seat"), transaction.atomic():
        Outcome.objects.filter(pk=second.pk).update(response="accepted", seat=1)
    holds_none = pytest.raises(IntegrityError, match="only_accepted_offers_hold_a_seat")
    with holds_none, transaction.atomic():
        Outcome.objects.filter(pk=second.pk).update(seat=2)  # a pending offer holds none


def test_admin_cannot_cut_a_positions_places_below_the_accepted_ones(
    client: Client, staff: User
) -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, capacity=2)
    for round_number in (1, 2):
        offer = published_offer(position, ApplicationFactory(programme=programme), round_number)
        services.respond(outcome=offer, answer="accept")
    client.force_login(staff)
    url = reverse("admin:internships_position_change", args=[position.pk])
    data = {
        k: ("" if v is None else v)
        for k, v in model_to_dict(position).items()
        if k not in ("id", "status")
    } | {"created_by": staff.pk}
    response = client.post(url, {**data, "capacity": 1})
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["adminform"].form.errors["capacity"] == [
        "2 interns have already accepted a place: the position needs at least 2 places."
    ]
    position.refresh_from_db()
    assert position.capacity == 2
    again = client.post(url, {**data, "capacity": 3})
    assert again.status_code == 302, again.context["adminform"].form.errors
    position.refresh_from_db()
    assert position.capacity == 3
