"""CLAIR reviews jobs in admin: approve from the job's own page, reject with a reason on the
confirmation page; each through the services, which mail the members. Applications are read
only; staff duties follow the groups."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from jetcareer.permissions import StaffGroup
from jobs.models import Job
from tests.accounts.factories import StaffFactory
from tests.conftest import hidden_fields, outbox_for
from tests.jobs.factories import JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(client: Client, job: Job, name: str, data: dict | None = None):
    url = reverse("admin:jobs_job_act", args=[job.pk, name])
    return client.post(url, data or {})


def test_a_pending_job_is_approved_from_its_page(employer, erika, staff) -> None:
    job = JobFactory(employer=employer, pending=True)
    client = staff_client(staff)
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Approve and publish" in page

    response = act(client, job, "approve")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.reviewed_by == staff
    assert len(outbox_for(erika.email)) == 1


def test_a_rejection_asks_for_the_reason_first(employer, erika, staff) -> None:
    job = JobFactory(employer=employer, pending=True)
    client = staff_client(staff)

    page = act(client, job, "reject")
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING  # nothing yet

    empty = act(client, job, "reject", {**hidden_fields(page.content.decode()), "apply": "1"})
    assert empty.status_code == 200  # no reason: the page again
    data = {
        **hidden_fields(page.content.decode()),
        "apply": "1",
        "reason_ja": "勤務地を具体的に記載してください。",
    }
    act(client, job, "reject", data)

    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED
    assert job.status_reason_ja == "勤務地を具体的に記載してください。"
    [mail] = outbox_for(erika.email)
    assert "勤務地を具体的に記載してください。" in mail.message


def test_a_published_job_shows_no_approve_button(employer, staff) -> None:
    job = JobFactory(employer=employer)
    page = staff_client(staff).get(reverse("admin:jobs_job_change", args=[job.pk]))
    html = page.content.decode()
    assert "Approve and publish" not in html
    assert "Reject with a reason" in html
    assert act(staff_client(staff), job, "approve").status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED  # refused by the service, told as a message


def test_the_employer_verification_desk_reviews_jobs_and_the_event_desk_does_not(
    employer,
) -> None:
    job = JobFactory(employer=employer, pending=True)
    verification = StaffFactory(
        is_superuser=False, groups=[Group.objects.get(name=StaffGroup.EMPLOYER_VERIFICATION)]
    )
    desk = StaffFactory(is_superuser=False, groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)])

    assert act(staff_client(desk), job, "approve").status_code == 403
    act(staff_client(verification), job, "approve")

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_applications_are_shown_not_changed(staff, employer) -> None:
    application = JobApplicationFactory(
        job=JobFactory(employer=employer), participant__full_name="Emily Carter"
    )
    client = staff_client(staff)
    listing = client.get(reverse("admin:jobs_jobapplication_changelist")).content.decode()
    assert "Emily Carter" in listing
    page = client.get(reverse("admin:jobs_jobapplication_change", args=[application.pk]))
    assert page.status_code == 200
    assert 'name="stage"' not in page.content.decode()
    assert client.get(reverse("admin:jobs_jobapplication_add")).status_code == 403


def test_the_job_page_shows_each_text_in_both_languages_on_one_row(employer, staff) -> None:
    job = JobFactory(employer=employer)
    html = staff_client(staff).get(reverse("admin:jobs_job_change", args=[job.pk])).content
    html = html.decode()
    assert "css/admin_bilingual.css" in html
    for name in ("title", "description", "city", "experience", "status_reason"):
        assert re.search(
            rf'class="form-row[^"]*\bfield-{name}_(en|ja) field-{name}_(en|ja)"', html
        ), name
