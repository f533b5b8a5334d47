"""Issue 10: only employers CLAIR verifies host interns: runs, hosting pages, CVs, offers."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from employers import services as employer_services
from employers.models import Employer
from internships import services
from internships.models import Outcome, Programme
from participants import services as participant_services
from tests.accounts.factories import StaffFactory
from tests.employers.factories import EmployerFactory, OwnerFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
    run_now,
)
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path


REFUSAL = (
    "Your organisation is not verified by CLAIR at the moment, so it cannot see its interns "
    "or their CVs. Please contact CLAIR."
)


def reject(employer: Employer) -> None:
    """CLAIR rejects the employer (its verification is withdrawn), through the service."""
    employer_services.reject_employer(
        employer=Employer.objects.get(pk=employer.pk), by=StaffFactory(), reason_en="Closed down."
    )


@pytest.fixture
def hosted():
    """Employer X hosts Emily through an accepted offer; X has just been rejected by CLAIR."""
    owner = OwnerFactory()
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, employer=owner.employer)
    emily = ProfileFactory(full_name="Emily Carter", jlpt_level=4,
                           jet_start_date=date(2024, 8, 1))  # fmt: skip
    participant_services.replace_cv(profile=emily, upload=pdf_upload())
    offer = published_offer(position, ApplicationFactory(programme=programme, participant=emily))
    services.respond(outcome=offer, answer="accept")
    reject(owner.employer)
    return owner, offer


def test_positions_of_an_employer_no_longer_verified_do_not_enter_a_run(
    django_capture_on_commit_callbacks,
) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    kept = PositionFactory(programme=programme, capacity=1)
    PositionFactory(programme=programme, capacity=5, employer=EmployerFactory(rejected=True))
    PositionFactory(programme=programme, capacity=5, employer=EmployerFactory(pending=True))
    applications = ApplicationFactory.create_batch(3, programme=programme)

    run = run_now(programme, django_capture_on_commit_callbacks)

    assert run.statistics["positions"] == 1
    assert run.statistics["places"] == 1
    placed = [o.position_id for o in run.outcomes.exclude(position=None)]
    assert placed == [kept.pk]
    assert run.outcomes.count() == len(applications)


def test_hosting_page_of_a_rejected_employer_is_refused(client: Client, hosted) -> None:
    owner, _offer = hosted
    client.force_login(owner.user)
    response = client.get(reverse("internships:hosting"))
    assert response.status_code == 302
    assert response.url == reverse("employers:dashboard")
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [REFUSAL]
    assert "Emily Carter" not in page.content.decode()


def test_a_rejected_employer_cannot_evaluate_its_intern(client: Client, hosted) -> None:
    owner, offer = hosted
    client.force_login(owner.user)
    response = client.post(reverse("internships:evaluate", args=[offer.pk]), {"text": "Great"})
    assert response.url == reverse("employers:dashboard")
    assert Outcome.objects.get(pk=offer.pk).employer_evaluation == ""


def test_a_verified_host_still_sees_its_intern(client: Client, hosted) -> None:
    owner, offer = hosted
    employer_services.verify_employer(employer=owner.employer, by=StaffFactory())
    client.force_login(owner.user)
    assert "Emily Carter" in client.get(reverse("internships:hosting")).content.decode()
    client.post(reverse("internships:evaluate", args=[offer.pk]), {"text": "Proactive."})
    assert Outcome.objects.get(pk=offer.pk).employer_evaluation == "Proactive."


def test_a_rejected_employer_cannot_download_its_interns_cv(client: Client, hosted) -> None:
    owner, offer = hosted
    client.force_login(owner.user)
    url = reverse("participants:cv_download", args=[offer.application.participant_id])
    assert client.get(url).status_code == 404


def test_applicants_are_not_offered_a_rejected_employers_position(client: Client) -> None:
    programme = ProgrammeFactory()
    gone = PositionFactory(programme=programme, title_en="Gone position",
                           employer=EmployerFactory(rejected=True))  # fmt: skip
    PositionFactory(programme=programme, title_en="Live position")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Live position" in html
    assert "Gone position" not in html
    application = ApplicationFactory(programme=programme)
    with pytest.raises(services.InternshipError, match="not offered"):
        services.update_application(
            application=application,
            data={
                "statement": "x",
                "industry_1": "it",
                "supervisor_name": "Suzuki",
                "paid_leave_confirmed": True,
            },
            positions=[gone],
        )


def test_an_offer_of_a_rejected_employer_cannot_be_accepted() -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme)
    offer = published_offer(position, ApplicationFactory(programme=programme))
    reject(position.employer)
    with pytest.raises(services.InternshipError) as error:
        services.respond(outcome=offer, answer="accept")
    assert str(error.value) == (
        "This host company can no longer take interns. Please contact CLAIR."
    )
    services.respond(outcome=offer, answer="decline")
