"""release_person: account erasure takes a person out of the internships not finished."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from post_office.models import Email

from internships import services
from internships.models import Application, Outcome, Period, Programme
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emily():
    return ProfileFactory(full_name="Emily Carter", jlpt_level=4)


@pytest.fixture
def accepted(emily):
    """Emily accepted the one place of employer X's position; X has a Japanese-reading owner
    and an English-reading member. Answers were due tomorrow."""
    programme = ProgrammeFactory(
        state=Programme.State.PUBLISHED, response_deadline=timezone.now() + timedelta(days=1)
    )
    owner = OwnerFactory(user__preferred_language="ja")
    member = MembershipFactory(employer=owner.employer, user__preferred_language="en")
    position = PositionFactory(programme=programme, employer=owner.employer, capacity=1,
                               title_en="Tour planning", title_ja="ツアー企画")  # fmt: skip
    offer = published_offer(position, ApplicationFactory(programme=programme, participant=emily))
    services.respond(outcome=offer, answer="accept")
    return offer, owner.user, member.user


def test_an_accepted_place_is_released_and_the_host_is_told_in_each_language(
    emily, accepted
) -> None:
    offer, owner, member = accepted
    assert services._taken_places(offer.run.programme) == {offer.position_id: 1}

    assert services.release_person(profile=emily) == 1

    offer.refresh_from_db()
    assert (offer.response, offer.seat) == (Outcome.Response.RELEASED, None)
    assert Application.objects.get(pk=offer.application_id).state == Application.State.WITHDRAWN
    assert services._taken_places(offer.run.programme) == {}  # free for the next round
    english = Email.objects.get(to=[member.email])
    assert english.subject == "An intern withdrew: Tour planning"
    assert "has withdrawn from the programme" in english.message
    japanese = Email.objects.get(to=[owner.email])
    assert "ツアー企画" in japanese.message
    assert 'lang="ja"' in japanese.html_message
    for mail in (english, japanese):
        assert "Emily" not in mail.message  # the person's data is being erased


def test_the_released_place_can_be_accepted_by_someone_else(emily, accepted) -> None:
    offer, _owner, _member = accepted
    later = published_offer(offer.position, ApplicationFactory(programme=offer.run.programme),
                            round=2)  # fmt: skip
    with pytest.raises(services.InternshipError, match="already taken"):
        services.respond(outcome=later, answer="accept")
    services.release_person(profile=emily)
    assert services.respond(outcome=later, answer="accept").seat == 1


def test_a_pending_offer_and_open_applications_are_released_too(emily) -> None:
    published = ProgrammeFactory(state=Programme.State.PUBLISHED)
    application = ApplicationFactory(programme=published, participant=emily)
    pending = published_offer(PositionFactory(programme=published), application)
    still_open = ApplicationFactory(programme=ProgrammeFactory(), participant=emily)

    assert services.release_person(profile=emily) == 1

    assert Outcome.objects.get(pk=pending.pk).response == Outcome.Response.RELEASED
    assert Application.objects.get(pk=still_open.pk).state == Application.State.WITHDRAWN
    assert Email.objects.count() == pending.position.employer.memberships.count()


def test_finished_internships_are_kept_and_a_second_call_releases_nothing(emily, accepted) -> None:
    offer, _owner, _member = accepted
    closed = ProgrammeFactory(state=Programme.State.CLOSED)
    history = published_offer(PositionFactory(programme=closed),
                              ApplicationFactory(programme=closed, participant=emily),
                              response="accepted", seat=1)  # fmt: skip
    # An internship that already took place in a programme staff have not closed yet.
    over = ProgrammeFactory(state=Programme.State.PUBLISHED)
    Period.objects.filter(programme=over).update(starts_on=date(2025, 8, 18),
                                                 ends_on=date(2025, 8, 22))  # fmt: skip
    done = published_offer(PositionFactory(programme=over),
                           ApplicationFactory(programme=over, participant=emily),
                           response="accepted", seat=1)  # fmt: skip

    assert services.release_person(profile=emily) == 1  # only the current one
    assert services.release_person(profile=emily) == 0
    for kept in (history, done):
        kept.refresh_from_db()
        assert (kept.response, kept.seat) == ("accepted", 1)
        assert kept.application.state == Application.State.SUBMITTED
    assert Outcome.objects.get(pk=offer.pk).response == Outcome.Response.RELEASED
    assert Email.objects.count() == 2  # the two members of X, once


def test_a_pending_offer_past_its_deadline_lapses_without_mail(emily) -> None:
    programme = ProgrammeFactory(
        state=Programme.State.PUBLISHED, response_deadline=timezone.now() - timedelta(hours=1)
    )
    offer = published_offer(PositionFactory(programme=programme),
                            ApplicationFactory(programme=programme, participant=emily))  # fmt: skip
    OwnerFactory(employer=offer.position.employer)

    assert services.release_person(profile=emily) == 0

    assert Outcome.objects.get(pk=offer.pk).response == Outcome.Response.LAPSED
    assert not Email.objects.exists()
    assert Application.objects.get(pk=offer.application_id).state == "withdrawn"


def test_an_offer_computed_before_the_applicant_left_is_not_made_on_publication(
    django_capture_on_commit_callbacks,
) -> None:
    """Found by the model-based test: apply, run, erase the account, publish."""
    from tests.internships.test_services import matching_programme, run_now

    programme, _popular, _other, strong, _weak, _failed = matching_programme()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=3)
    offer = run.outcomes.get(application=strong)
    assert offer.position_id is not None
    services.release_person(profile=strong.participant)
    Application.objects.filter(pk=strong.pk).update(participant=None)  # what erasure leaves

    services.publish_run(run=run)

    offer.refresh_from_db()
    assert offer.position_id is None
    assert not Outcome.objects.holding_places().filter(application__participant=None).exists()
