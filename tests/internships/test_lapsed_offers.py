"""Issue 8: an offer unanswered at the deadline lapses; only "accept" and "decline" answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from internships import services, tasks
from internships.models import Outcome, PositionChoice, Programme
from jetcareer.outbox.models import MailBatch
from tests.employers.factories import OwnerFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    run_now,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(django_capture_on_commit_callbacks):
    """Round 1 is published: the N1 applicant is offered the one place of the tourism
    position, the N2 applicant (who ranked it first) is not placed. Answers are due tomorrow."""
    programme = ProgrammeFactory(
        state=Programme.State.MATCHING, response_deadline=timezone.now() + timedelta(days=1)
    )
    position = PositionFactory(programme=programme, capacity=1, title_en="Tour planning")
    strong = ApplicationFactory(programme=programme, participant__jlpt_level=5)
    weak = ApplicationFactory(programme=programme, participant__jlpt_level=4)
    PositionChoice.objects.create(application=weak, position=position, rank=1)
    run = run_now(programme, django_capture_on_commit_callbacks, seed=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(run=run)
    offer = run.outcomes.get(application=strong)
    assert offer.position == position
    assert run.outcomes.get(application=weak).position is None
    Email.objects.all().delete()
    return offer


def pass_deadline(programme: Programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(
        response_deadline=timezone.now() - timedelta(minutes=1)
    )


def test_an_offer_lapses_at_the_deadline_and_the_applicant_is_told_in_their_language(
    offer: Outcome, django_capture_on_commit_callbacks
) -> None:
    user = offer.application.participant.user
    user.preferred_language = "ja"
    user.save()
    assert services.lapse_unanswered_offers() == 0  # not yet due
    pass_deadline(offer.run.programme)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_unanswered_offers() == 1

    offer.refresh_from_db()
    assert offer.response == Outcome.Response.LAPSED
    mail = Email.objects.get(to=[user.email])
    assert 'lang="ja"' in mail.html_message
    assert "JETキャリアポータル" in mail.html_message
    assert offer.position.title_ja in mail.message  # the position in Japanese too


def test_the_lapse_mail_in_english(offer: Outcome, django_capture_on_commit_callbacks) -> None:
    pass_deadline(offer.run.programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.lapse_unanswered_offers()
    mail = Email.objects.get(to=[offer.application.participant.user.email])
    assert mail.subject == f"Your internship offer has lapsed: {offer.run.programme.title_en}"
    assert "The offer has lapsed and the place will go to another applicant." in mail.message


def test_lapsing_twice_lapses_and_mails_nothing_more(
    offer: Outcome, django_capture_on_commit_callbacks
) -> None:
    pass_deadline(offer.run.programme)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_unanswered_offers() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_unanswered_offers() == 0
    assert Email.objects.count() == 1
    assert MailBatch.objects.filter(mailer__endswith="mail_lapsed").count() == 1


def test_the_beat_task_lapses_due_offers(offer: Outcome) -> None:
    pass_deadline(offer.run.programme)
    assert tasks.lapse_unanswered_offers.apply().get() == 1
    assert Outcome.objects.get(pk=offer.pk).response == Outcome.Response.LAPSED


def test_answered_offers_do_not_lapse(offer: Outcome) -> None:
    services.respond(outcome=offer, answer="accept")
    pass_deadline(offer.run.programme)
    assert services.lapse_unanswered_offers() == 0
    assert Outcome.objects.get(pk=offer.pk).response == Outcome.Response.ACCEPTED


def test_a_lapsed_offer_cannot_be_accepted(offer: Outcome) -> None:
    pass_deadline(offer.run.programme)
    services.lapse_unanswered_offers()
    with pytest.raises(services.InternshipError) as error:
        services.respond(outcome=offer, answer="accept")
    assert str(error.value) == "The deadline to answer has passed."


def test_the_next_round_frees_a_place_past_the_deadline_before_the_task_runs(
    offer: Outcome, django_capture_on_commit_callbacks
) -> None:
    programme = offer.run.programme
    weak = programme.applications.exclude(pk=offer.application_id).get()
    before = run_now(programme, django_capture_on_commit_callbacks, seed=5)
    assert before.outcomes.get(application=weak).position is None  # the place is held
    before.state = "failed"
    before.save()

    pass_deadline(programme)  # nobody has run lapse_unanswered_offers yet
    assert services._taken_places(programme) == {}
    second = run_now(programme, django_capture_on_commit_callbacks, seed=5)

    assert second.round == 2
    assert {o.application_id: o.position_id for o in second.outcomes.all()} == {
        weak.pk: offer.position_id
    }
    assert Outcome.objects.get(pk=offer.pk).response == "pending"  # marked later by the task


@pytest.mark.parametrize("answer", ["yes", "Accept", "accepted", "", "decline "])
def test_only_accept_or_decline_answers_an_offer(offer: Outcome, answer: str) -> None:
    with pytest.raises(services.InternshipError) as error:
        services.respond(outcome=offer, answer=answer)
    assert str(error.value) == "Please answer the offer with Accept or Decline."
    assert Outcome.objects.get(pk=offer.pk).response == "pending"


@pytest.mark.parametrize("data", [{"answer": "maybe"}, {}, {"answer": "ACCEPT"}])
def test_the_answer_page_refuses_anything_but_accept_or_decline(
    client: Client, offer: Outcome, data: dict
) -> None:
    client.force_login(offer.application.participant.user)
    response = client.post(reverse("internships:respond", args=[offer.pk]), data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Please answer the offer with Accept or Decline."
    ]
    assert Outcome.objects.get(pk=offer.pk).response == "pending"
    response = client.post(reverse("internships:respond", args=[offer.pk]), {"answer": "decline"})
    assert Outcome.objects.get(pk=offer.pk).response == "declined"


def test_pages_after_the_deadline(client: Client, offer: Outcome) -> None:
    host = OwnerFactory(employer=offer.position.employer)
    intern = offer.application.participant
    page = reverse("internships:application", args=[offer.application_id])
    client.force_login(host.user)
    assert intern.full_name in client.get(reverse("internships:hosting")).content.decode()

    pass_deadline(offer.run.programme)
    client.force_login(intern.user)
    html = client.get(page).content.decode()
    assert "The deadline to answer has passed." in html
    assert 'value="accept"' not in html
    client.force_login(host.user)  # a pending offer past the deadline is no intern
    assert intern.full_name not in client.get(reverse("internships:hosting")).content.decode()

    services.lapse_unanswered_offers()
    client.force_login(intern.user)
    assert "Lapsed: not answered by the deadline" in client.get(page).content.decode()
