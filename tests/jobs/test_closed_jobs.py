"""A closed job (issue #18, tester): its page stays readable, says it is closed and offers no way
to apply; applying to a job that closed while the form was open says so in the reader's
language and gives the letter back, instead of a 404 that lost it. A job CLAIR does not show
(a draft, waiting, rejected, changed since approval, of an employer no longer verified) stays
a 404 for everyone but its people."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Job, JobApplication
from tests.jobs.factories import JobFactory, client_of, in_days

pytestmark = pytest.mark.django_db


CLOSED = {
    "closed by the employer": {"status": Job.Status.CLOSED},
    "past its closing date": {"closes_on": in_days(-1)},
}


@pytest.mark.parametrize("fields", CLOSED.values(), ids=CLOSED.keys())
def test_a_closed_job_is_readable_says_so_and_offers_no_way_to_apply(
    employer, applicant, fields
) -> None:
    job = JobFactory(employer=employer, title_en="Tour planner", **fields)

    for client in (client_of(), client_of(applicant.user)):
        response = client.get(job.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "This job is closed: it no longer takes applications." in html
        assert "Tour planner" in html
        assert reverse("jobs:apply", args=[job.pk]) not in html
        assert "Log in as a participant to apply" not in html


HIDDEN = {
    "draft": {"draft": True},
    "waiting for CLAIR": {"pending": True},
    "rejected": {"status": Job.Status.REJECTED, "status_reason_en": "Unclear salary."},
    "closed, changed since CLAIR approved it": {"status": Job.Status.CLOSED, "approved_at": None},
}


@pytest.mark.parametrize("fields", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_job_clair_does_not_show_stays_a_404(employer, erika, applicant, fields) -> None:
    job = JobFactory(employer=employer, **fields)
    for client in (client_of(), client_of(applicant.user)):
        assert client.get(job.get_absolute_url()).status_code == 404
    assert client_of(applicant.user).get(reverse("jobs:apply", args=[job.pk])).status_code == 404
    assert client_of(erika).get(job.get_absolute_url()).status_code == 200  # its people


def test_the_closed_job_of_an_employer_no_longer_verified_is_a_404(employer, applicant) -> None:
    job = JobFactory(employer=employer)
    employer.status = employer.Status.PENDING
    employer.save()  # unpublishes its jobs at once (jobs.receivers)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    assert client_of(applicant.user).get(job.get_absolute_url()).status_code == 404


def test_applying_to_a_job_that_closed_meanwhile_says_so_and_keeps_the_letter(
    employer, erika, applicant
) -> None:
    job = JobFactory(employer=employer)
    client = client_of(applicant.user, "ja")
    assert client.get(reverse("jobs:apply", args=[job.pk])).status_code == 200
    services.close_job(job=job, by=erika)  # while Alice writes

    response = client.post(
        reverse("jobs:apply", args=[job.pk]), {"cover_letter": "三年間、松本で観光案内をしました。"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "この求人は応募を受け付けていません。" in html  # in her language
    assert "三年間、松本で観光案内をしました。</textarea>" in html  # the letter, to keep
    assert not JobApplication.objects.exists()


def test_a_saved_job_that_closed_links_to_its_page_and_can_be_removed(
    employer, erika, applicant
) -> None:
    job = JobFactory(employer=employer, title_en="Tour planner")
    services.save_job(profile=applicant, job=job)
    services.close_job(job=job, by=erika)
    client = client_of(applicant.user)

    saved = client.get(reverse("jobs:saved")).content.decode()
    assert f'href="{job.get_absolute_url()}"' in saved
    assert "No longer open" in saved
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("jobs:unsave", args=[job.pk]) in page


def test_a_saved_job_clair_took_down_is_listed_without_a_link(employer, staff, applicant) -> None:
    job = JobFactory(employer=employer, title_en="Tour planner")
    services.save_job(profile=applicant, job=job)
    services.reject_job(job=job, by=staff, reason_en="Misleading salary.")

    saved = client_of(applicant.user).get(reverse("jobs:saved")).content.decode()

    assert "Tour planner" in saved
    assert f'href="{job.get_absolute_url()}"' not in saved


def test_readable_and_is_readable_agree(employer) -> None:
    jobs = [
        JobFactory(employer=employer),
        JobFactory(employer=employer, status=Job.Status.CLOSED),
        JobFactory(employer=employer, closes_on=in_days(-3)),
        JobFactory(employer=employer, status=Job.Status.CLOSED, approved_at=None),
        JobFactory(employer=employer, pending=True),
        JobFactory(employer=employer, draft=True),
        JobFactory(employer=employer, status=Job.Status.CLOSED, closed_at=timezone.now()),
    ]
    readable = set(Job.objects.readable().values_list("pk", flat=True))
    assert readable == {job.pk for job in jobs if job.is_readable()}
    assert len(readable) == 4
