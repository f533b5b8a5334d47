"""A person who erases their account (APPI): live job applications are withdrawn first, the
applications stay as anonymous counts without their letter, messages or the employer's notes,
and the saved jobs, the digest subscription and its record go."""

from __future__ import annotations

import pytest

from jobs import services
from jobs.models import DigestSent, JobAlert, JobApplication, SavedJob
from participants import erasure
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_erasure_withdraws_and_blanks_the_persons_applications(
    employer, erika, applicant, django_capture_on_commit_callbacks
) -> None:
    application = services.apply(
        job=JobFactory(employer=employer), profile=applicant, cover_letter="Alice here."
    )
    services.send_message(application=application, by=applicant.user, body="Alice writes.")
    services.add_note(application=application, by=erika, text="Alice seems great.")
    services.save_job(profile=applicant, job=JobFactory())
    services.set_alert(profile=applicant, is_active=True)
    DigestSent.objects.create(participant=applicant, week=services.digest_week())
    export = erasure.export_data(user=applicant.user)["records"]
    assert "jobs.JobApplication" in export
    assert "Alice seems great." not in str(export)  # the organisation's note is withheld

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_account(user=applicant.user)

    application.refresh_from_db()
    assert application.participant is None
    assert application.stage == JobApplication.Stage.WITHDRAWN
    assert (application.cover_letter, application.cv_filename) == ("", "")
    assert list(application.messages.values_list("body", flat=True)) == [""]
    assert list(application.notes.values_list("text", flat=True)) == [""]
    assert not SavedJob.objects.exists()
    assert not JobAlert.objects.exists()
    assert not DigestSent.objects.exists()
