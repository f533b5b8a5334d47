"""What a fresh tester found walking the job board again (issues #16 and #18): completing the
profile from a job's Apply button comes back to the apply form; an application sent without a
cover letter shows no empty "Your cover letter"; Japanese job texts use 「：」 with no ASCII
colon and space."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.jobs.factories import JobApplicationFactory, JobFactory, client_of
from tests.participants.test_profile import form_data

pytestmark = pytest.mark.django_db

PROFILE = reverse("participants:profile")


def test_completing_the_profile_from_apply_returns_to_the_apply_form(alice) -> None:
    job = JobFactory()
    apply = reverse("jobs:apply", args=[job.pk])
    client = Client()
    client.force_login(alice)

    response = client.get(apply)

    assert response.status_code == 302
    assert response.url == f"{PROFILE}?{urlencode({'next': apply})}"
    saved = client.post(response.url, form_data())
    assert saved.status_code == 302
    assert saved.url == apply
    assert client.get(saved.url).status_code == 200


def test_saving_a_job_without_a_profile_returns_to_the_form_s_next(alice) -> None:
    job = JobFactory()
    client = Client()
    client.force_login(alice)
    response = client.post(reverse("jobs:save", args=[job.pk]), {"next": job.get_absolute_url()})
    assert response.url == f"{PROFILE}?{urlencode({'next': job.get_absolute_url()})}"
    response = client.post(reverse("jobs:save", args=[job.pk]), {"next": "https://evil.example/"})
    assert response.url == PROFILE


@pytest.mark.parametrize("letter", ["", "  \n "])
def test_no_empty_cover_letter_heading(letter: str) -> None:
    application = JobApplicationFactory(cover_letter=letter)
    page = client_of(application.participant.user).get(
        reverse("jobs:application", args=[application.pk])
    )
    assert page.status_code == 200
    assert "Your cover letter" not in page.content.decode()


def test_a_cover_letter_is_shown_when_there_is_one() -> None:
    application = JobApplicationFactory()
    page = (
        client_of(application.participant.user)
        .get(reverse("jobs:application", args=[application.pk]))
        .content.decode()
    )
    assert "Your cover letter" in page
    assert application.cover_letter in page


def test_the_japanese_job_name_uses_a_full_width_colon() -> None:
    job = JobFactory(
        employer__name_en="Shinshu Precision Co.",
        employer__name_ja="信州精密株式会社",
        title_en="Technical translator",
        title_ja="技術翻訳者（日英）",
    )
    with translation.override("ja"):
        assert str(job) == "信州精密株式会社：技術翻訳者（日英）"
    with translation.override("en"):
        assert str(job) == "Shinshu Precision Co.: Technical translator"
