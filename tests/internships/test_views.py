"""Internship pages: apply through the form, follow the result, host employers see interns."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from internships import services
from internships.models import Application, MatchRun, Outcome, Programme
from participants import services as participant_services
from tests.employers.factories import OwnerFactory
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def with_cv(**kwargs):
    profile = ProfileFactory(**{"jlpt_level": 4, "jet_start_date": date(2024, 8, 1), **kwargs})
    participant_services.replace_cv(profile=profile, upload=pdf_upload())
    return profile


def test_ineligible_participant_sees_the_reason_on_the_page(client: Client) -> None:
    programme = ProgrammeFactory()
    profile = with_cv(jlpt_level=3)
    client.force_login(profile.user)
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "needs JLPT N2 or higher; your profile says N3" in html


def test_apply_through_the_form_with_ranked_positions(client: Client) -> None:
    programme = ProgrammeFactory()
    first, second = PositionFactory(programme=programme), PositionFactory(programme=programme)
    profile = with_cv()
    client.force_login(profile.user)
    data = {"statement": "Motivated.", "industry_1": "tourism", "job_types": ["translation"],
            "choice_1": second.pk, "choice_2": first.pk, "supervisor_name": "Suzuki",
            "paid_leave_confirmed": "on"}  # fmt: skip
    response = client.post(reverse("internships:apply", args=[programme.slug]), data)
    application = Application.objects.get()
    assert response.url == reverse("internships:application", args=[application.pk])
    assert [c.position for c in application.choices.all()] == [second, first]


def test_bad_application_input_changes_nothing(client: Client) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme)
    client.force_login(with_cv().user)
    data = {"statement": "Motivated.", "industry_1": "tourism", "choice_1": position.pk,
            "choice_2": position.pk, "supervisor_name": "Suzuki"}  # fmt: skip
    html = client.post(reverse("internships:apply", args=[programme.slug]), data).content.decode()
    assert "ranked only once" in html
    assert "must agree before you can apply" in html
    assert not Application.objects.exists()


def test_result_page_explains_and_accepts(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    position = PositionFactory(programme=programme, title_en="Tour planning")
    application = ApplicationFactory(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_matching(programme=programme, by=None, seed=1)
    run.refresh_from_db()
    services.publish_run(run=run)
    client.force_login(application.participant.user)
    url = reverse("internships:application", args=[application.pk])
    assert "Tour planning" in client.get(url).content.decode()
    outcome = Outcome.objects.get(application=application)
    client.post(reverse("internships:respond", args=[outcome.pk]), {"answer": "accept"})
    outcome.refresh_from_db()
    assert outcome.response == "accepted"
    assert outcome.position == position


def test_host_sees_interns_only_after_publication(client: Client) -> None:
    owner = OwnerFactory()
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    position = PositionFactory(programme=programme, employer=owner.employer)
    application = ApplicationFactory(programme=programme, participant__full_name="Emily Carter")
    run = MatchRun.objects.create(programme=programme, seed=1, state=MatchRun.State.DONE)
    Outcome.objects.create(run=run, application=application, position=position)
    client.force_login(owner.user)
    assert "Emily Carter" not in client.get(reverse("internships:hosting")).content.decode()
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.PUBLISHED)
    assert "Emily Carter" in client.get(reverse("internships:hosting")).content.decode()


def test_verified_employer_posts_a_position_for_approval(client: Client) -> None:
    owner = OwnerFactory()
    programme = ProgrammeFactory()
    client.force_login(owner.user)
    data = {"title_en": "Inbound tourism", "title_ja": "インバウンド観光", "industry": "tourism",
            "job_type": "translation", "prefecture": "34", "period": programme.periods.first().pk,
            "capacity": 2, "min_jlpt": 4}  # fmt: skip
    client.post(reverse("internships:post_position", args=[programme.slug]), data)
    position = programme.positions.get()
    assert (position.employer, position.status) == (owner.employer, "submitted")


def test_unverified_employer_cannot_post(client: Client) -> None:
    owner = OwnerFactory(employer__status="pending")
    programme = ProgrammeFactory()
    client.force_login(owner.user)
    data = {"title_en": "X", "title_ja": "X", "industry": "it", "job_type": "engineering",
            "prefecture": "13", "period": programme.periods.first().pk, "capacity": 1,
            "min_jlpt": 0}  # fmt: skip
    html = client.post(reverse("internships:post_position", args=[programme.slug]), data)
    assert "verified by CLAIR" in html.content.decode()
    assert not programme.positions.exists()


def test_host_employer_downloads_the_interns_cv_and_others_cannot(client: Client) -> None:
    owner, other = OwnerFactory(), OwnerFactory()
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, employer=owner.employer)
    intern = with_cv()
    application = ApplicationFactory(programme=programme, participant=intern)
    run = MatchRun.objects.create(programme=programme, seed=1, state=MatchRun.State.PUBLISHED)
    outcome = Outcome.objects.create(run=run, application=application, position=position)
    url = reverse("participants:cv_download", args=[intern.pk])
    client.force_login(owner.user)
    assert client.get(url).status_code == 200
    client.force_login(other.user)
    assert client.get(url).status_code == 404
    Outcome.objects.filter(pk=outcome.pk).update(response="declined")
    client.force_login(owner.user)
    assert client.get(url).status_code == 404
