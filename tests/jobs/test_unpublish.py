"""Jobs of an employer that stops being verified are unpublished at once (issue #18), by every
door that takes the verification away, and come back only when a member reopens them."""

from __future__ import annotations

import pytest

from employers import services as employer_services
from employers.models import Employer
from jobs import services
from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_rejecting_the_employer_closes_its_published_jobs_in_the_same_transaction(
    employer, staff
) -> None:
    published = JobFactory(employer=employer)
    pending = JobFactory(employer=employer, pending=True)
    elsewhere = JobFactory()

    employer_services.reject_employer(employer=employer, by=staff, reason_en="No reply to calls.")

    published.refresh_from_db()
    pending.refresh_from_db()
    elsewhere.refresh_from_db()
    assert published.status == Job.Status.CLOSED
    assert published.closed_at is not None
    assert pending.status == Job.Status.PENDING  # never shown; CLAIR cannot approve it now
    assert elsewhere.status == Job.Status.PUBLISHED
    assert list(Job.objects.visible()) == [elsewhere]
    with pytest.raises(services.JobError, match="not verified"):
        services.approve_job(job=pending, by=staff)


def test_a_status_changed_by_any_other_door_closes_them_too(employer) -> None:
    job = JobFactory(employer=employer)
    employer.status = Employer.Status.PENDING  # an admin form, a history revert, the shell
    employer.save()

    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED


def test_saving_a_verified_employer_leaves_its_jobs_alone(employer) -> None:
    job = JobFactory(employer=employer)
    employer.contact_name = "Tanaka"
    employer.save()

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_verified_again_a_member_reopens_the_job_at_once(employer, erika, staff) -> None:
    job = JobFactory(employer=employer)
    employer_services.reject_employer(employer=employer, by=staff, reason_ja="確認が取れません。")
    employer.refresh_from_db()
    job.refresh_from_db()
    with pytest.raises(services.JobError, match="not verified"):
        services.reopen_job(job=job, by=erika)

    employer_services.verify_employer(employer=employer, by=staff)
    services.reopen_job(job=job, by=erika)

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert Job.objects.visible().filter(pk=job.pk).exists()
