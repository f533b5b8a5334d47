"""Matrix rows: job pages. Employer X (erika) has a published job that Alice applied to, a
job waiting for CLAIR, a draft and a closed job; Bob has applied to nothing. Employer Y
(yuto) has none: X's jobs and applicants do not exist for him."""

from __future__ import annotations

from jobs.models import Job
from tests.jobs.factories import JobApplicationFactory, JobFactory, form_data
from tests.permissions.matrix import Row, World, every

PRIORITY = 2  # needs the participants' profiles (with CVs) and the employers X and Y


def prepare(world: World) -> None:
    job = JobFactory(employer=world.employer_x, title_en="Matrix job")
    world.objects.update(
        job_x=job,
        pending_job_x=JobFactory(employer=world.employer_x, pending=True),
        draft_job_x=JobFactory(employer=world.employer_x, draft=True),
        closed_job_x=JobFactory(employer=world.employer_x, status=Job.Status.CLOSED),
        job_application=JobApplicationFactory(job=job, participant=world.alice_profile),
    )


def job(world: World) -> dict[str, int]:
    return {"pk": world.job_x.pk}


def application(world: World) -> dict[str, int]:
    return {"pk": world.job_application.pk}


POST_ONLY = every(405)
PARTICIPANTS = every(403, anonymous=302, alice=200, bob=200)
PARTICIPANTS_POST = every(403, anonymous=302, alice=302, bob=302)
# Alice's application: hers alone; to Bob it does not exist.
ALICES = every(403, anonymous=302, alice=200, bob=404)
ALICES_POST = every(403, anonymous=302, alice=302, bob=404)
EMPLOYER_MEMBERS = every(403, anonymous=302, erika=200, yuto=200)
# Employer X's jobs and applicants: its members only; to employer Y they do not exist.
X_ONLY = every(403, anonymous=302, erika=200, yuto=404)
X_ONLY_POST = every(403, anonymous=302, erika=302, yuto=404)
# A job not yet published: its members, and staff whose duties include jobs (jobs.view_job).
JOB_READERS = {
    "erika": 200,
    "verification": 200,
    "reporting": 200,
    "administration": 200,
    "staff": 200,
}

ROWS = [
    Row("jobs:list", every(200)),
    Row("jobs:detail", every(200), kwargs=job),
    Row("jobs:detail", every(404, **JOB_READERS), kwargs=lambda w: {"pk": w.pending_job_x.pk}),
    # A closed job stays readable by everyone (saved jobs link to it), saying it is closed.
    Row("jobs:detail", every(200), kwargs=lambda w: {"pk": w.closed_job_x.pk}),
    Row(
        "jobs:apply",
        every(403, anonymous=302, alice=200, bob=200),
        kwargs=lambda w: {"pk": w.closed_job_x.pk},
    ),
    Row("jobs:save", POST_ONLY, kwargs=job),
    Row("jobs:save", PARTICIPANTS_POST, kwargs=job, method="post"),
    Row("jobs:unsave", POST_ONLY, kwargs=job),
    Row("jobs:unsave", PARTICIPANTS_POST, kwargs=job, method="post"),
    # Alice applied already and is sent to her application.
    Row("jobs:apply", every(403, anonymous=302, alice=302, bob=200), kwargs=job),
    Row(
        "jobs:apply",
        PARTICIPANTS_POST,
        kwargs=job,
        method="post",
        data={"cover_letter": "I would like to join."},
    ),
    Row("jobs:saved", PARTICIPANTS),
    Row("jobs:alert", PARTICIPANTS),
    Row("jobs:alert", PARTICIPANTS_POST, method="post", data={"is_active": "on"}),
    Row("jobs:my_applications", PARTICIPANTS),
    Row("jobs:application", ALICES, kwargs=application),
    Row("jobs:message", POST_ONLY, kwargs=application),
    Row("jobs:message", ALICES_POST, kwargs=application, method="post", data={"body": "Hello"}),
    # GET asks first; POST withdraws.
    Row("jobs:withdraw", ALICES, kwargs=application),
    Row("jobs:withdraw", ALICES_POST, kwargs=application, method="post"),
    Row("jobs:mine", EMPLOYER_MEMBERS),
    Row("jobs:post", EMPLOYER_MEMBERS),
    Row(
        "jobs:post", every(403, anonymous=302, erika=302, yuto=302), method="post", data=form_data()
    ),
    Row("jobs:edit", X_ONLY, kwargs=job),
    Row("jobs:submit", POST_ONLY, kwargs=lambda w: {"pk": w.draft_job_x.pk}),
    Row("jobs:submit", X_ONLY_POST, kwargs=lambda w: {"pk": w.draft_job_x.pk}, method="post"),
    Row("jobs:close", POST_ONLY, kwargs=job),
    Row("jobs:close", X_ONLY_POST, kwargs=job, method="post"),
    Row("jobs:reopen", POST_ONLY, kwargs=lambda w: {"pk": w.closed_job_x.pk}),
    Row("jobs:reopen", X_ONLY_POST, kwargs=lambda w: {"pk": w.closed_job_x.pk}, method="post"),
    Row("jobs:pipeline", X_ONLY, kwargs=job),
    Row("jobs:applicant", X_ONLY, kwargs=application),
    Row("jobs:move", POST_ONLY, kwargs=application),
    Row("jobs:move", X_ONLY_POST, kwargs=application, method="post", data={"stage": "in_review"}),
    # A move that mails the applicant asks first.
    Row("jobs:move", X_ONLY, kwargs=application, method="post", data={"stage": "offer"}),
    Row("jobs:note", POST_ONLY, kwargs=application),
    Row("jobs:note", X_ONLY_POST, kwargs=application, method="post", data={"text": "Good"}),
    Row("jobs:employer_message", POST_ONLY, kwargs=application),
    Row(
        "jobs:employer_message",
        X_ONLY_POST,
        kwargs=application,
        method="post",
        data={"body": "Hello"},
    ),
]
