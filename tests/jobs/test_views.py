"""Job pages: the list with its filters and pinned query counts, a job, applying, one's
applications and messages; an employer's jobs, the form's clear messages for bad input, the
pipeline and an applicant."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs import services
from jobs.models import Job, JobApplication
from tests.jobs.factories import JobApplicationFactory, JobFactory, client_of, form_data, in_days

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [job.title_en for job in response.context["page"].object_list]


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_open_jobs_of_verified_employers_only(employer) -> None:
    JobFactory(employer=employer, title_en="Open")
    JobFactory(employer=employer, title_en="Waiting", pending=True)
    JobFactory(employer=employer, title_en="Closed", status=Job.Status.CLOSED)
    JobFactory(employer=employer, title_en="Past closing date", closes_on=in_days(-1))

    response = client_of().get(reverse("jobs:list"))

    assert titles(response) == ["Open"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"industry": "it"}, {"IT Tokyo"}),
        ({"prefecture": "27"}, {"Osaka part-time"}),
        ({"employment_type": "part_time"}, {"Osaka part-time"}),
        ({"visa": "on"}, {"IT Tokyo", "Hiroshima tours"}),
        ({"remote": "on"}, {"IT Tokyo"}),
        ({"jlpt": "3"}, {"Osaka part-time", "Hiroshima tours"}),  # N3 or less asked
        ({"start": "2027-09"}, {"IT Tokyo", "Osaka part-time"}),  # or to be agreed
        ({"q": "osaka"}, {"Osaka part-time"}),
        ({}, {"IT Tokyo", "Osaka part-time", "Hiroshima tours"}),
    ],
)
def test_filters_narrow_the_list(query, expected) -> None:
    JobFactory(
        title_en="IT Tokyo",
        industry="it",
        prefecture="13",
        remote=True,
        min_jlpt=4,
        starts_on=date(2027, 10, 1),
    )
    JobFactory(
        title_en="Osaka part-time",
        industry="trade",
        prefecture="27",
        min_jlpt=0,
        employment_type="part_time",
        visa_sponsorship="no",
        starts_on=None,
    )
    JobFactory(
        title_en="Hiroshima tours",
        industry="tourism",
        visa_sponsorship="case_by_case",
        min_jlpt=3,
        starts_on=date(2027, 8, 1),
    )

    response = client_of().get(reverse("jobs:list"), query)

    assert set(titles(response)) == expected


def test_jlpt_at_or_below_mine(applicant) -> None:
    JobFactory(title_en="N2 job", min_jlpt=4)
    JobFactory(title_en="N1 job", min_jlpt=5)

    response = client_of(applicant.user).get(reverse("jobs:list"), {"fits_me": "on"})

    assert titles(response) == ["N2 job"]
    assert "Only jobs my JLPT level meets (N2)" in response.content.decode()


def test_an_unknown_jlpt_level_is_told_not_a_crash() -> None:
    JobFactory(title_en="Any")
    response = client_of().get(reverse("jobs:list"), {"jlpt": "9", "start": "2099-99"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please choose a JLPT level from the list: N1 to N5, or none." in html
    assert titles(response) == ["Any"]  # the other filters still apply, this one is ignored


def test_a_participant_sees_which_jobs_they_saved(applicant) -> None:
    saved = JobFactory(title_en="Saved one")
    JobFactory(title_en="Other one")
    services.save_job(profile=applicant, job=saved)

    html = client_of(applicant.user).get(reverse("jobs:list")).content.decode()

    card = html[html.index(f'id="job-{saved.pk}"') :]
    assert "Saved" in card[: card.index("</article>")]


def count_queries(client: Client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "tour 旅行", "industry": "tourism", "fits_me": "on"}])
def test_the_list_and_search_cost_the_same_with_few_or_many_jobs(applicant, params) -> None:
    """Anonymous: the count and the page. A participant: session, user, profile, the count,
    the page and their saved jobs."""
    url = reverse("jobs:list")
    JobFactory.create_batch(2, title_en="Inbound tour guide", title_ja="旅行ガイド")
    few = (
        count_queries(client_of(), url, params),
        count_queries(client_of(applicant.user), url, params),
    )
    JobFactory.create_batch(25, title_en="Inbound tour guide", title_ja="旅行ガイド")
    many = (
        count_queries(client_of(), url, params),
        count_queries(client_of(applicant.user), url, params),
    )
    assert few == many == (2, 6)


# --- A job and applying -----------------------------------------------------------------------


def test_a_job_not_open_exists_only_for_its_people(
    employer, erika, yuto, other_employer, staff
) -> None:
    job = JobFactory(employer=employer, pending=True)
    url = reverse("jobs:detail", args=[job.pk])
    assert client_of().get(url).status_code == 404
    assert client_of(yuto).get(url).status_code == 404
    assert client_of(erika).get(url).status_code == 200
    assert client_of(staff).get(url).status_code == 200


def test_the_apply_page_says_what_is_shared_and_with_whom(employer, applicant) -> None:
    job = JobFactory(employer=employer)
    html = client_of(applicant.user).get(reverse("jobs:apply", args=[job.pk])).content.decode()
    assert "Setouchi Travel, and no other organisation, may read your profile and CV" in html
    assert "Alice CV.pdf" in html


def test_applying_through_the_page(employer, applicant) -> None:
    job = JobFactory(employer=employer)
    client = client_of(applicant.user)

    empty = client.post(reverse("jobs:apply", args=[job.pk]), {"cover_letter": ""})
    assert empty.status_code == 200
    assert not JobApplication.objects.exists()

    response = client.post(reverse("jobs:apply", args=[job.pk]), {"cover_letter": "Hello!"})

    application = JobApplication.objects.get()
    assert response.url == reverse("jobs:application", args=[application.pk])
    again = client.get(reverse("jobs:apply", args=[job.pk]))
    assert again.url == reverse("jobs:application", args=[application.pk])


def test_a_job_asking_more_japanese_says_why_on_its_page(employer, applicant) -> None:
    job = JobFactory(employer=employer, min_jlpt=5)
    html = client_of(applicant.user).get(job.get_absolute_url()).content.decode()
    assert "This job asks for JLPT N1 or higher; your profile says N2." in html
    assert reverse("jobs:apply", args=[job.pk]) not in html


def test_my_applications_and_the_thread(employer, erika, applicant) -> None:
    application = services.apply(
        job=JobFactory(employer=employer, title_en="Tour planner"),
        profile=applicant,
        cover_letter="Hello",
    )
    services.send_message(application=application, by=erika, body="When can you start?")
    client = client_of(applicant.user)

    assert "Tour planner" in client.get(reverse("jobs:my_applications")).content.decode()
    page = client.get(reverse("jobs:application", args=[application.pk])).content.decode()
    assert "When can you start?" in page
    client.post(reverse("jobs:message", args=[application.pk]), {"body": "From August."})
    assert application.messages.count() == 2


# --- Employers --------------------------------------------------------------------------------


def test_posting_a_job_through_the_form(employer, erika) -> None:
    response = client_of(erika).post(reverse("jobs:post"), form_data(action="submit"))

    assert response.url == reverse("jobs:mine")
    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    assert (job.starts_on.day, job.start_precision) == (1, "month")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"salary_min": "400000", "salary_max": "300000"},
            "The highest salary must be at least the lowest.",
        ),
        ({"salary_min": "25", "salary_max": "35"}, "Please give the monthly salary in yen"),
        ({"salary_min": "25万"}, "Please write the amount in yen in figures only"),
        ({"closes_on": "2020-01-01"}, "The closing date must be in the future."),
        ({"min_jlpt": "9"}, "Please choose a JLPT level from the list: N1 to N5, or none."),
        ({"apply_method": "external"}, "Please give the address of the application page"),
        ({"title_ja": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    employer, erika, overrides, message
) -> None:
    response = client_of(erika).post(reverse("jobs:post"), form_data(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_amounts_are_read_as_people_type_them(employer, erika) -> None:
    client_of(erika).post(
        reverse("jobs:post"), form_data(salary_min="¥250,000", salary_max="３２００００円")
    )
    job = Job.objects.get()
    assert (job.salary_min, job.salary_max) == (250_000, 320_000)


def test_editing_a_published_job_warns_then_sends_it_back(employer, erika) -> None:
    job = JobFactory(employer=employer)
    client = client_of(erika)
    page = client.get(reverse("jobs:edit", args=[job.pk])).content.decode()
    assert "Saving a change sends this job back to CLAIR" in page

    client.post(reverse("jobs:edit", args=[job.pk]), form_data(title_en="Changed title"))

    job.refresh_from_db()
    assert (job.title_en, job.status) == ("Changed title", Job.Status.PENDING)


def test_the_pipeline_moves_an_applicant_and_keeps_notes(employer, erika, applicant) -> None:
    application = JobApplicationFactory(job=JobFactory(employer=employer), participant=applicant)
    client = client_of(erika)

    board = client.get(reverse("jobs:pipeline", args=[application.job_id])).content.decode()
    assert "Alice Walker" in board
    client.post(reverse("jobs:move", args=[application.pk]), {"stage": "interview"})
    client.post(reverse("jobs:note", args=[application.pk]), {"text": "Fluent Japanese."})
    bad = client.post(reverse("jobs:move", args=[application.pk]), {"stage": "boss"}, follow=True)

    application.refresh_from_db()
    assert application.stage == JobApplication.Stage.INTERVIEW
    assert "Please choose a stage from the list." in bad.content.decode()
    page = client.get(reverse("jobs:applicant", args=[application.pk])).content.decode()
    assert "Fluent Japanese." in page
    assert reverse("participants:cv_download", args=[applicant.pk]) in page


def test_a_cv_link_opens_for_the_employer_applied_to(
    employer, erika, yuto, other_employer, applicant
) -> None:
    JobApplicationFactory(job=JobFactory(employer=employer), participant=applicant)
    url = reverse("participants:cv_download", args=[applicant.pk])
    assert client_of(erika).get(url).status_code == 200
    assert client_of(yuto).get(url).status_code == 404


@pytest.mark.parametrize("next_value", ["abc", "https://evil.example/", "//evil.example"])
def test_a_next_address_that_is_no_page_of_the_site_is_ignored(applicant, next_value) -> None:
    job = JobFactory()
    response = client_of(applicant.user).post(
        reverse("jobs:save", args=[job.pk]), {"next": next_value}
    )
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()


def summary(response) -> str:
    """The error summary at the top of the page's form (includes/error_summary.html)."""
    html = response.content.decode()
    start = html.find("data-error-summary")
    return html[start : html.find("</div>", start)] if start >= 0 else ""


def test_an_empty_message_is_sent_back_with_the_error_summary(employer, erika, applicant) -> None:
    application = services.apply(job=JobFactory(employer=employer), profile=applicant,
                                 cover_letter="Hello")  # fmt: skip

    mine = client_of(applicant.user).post(
        reverse("jobs:message", args=[application.pk]), {"body": "  "}
    )
    theirs = client_of(erika).post(
        reverse("jobs:employer_message", args=[application.pk]), {"body": ""}
    )

    for response in (mine, theirs):
        assert response.status_code == 400
        assert '<a class="alert-link" href="#id_body">Message: Please write your message.</a>' in (
            summary(response)
        )
    assert application.messages.count() == 0


@pytest.mark.parametrize(
    ("url", "data", "field", "error"),
    [
        ("jobs:note", {"text": ""}, "id_text", "Note: Please write the note."),
        (
            "jobs:move",
            {"stage": "boss"},
            "id_stage",
            "Move to: Please choose a stage from the list.",
        ),
    ],
)
def test_the_applicant_page_sends_back_a_note_or_a_stage_with_the_summary(
    employer, erika, applicant, url, data, field, error
) -> None:
    application = JobApplicationFactory(job=JobFactory(employer=employer), participant=applicant)

    response = client_of(erika).post(reverse(url, args=[application.pk]), data)

    assert response.status_code == 400
    assert f'<a class="alert-link" href="#{field}">{error}</a>' in summary(response)
    assert summary(response).count("alert-link") == 1  # the other forms are not summarised
    application.refresh_from_db()
    assert (application.stage, application.notes.count()) == (JobApplication.Stage.NEW, 0)


def test_an_organisation_no_longer_verified_is_not_shown_the_applicant_on_a_bad_post(
    employer, erika, applicant
) -> None:
    application = JobApplicationFactory(job=JobFactory(employer=employer), participant=applicant)
    employer.status = employer.Status.PENDING
    employer.save()

    response = client_of(erika).post(reverse("jobs:note", args=[application.pk]), {"text": ""})

    assert response.status_code == 302
    assert response.url == reverse("jobs:mine")
