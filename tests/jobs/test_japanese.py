"""Japanese readers (issue #16's rules) on the job pages and mails: dates as 2027年1月15日（金）,
lists with 「、」, amounts as 25万円, never an ISO date or an ASCII comma between Japanese words;
English readers get "Fri 15 January 2027" and ¥250,000."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jobs import services
from tests.conftest import outbox_for
from tests.jobs.factories import JobFactory
from tests.test_japanese_pages import problems, visible_text

pytestmark = pytest.mark.django_db


def reader(user, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def application(employer, erika, applicant):
    job = JobFactory(employer=employer, title_en="Tour planner", title_ja="ツアー企画",
                     city_en="Onomichi", city_ja="尾道市")  # fmt: skip
    application = services.apply(job=job, profile=applicant, cover_letter="Hello")
    services.send_message(
        application=application, by=erika, body="面接の日程をご相談させてください。"
    )
    services.add_note(application=application, by=erika, text="日本語が堪能。")
    return application


def test_job_pages_read_as_japanese(application, erika, alice) -> None:
    job = application.job
    participant_pages = [
        reverse("jobs:list"),
        job.get_absolute_url(),
        reverse("jobs:my_applications"),
        reverse("jobs:application", args=[application.pk]),
        reverse("jobs:saved"),
    ]
    employer_pages = [
        reverse("jobs:mine"),
        reverse("jobs:pipeline", args=[job.pk]),
        reverse("jobs:applicant", args=[application.pk]),
        reverse("jobs:edit", args=[job.pk]),
    ]
    found = []
    for client, urls in ((reader(alice, "ja"), participant_pages),
                         (reader(erika, "ja"), employer_pages)):  # fmt: skip
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text(response.content.decode())
            found += [f"{url}: {problem}" for problem in problems(text)]
    assert found == []
    listing = visible_text(reader(alice, "ja").get(reverse("jobs:list")).content.decode())
    assert "広島県尾道市" in listing  # an address is written largest first
    assert "25万円" in listing
    assert f"{job.closes_on.year}年{job.closes_on.month}月{job.closes_on.day}日" in listing


def test_the_same_pages_in_english(application, alice) -> None:
    listing = visible_text(reader(alice, "en").get(reverse("jobs:list")).content.decode())
    assert "Onomichi, Hiroshima" in listing
    assert "¥250,000–¥320,000 a month" in listing
    assert application.job.closes_on.strftime("%B %Y") in listing


def test_mails_to_a_japanese_reader_read_as_japanese(application, erika, alice) -> None:
    alice.preferred_language = "ja"
    alice.save(update_fields=["preferred_language"])
    services.move_stage(application=application, to="offer", by=erika)
    services.set_alert(profile=application.participant, is_active=True, industries=["tourism"])
    JobFactory(industry="tourism", title_ja="新着の求人")
    services.send_weekly_digests()

    mails = outbox_for(alice.email) + outbox_for(erika.email)
    assert len(mails) >= 4
    found = [f"{m.subject}: {p}" for m in mails for p in problems(f"{m.subject} {m.message}")]
    assert found == []
