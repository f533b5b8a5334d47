"""Withdrawing a job application (issue #18, tester): the person is asked first and told
whether they may apply again; afterwards the employer sees only their name and that they
withdrew, on the applicant's page and on the pipeline (the promise on the person's page:
「この求人について、企業・団体はあなたのプロフィールと履歴書を閲覧できなくなります」); the
person may apply to the job again."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jobs import services
from jobs.models import Job, JobApplication
from tests.conftest import outbox_for
from tests.jobs.factories import JobFactory, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(employer, erika, applicant) -> JobApplication:
    applicant.introduction = "Three years as an ALT in Matsumoto."
    applicant.save(update_fields=["introduction"])
    job = JobFactory(employer=employer, title_en="Tour planner")
    application = services.apply(
        job=job, profile=applicant, cover_letter="I would love to plan tours on Shikoku."
    )
    services.send_message(application=application, by=erika, body="Could you come on Monday?")
    services.send_message(application=application, by=applicant.user, body="Yes, at ten.")
    services.add_note(application=application, by=erika, text="Lives in Nagano; strong JLPT.")
    return application


# What the employer read before, and must not read after the withdrawal.
SHARED = [
    "I would love to plan tours on Shikoku.",  # the cover letter
    "Three years as an ALT in Matsumoto.",  # the introduction
    "United Kingdom",  # the country
    "Nagano",  # the prefecture, and the note
    "Yes, at ten.",  # her message
    "Lives in Nagano",  # the employer's note about her
]


def test_before_withdrawing_the_employer_reads_what_was_shared(application, erika) -> None:
    page = client_of(erika).get(reverse("jobs:applicant", args=[application.pk]))
    html = page.content.decode()
    for text in SHARED:
        assert text in html, text
    assert reverse("participants:cv_download", args=[application.participant_id]) in html


def test_after_withdrawing_the_employer_sees_only_the_name_and_that_she_withdrew(
    application, erika, applicant
) -> None:
    services.withdraw_application(application=application, profile=applicant)

    response = client_of(erika).get(reverse("jobs:applicant", args=[application.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Alice Walker" in html
    assert "The applicant withdrew this application on" in html
    for text in SHARED:
        assert text not in html, text
    assert reverse("participants:cv_download", args=[applicant.pk]) not in html
    assert "person" not in response.context
    assert "thread" not in response.context
    # The CV itself is refused too (jobs/rules.py), not only its link.
    cv = client_of(erika).get(reverse("participants:cv_download", args=[applicant.pk]))
    assert cv.status_code == 404


def test_the_pipeline_shows_a_withdrawn_applicant_by_name_only(
    application, erika, applicant
) -> None:
    services.withdraw_application(application=application, profile=applicant)

    html = client_of(erika).get(reverse("jobs:pipeline", args=[application.job_id])).content
    html = html.decode()

    column = html[html.index('id="column-withdrawn"') :]
    column = column[: column.index("</section>")]
    assert "Alice Walker" in column
    assert "JLPT" not in column  # her level, shown for applicants in play
    assert "Current JET participant" not in column
    assert "Withdrawn on" in column
    assert f'id="move-{application.pk}"' not in column


def test_after_withdrawing_the_employer_can_no_longer_note(application, erika, applicant) -> None:
    services.withdraw_application(application=application, profile=applicant)
    with pytest.raises(services.JobError, match="withdrawn"):
        services.add_note(application=application, by=erika, text="Pity.")

    response = client_of(erika).post(
        reverse("jobs:note", args=[application.pk]), {"text": ""}
    )  # a form sent back: the page it shows is the withdrawn one
    assert "I would love to plan tours" not in response.content.decode()


def test_withdrawing_asks_first_and_says_she_may_apply_again(application, applicant) -> None:
    client = client_of(applicant.user)
    detail = client.get(reverse("jobs:application", args=[application.pk])).content.decode()
    url = reverse("jobs:withdraw", args=[application.pk])
    assert f'href="{url}"' in detail  # a link to the question, not a button that withdraws

    question = client.get(url)

    html = question.content.decode()
    assert question.status_code == 200
    assert "Withdraw your application for “Tour planner” at Setouchi Travel?" in html
    assert "you can apply to this job again with a new cover letter while it is open" in html
    assert "only your name and that you withdrew" in html
    application.refresh_from_db()
    assert application.stage == JobApplication.Stage.NEW  # asking changed nothing

    done = client.post(url)

    assert done.url == reverse("jobs:application", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == JobApplication.Stage.WITHDRAWN
    page = client.get(done.url).content.decode()
    assert "You withdrew your application on" in page
    assert "You can apply again." in page


def test_a_closed_job_says_she_cannot_apply_again(application, applicant) -> None:
    Job.objects.filter(pk=application.job_id).update(status=Job.Status.CLOSED)
    html = client_of(applicant.user).get(reverse("jobs:withdraw", args=[application.pk]))
    assert "you cannot apply to it again" in html.content.decode()


def test_an_application_already_decided_is_not_asked_about(application, erika, applicant) -> None:
    services.move_stage(application=application, to="not_selected", by=erika)
    response = client_of(applicant.user).get(reverse("jobs:withdraw", args=[application.pk]))
    assert response.url == reverse("jobs:application", args=[application.pk])


def test_she_may_apply_again_after_withdrawing(application, applicant, erika) -> None:
    services.withdraw_application(application=application, profile=applicant)
    client = client_of(applicant.user)
    job_page = client.get(application.job.get_absolute_url()).content.decode()
    assert reverse("jobs:apply", args=[application.job_id]) in job_page
    assert "You withdrew your application on" in job_page

    response = client.post(
        reverse("jobs:apply", args=[application.job_id]), {"cover_letter": "Second thoughts."}
    )

    again = JobApplication.objects.exclude(pk=application.pk).get()
    assert response.url == reverse("jobs:application", args=[again.pk])
    assert (again.stage, again.cover_letter) == (JobApplication.Stage.NEW, "Second thoughts.")
    application.refresh_from_db()
    assert application.stage == JobApplication.Stage.WITHDRAWN  # kept as the employer saw it
    # Applying again is consenting again: the employer reads the new application.
    assert erika.has_perm("participants.download_cv", applicant)
    assert len(outbox_for(erika.email)) >= 2  # told of each application


def test_the_database_holds_one_application_in_play_per_person_and_job(
    application, applicant
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        JobApplication.objects.create(
            job=application.job, participant=applicant, cover_letter="Twice"
        )
    with pytest.raises(services.JobError, match="already applied"):
        services.apply(job=application.job, profile=applicant, cover_letter="Twice")
    services.withdraw_application(application=application, profile=applicant)
    services.apply(job=application.job, profile=applicant, cover_letter="Again")
    assert JobApplication.objects.filter(participant=applicant).count() == 2
