"""The weekly digest of new jobs (issue #18): opt-in, matching the person's profile, in their
language, one mail per person per week, never twice, even when the task runs twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs import services, tasks
from jobs.models import DigestSent
from tests.conftest import outbox_for
from tests.jobs.factories import JobAlertFactory, JobFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(alice):
    """Alice wants tourism jobs (her profile), reads JLPT N2, and asked for the digest."""
    profile = ProfileFactory(user=alice, jlpt_level=4, industry_1="tourism", industry_2="")
    JobAlertFactory(participant=profile)
    return profile


def digests(address: str) -> list:
    return [m for m in outbox_for(address) if "new job" in m.subject]


def test_the_task_mails_matching_new_jobs_once_even_when_run_twice(subscriber, alice) -> None:
    job = JobFactory(industry="tourism", min_jlpt=3)

    tasks.send_weekly_digests()
    tasks.send_weekly_digests()
    services.send_weekly_digests()

    [digest] = outbox_for(alice.email)
    assert job.title_en in digest.message
    assert DigestSent.objects.filter(participant=subscriber).count() == 1


def test_the_database_holds_one_digest_per_person_and_week(subscriber) -> None:
    week = services.digest_week()
    DigestSent.objects.create(participant=subscriber, week=week)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSent.objects.create(participant=subscriber, week=week)


def test_two_batches_for_the_same_week_mail_once(subscriber, alice) -> None:
    """Two task runs that both queued the person before either batch ran: the second batch
    finds the week's digest recorded and mails nothing."""
    JobFactory(industry="tourism")
    week = services.digest_week().isoformat()

    assert services.mail_digests([subscriber.pk], week) == 1
    assert services.mail_digests([subscriber.pk], week) == 0
    assert len(outbox_for(alice.email)) == 1


def test_next_week_brings_only_the_jobs_published_since(subscriber, alice) -> None:
    first = JobFactory(industry="tourism", title_en="First tourism job")
    services.send_weekly_digests()
    assert len(outbox_for(alice.email)) == 1

    later = timezone.now() + timedelta(days=7)
    second = JobFactory(industry="tourism", title_en="Second tourism job", published_at=later)
    services.mail_digests([subscriber.pk], services.digest_week(later).isoformat())

    mails = outbox_for(alice.email)
    assert len(mails) == 2
    assert second.title_en in mails[1].message
    assert first.title_en not in mails[1].message


def test_only_jobs_that_match_the_profile(subscriber, alice) -> None:
    JobFactory(industry="tourism", min_jlpt=4, title_en="Fits")
    JobFactory(industry="tourism", min_jlpt=5, title_en="Needs N1")
    JobFactory(industry="finance", title_en="Other industry")
    JobFactory(industry="tourism", title_en="Closed one", status="closed")

    services.send_weekly_digests()

    [digest] = outbox_for(alice.email)
    assert "Fits" in digest.message
    for other in ("Needs N1", "Other industry", "Closed one"):
        assert other not in digest.message


def test_the_alerts_own_choices_narrow_the_digest(subscriber, alice) -> None:
    services.set_alert(profile=subscriber, is_active=True, prefectures=["13"], visa_needed=True)
    JobFactory(industry="tourism", prefecture="13", visa_sponsorship="case_by_case", title_en="A")
    JobFactory(industry="tourism", prefecture="13", visa_sponsorship="no", title_en="No visa")
    JobFactory(industry="tourism", prefecture="27", title_en="Osaka")

    services.send_weekly_digests()

    [digest] = outbox_for(alice.email)
    assert "\nA\n" in digest.message
    assert "No visa" not in digest.message
    assert "Osaka" not in digest.message


def test_nobody_who_did_not_ask_or_stopped_is_mailed(subscriber, alice, bob) -> None:
    ProfileFactory(user=bob, industry_1="tourism")  # never asked
    JobFactory(industry="tourism")
    services.set_alert(profile=subscriber, is_active=False)

    assert services.send_weekly_digests() == 0
    assert outbox_for(alice.email) == []
    assert outbox_for(bob.email) == []


def test_no_new_job_no_mail_and_the_week_stays_open(subscriber, alice) -> None:
    services.send_weekly_digests()
    assert outbox_for(alice.email) == []
    assert not DigestSent.objects.exists()

    JobFactory(industry="tourism")
    services.send_weekly_digests()
    assert len(outbox_for(alice.email)) == 1


def test_the_digest_is_in_the_persons_language(subscriber, alice) -> None:
    alice.preferred_language = "ja"
    alice.save(update_fields=["preferred_language"])
    job = JobFactory(industry="tourism", title_en="Tour guide", title_ja="ツアーガイド")

    services.send_weekly_digests()

    [digest] = outbox_for(alice.email)
    assert job.title_ja in digest.message
    assert job.title_en not in digest.message
    assert "25万円" in digest.message  # amounts as Japanese readers write them
    assert "¥250,000" not in digest.message


def test_bad_alert_choices_are_refused(subscriber) -> None:
    with pytest.raises(services.JobError, match="choose from the lists"):
        services.set_alert(profile=subscriber, is_active=True, prefectures=["99"])
