"""Jobs services: posting and CLAIR's review, editing, closing and reopening, applying (and the
consent it gives), the pipeline with its mails, notes, messages, saving and erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs import services
from jobs.models import Job, JobApplication, JobMessage, SavedJob
from participants import services as participant_services
from tests.accounts.factories import EmployerUserFactory
from tests.conftest import outbox_for
from tests.employers.factories import EmployerFactory, MembershipFactory
from tests.jobs.factories import JobApplicationFactory, JobFactory, in_days, job_data
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

CLAIR = "gyomu@clair.or.jp"


@pytest.fixture(autouse=True)
def clair_address(settings) -> None:
    settings.CLAIR_DIVISION_EMAILS = {**settings.CLAIR_DIVISION_EMAILS, "coordination": CLAIR}


# --- Posting and CLAIR's review -------------------------------------------------------------


def test_a_verified_employer_posts_a_job_that_waits_for_clair(employer, erika) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data())

    assert job.status == Job.Status.PENDING
    assert job.created_by == erika
    assert not Job.objects.visible().filter(pk=job.pk).exists()
    [notice] = outbox_for(CLAIR)
    assert "社会人向け英語講師" in notice.message  # in Japanese, for the coordination division


def test_a_draft_is_kept_until_sent(employer, erika) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data(), submit=False)
    assert job.status == Job.Status.DRAFT
    assert outbox_for(CLAIR) == []

    services.submit_job(job=job, by=erika)

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert len(outbox_for(CLAIR)) == 1


def test_an_organisation_not_verified_cannot_post(erika) -> None:
    pending = EmployerFactory(pending=True)
    MembershipFactory(employer=pending, user=erika)
    with pytest.raises(services.JobError, match="not verified"):
        services.create_job(employer=pending, by=erika, data=job_data())
    assert not Job.objects.exists()


def test_only_members_post_for_their_organisation(employer, yuto, other_employer) -> None:
    with pytest.raises(services.JobError, match="Only members"):
        services.create_job(employer=employer, by=yuto, data=job_data())


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary_min": 400_000, "salary_max": 300_000}, "salary_max", "at least the lowest"),
        ({"salary_min": 25, "salary_max": 35}, "salary_min", "monthly salary in yen"),
        (
            {"salary_min": 4_000_000, "salary_max": None, "salary_period": "yearly"},
            None,
            None,
        ),
        ({"salary_min": 40, "salary_max": 60, "salary_period": "yearly"}, "salary_min", "yearly"),
        ({"salary_min": 250_000, "salary_period": ""}, "salary_period", "for a month or a year"),
        ({"closes_on": in_days(0)}, "closes_on", "in the future"),
        ({"closes_on": in_days(-3)}, "closes_on", "in the future"),
        ({"closes_on": in_days(400)}, "closes_on", "within a year"),
        ({"min_jlpt": 9}, "min_jlpt", "JLPT level from the list"),
        ({"apply_method": "external", "external_url": ""}, "external_url", "address"),
        ({"starts_on": in_days(-60), "start_precision": "day"}, "starts_on", "past"),
    ],
)
def test_bad_job_fields_are_refused_with_a_clear_message(
    employer, erika, overrides, field, message
) -> None:
    data = job_data(**overrides)
    if message is None:  # the control: a valid variation goes through
        assert services.create_job(employer=employer, by=erika, data=data).pk
        return
    with pytest.raises(services.JobError, match=message) as refused:
        services.create_job(employer=employer, by=erika, data=data)
    assert refused.value.field == field
    assert not Job.objects.exists()


def test_the_database_refuses_a_salary_range_upside_down(employer) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        JobFactory(employer=employer, salary_min=400_000, salary_max=300_000)


def test_a_month_start_is_kept_as_its_first_day(employer, erika) -> None:
    data = job_data()
    data["starts_on"] = data["starts_on"].replace(day=17)
    job = services.create_job(employer=employer, by=erika, data=data)
    assert job.starts_on.day == 1
    assert job.start_precision == Job.StartPrecision.MONTH


def test_clair_approves_and_every_member_hears_in_their_language(employer, erika, staff) -> None:
    colleague = MembershipFactory(employer=employer, user=EmployerUserFactory(email="en@x.example"))
    job = services.create_job(employer=employer, by=erika, data=job_data())

    services.approve_job(job=job, by=staff)

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.published_at is not None
    assert job.approved_at is not None
    assert Job.objects.visible().filter(pk=job.pk).exists()
    [to_erika] = outbox_for(erika.email)
    [to_colleague] = outbox_for(colleague.user.email)
    assert "社会人向け英語講師" in to_erika.subject  # erika reads Japanese
    assert "English teacher for adults" in to_colleague.subject


def test_approving_twice_mails_once(employer, erika, staff) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data())
    services.approve_job(job=job, by=staff)
    with pytest.raises(services.JobError, match="not waiting for approval"):
        services.approve_job(job=job, by=staff)
    assert len(outbox_for(erika.email)) == 1


def test_a_rejection_needs_a_reason_that_the_members_read(employer, erika, staff) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data())
    with pytest.raises(services.JobError, match="reason"):
        services.reject_job(job=job, by=staff, reason_en="  ")

    services.reject_job(job=job, by=staff, reason_ja="給与の記載が不明確です。")

    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED
    [mail] = outbox_for(erika.email)
    assert "給与の記載が不明確です。" in mail.message


def test_changing_a_published_job_sends_it_back_to_clair(employer, erika, applicant) -> None:
    job = JobFactory(employer=employer)
    JobApplicationFactory(job=job, participant=applicant)

    services.update_job(job=job, by=erika, data=job_data(title_en="Senior English teacher"))

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert job.approved_at is None
    assert not Job.objects.visible().filter(pk=job.pk).exists()
    assert job.applications.count() == 1  # applications stay
    assert len(outbox_for(CLAIR)) == 1


def test_saving_the_same_content_changes_nothing(employer, erika) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data())
    services.approve_job(job=job, by=None)

    services.update_job(job=job, by=erika, data=job_data())

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_a_closed_job_reopens_at_once_with_approved_content(employer, erika) -> None:
    job = JobFactory(employer=employer)
    services.close_job(job=job, by=erika)
    assert not Job.objects.visible().filter(pk=job.pk).exists()

    services.reopen_job(job=job, by=erika)

    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_a_closed_job_changed_meanwhile_goes_to_clair_when_reopened(employer, erika) -> None:
    job = JobFactory(employer=employer)
    services.close_job(job=job, by=erika)
    services.update_job(job=job, by=erika, data=job_data(title_en="Changed while closed"))
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED

    services.reopen_job(job=job, by=erika)

    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


def test_a_job_never_published_cannot_be_closed(employer, erika) -> None:
    job = services.create_job(employer=employer, by=erika, data=job_data())
    with pytest.raises(services.JobError, match="cannot be closed"):
        services.close_job(job=job, by=erika)


def test_a_job_back_with_clair_after_a_change_can_be_closed(employer, erika) -> None:
    job = JobFactory(employer=employer)
    services.update_job(job=job, by=erika, data=job_data(title_en="Changed"))
    services.close_job(job=job, by=erika)

    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    services.reopen_job(job=job, by=erika)
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING  # the change was never approved


def test_a_job_past_its_closing_date_cannot_reopen(employer, erika) -> None:
    job = JobFactory(employer=employer)
    services.close_job(job=job, by=erika)
    Job.objects.filter(pk=job.pk).update(closes_on=in_days(-1))
    with pytest.raises(services.JobError, match="closing date has passed"):
        services.reopen_job(job=job, by=erika)


def test_a_job_past_its_closing_date_is_not_listed(employer) -> None:
    job = JobFactory(employer=employer, closes_on=in_days(5))
    assert Job.objects.visible().filter(pk=job.pk).exists()
    assert not Job.objects.visible(today=in_days(6)).filter(pk=job.pk).exists()


# --- Applying ---------------------------------------------------------------------------------


def test_applying_shares_the_profile_and_cv_with_that_employer_only(
    employer, other_employer, erika, yuto, alice, applicant
) -> None:
    job = JobFactory(employer=employer)
    assert not erika.has_perm("participants.download_cv", applicant)

    application = services.apply(job=job, profile=applicant, cover_letter="  I'd love to.  ")

    assert application.cover_letter == "I'd love to."
    assert application.cv_filename == "Alice CV.pdf"
    assert erika.has_perm("participants.download_cv", applicant)
    assert not yuto.has_perm("participants.download_cv", applicant)
    [confirmation] = outbox_for(alice.email)
    assert "Inbound tour coordinator" in confirmation.subject  # Alice reads English
    [notice] = outbox_for(erika.email)
    assert "インバウンド旅行コーディネーター" in notice.subject
    assert "Alice" not in notice.message  # the notice links to the portal, no personal data


def test_withdrawing_takes_the_consent_back(employer, erika, applicant) -> None:
    application = services.apply(
        job=JobFactory(employer=employer), profile=applicant, cover_letter="Hello"
    )
    services.withdraw_application(application=application, profile=applicant)

    application.refresh_from_db()
    assert application.stage == JobApplication.Stage.WITHDRAWN
    assert not erika.has_perm("participants.download_cv", applicant)


def test_a_second_application_to_the_same_job_is_refused(employer, applicant) -> None:
    job = JobFactory(employer=employer)
    services.apply(job=job, profile=applicant, cover_letter="First")
    with pytest.raises(services.JobError, match="already applied"):
        services.apply(job=job, profile=applicant, cover_letter="Second")
    assert JobApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("job_fields", "message"),
    [
        ({"min_jlpt": 5}, "JLPT N1 or higher; your profile says N2"),
        ({"status": Job.Status.CLOSED}, "no longer taking applications"),
        ({"closes_on": in_days(-1)}, "no longer taking applications"),
        ({"apply_method": "external", "external_url": "https://x.example/jobs"}, "own website"),
    ],
)
def test_applying_is_refused_when_the_job_does_not_allow_it(
    employer, applicant, job_fields, message
) -> None:
    job = JobFactory(employer=employer, **job_fields)
    with pytest.raises(services.JobError, match=message):
        services.apply(job=job, profile=applicant, cover_letter="Hello")
    assert not JobApplication.objects.exists()


def test_applying_needs_a_cv_and_a_letter(employer, applicant) -> None:
    job = JobFactory(employer=employer)
    with pytest.raises(services.JobError, match="cover letter") as refused:
        services.apply(job=job, profile=applicant, cover_letter="   ")
    assert refused.value.field == "cover_letter"
    participant_services.remove_cv(profile=applicant)
    applicant.refresh_from_db()
    with pytest.raises(services.JobError, match="upload your CV"):
        services.apply(job=job, profile=applicant, cover_letter="Hello")


def test_the_jobs_of_an_employer_not_verified_take_no_applications(applicant) -> None:
    job = JobFactory(employer=EmployerFactory(rejected=True))
    with pytest.raises(services.JobError, match="no longer taking applications"):
        services.apply(job=job, profile=applicant, cover_letter="Hello")


# --- The pipeline -----------------------------------------------------------------------------


@pytest.fixture
def application(employer, applicant) -> JobApplication:
    job = JobFactory(employer=employer, title_en="Tour planner", title_ja="ツアー企画")
    return services.apply(job=job, profile=applicant, cover_letter="Hello")


@pytest.mark.parametrize(
    ("language", "title", "other"),
    [("en", "Tour planner", "ツアー企画"), ("ja", "ツアー企画", "Tour planner")],
)
@pytest.mark.parametrize("stage", ["offer", "not_selected"])
def test_an_offer_or_a_no_mails_the_applicant_in_their_language(
    application, erika, alice, language, title, other, stage
) -> None:
    alice.preferred_language = language
    alice.save(update_fields=["preferred_language"])
    if stage == "offer":
        services.move_stage(application=application, to="interview", by=erika)

    services.move_stage(application=application, to=stage, by=erika)

    mails = outbox_for(alice.email)[1:]  # after the confirmation of the application
    assert len(mails) == 1
    assert title in mails[0].subject + mails[0].message
    assert other not in mails[0].subject + mails[0].message


def test_other_stages_mail_nobody(application, erika, alice) -> None:
    before = len(outbox_for(alice.email))
    services.move_stage(application=application, to="in_review", by=erika)
    services.move_stage(application=application, to="interview", by=erika)
    assert len(outbox_for(alice.email)) == before


def test_a_hire_follows_an_offer_and_is_dated(application, erika) -> None:
    with pytest.raises(services.JobError, match="offer first"):
        services.move_stage(application=application, to="hired", by=erika)
    services.move_stage(application=application, to="offer", by=erika)

    hired = services.move_stage(application=application, to="hired", by=erika)

    assert hired.hired_at is not None
    moved_back = services.move_stage(application=application, to="offer", by=erika)
    assert moved_back.hired_at is None


def test_the_same_stage_again_is_refused_and_mails_nothing(application, erika, alice) -> None:
    services.move_stage(application=application, to="offer", by=erika)
    count = len(outbox_for(alice.email))
    with pytest.raises(services.JobError, match="already at"):
        services.move_stage(application=application, to="offer", by=erika)
    assert len(outbox_for(alice.email)) == count


@pytest.mark.parametrize("stage", ["withdrawn", "promoted", ""])
def test_stages_outside_the_pipeline_are_refused(application, erika, stage) -> None:
    with pytest.raises(services.JobError, match="stage from the list"):
        services.move_stage(application=application, to=stage, by=erika)


def test_another_organisation_cannot_move_or_note(application, yuto, other_employer) -> None:
    with pytest.raises(services.JobError, match="Only members"):
        services.move_stage(application=application, to="offer", by=yuto)
    with pytest.raises(services.JobError, match="Only members"):
        services.add_note(application=application, by=yuto, text="Looks good")


def test_a_withdrawn_application_cannot_be_moved(application, erika, applicant) -> None:
    services.withdraw_application(application=application, profile=applicant)
    with pytest.raises(services.JobError, match="withdrawn"):
        services.move_stage(application=application, to="interview", by=erika)


def test_notes_stay_with_the_organisation(application, erika) -> None:
    note = services.add_note(application=application, by=erika, text=" Strong Japanese. ")
    assert note.text == "Strong Japanese."
    with pytest.raises(services.JobError, match="write the note"):
        services.add_note(application=application, by=erika, text="")


# --- Messages ---------------------------------------------------------------------------------


def test_a_message_stays_on_the_portal_and_the_other_side_gets_a_notice(
    application, erika, alice
) -> None:
    before = len(outbox_for(alice.email))
    services.send_message(application=application, by=erika, body="Can you come on Monday?")

    [notice] = outbox_for(alice.email)[before:]
    assert "Can you come on Monday?" not in notice.message
    assert f"/jobs/applications/{application.pk}/" in notice.message

    services.send_message(application=application, by=alice, body="Yes, I can.")
    notices = outbox_for(erika.email)
    assert f"/jobs/applicants/{application.pk}/" in notices[-1].message
    assert list(JobMessage.objects.values_list("from_employer", flat=True)) == [True, False]


def test_someone_else_cannot_write_about_an_application(application, bob, yuto) -> None:
    for outsider in (bob, yuto):
        with pytest.raises(services.JobError):
            services.send_message(application=application, by=outsider, body="Hi")
    assert not JobMessage.objects.exists()


def test_messages_are_limited_per_hour(application, erika, settings) -> None:
    settings.JOB_MESSAGES_PER_HOUR = 2
    services.send_message(application=application, by=erika, body="1")
    services.send_message(application=application, by=erika, body="2")
    with pytest.raises(services.JobError, match="in the last hour"):
        services.send_message(application=application, by=erika, body="3")


# --- Saving and erasure -----------------------------------------------------------------------


def test_saving_keeps_one_and_unsaving_removes_it(applicant) -> None:
    job = JobFactory()
    services.save_job(profile=applicant, job=job)
    services.save_job(profile=applicant, job=job)
    assert SavedJob.objects.filter(participant=applicant).count() == 1
    assert services.unsave_job(profile=applicant, job=job) is True
    assert services.unsave_job(profile=applicant, job=job) is False


def test_a_closed_job_cannot_be_saved(applicant) -> None:
    with pytest.raises(services.JobError, match="no longer open"):
        services.save_job(profile=applicant, job=JobFactory(status=Job.Status.CLOSED))


def test_release_withdraws_live_applications_and_keeps_decided_ones(employer, erika) -> None:
    person = ProfileFactory()
    live = JobApplicationFactory(participant=person, job=JobFactory(employer=employer))
    hired = JobApplicationFactory(
        participant=person,
        job=JobFactory(employer=employer),
        stage=JobApplication.Stage.HIRED,
        hired_at=timezone.now() - timedelta(days=3),
    )

    assert services.release_person(profile=person) == 1
    assert services.release_person(profile=person) == 0

    live.refresh_from_db()
    hired.refresh_from_db()
    assert live.stage == JobApplication.Stage.WITHDRAWN
    assert hired.stage == JobApplication.Stage.HIRED
