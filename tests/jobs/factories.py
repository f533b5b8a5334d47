"""Factories for jobs, applications and the digest, and a job's fields as an employer types
them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.test import Client
from django.utils import timezone

from jobs.models import Job, JobAlert, JobApplication
from tests.employers.factories import EmployerFactory
from tests.participants.factories import ProfileFactory


def next_august() -> date:
    """The first of the next August: JET terms end in July or August."""
    today = timezone.localdate()
    year = today.year if today.month < 8 else today.year + 1
    return date(year, 8, 1)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


class JobFactory(factory.django.DjangoModelFactory):
    """A published job of a verified employer, closing in a month."""

    class Meta:
        model = Job

    employer = factory.SubFactory(EmployerFactory)
    title_en = factory.Sequence(lambda n: f"Inbound tour coordinator {n}")
    title_ja = factory.Sequence(lambda n: f"インバウンド旅行コーディネーター{n}")
    description_en = "Plan tours for visitors from abroad and guide them in English."
    description_ja = "海外からのお客様のツアーを企画し、英語で案内する仕事です。"
    industry = "tourism"
    job_type = "translation"
    employment_type = Job.EmploymentType.FULL_TIME
    prefecture = "34"
    city_en = "Hiroshima"
    city_ja = "広島市"
    salary_min = 250_000
    salary_max = 320_000
    salary_period = Job.SalaryPeriod.MONTHLY
    starts_on = factory.LazyFunction(next_august)
    start_precision = Job.StartPrecision.MONTH
    min_jlpt = 3  # N3
    visa_sponsorship = Job.Visa.YES
    closes_on = factory.LazyFunction(lambda: in_days(30))
    status = Job.Status.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=Job.Status.PENDING, approved_at=None, published_at=None)
        draft = factory.Trait(
            status=Job.Status.DRAFT, approved_at=None, published_at=None, submitted_at=None
        )


class JobApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobApplication

    job = factory.SubFactory(JobFactory)
    participant = factory.SubFactory(ProfileFactory)
    cover_letter = "I have guided visitors in Nagano for three years and would love this job."


class JobAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobAlert

    participant = factory.SubFactory(ProfileFactory)
    is_active = True


def job_data(**overrides: Any) -> dict[str, Any]:
    """Every field of a job (services.JOB_FIELDS) as the form gives them to the services."""
    return {
        "title_en": "English teacher for adults",
        "title_ja": "社会人向け英語講師",
        "description_en": "Teach English to company employees in small groups.",
        "description_ja": "企業の社員に少人数で英語を教える仕事です。",
        "industry": "education",
        "job_type": "teaching",
        "employment_type": Job.EmploymentType.FULL_TIME,
        "prefecture": "13",
        "city_en": "Shinjuku",
        "city_ja": "新宿区",
        "remote": False,
        "salary_min": 260_000,
        "salary_max": 300_000,
        "salary_period": Job.SalaryPeriod.MONTHLY,
        "starts_on": next_august(),
        "start_precision": Job.StartPrecision.MONTH,
        "min_jlpt": 2,
        "experience_en": "Teaching experience, such as JET.",
        "experience_ja": "JETなどでの指導経験",
        "visa_sponsorship": Job.Visa.YES,
        "apply_method": Job.ApplyMethod.PORTAL,
        "external_url": "",
        "closes_on": in_days(40),
        **overrides,
    }


def form_data(**overrides: Any) -> dict[str, Any]:
    """The job form as a browser posts it (strings; the start as a month)."""
    data = job_data()
    posted = {
        key: ("" if value is None else str(value))
        for key, value in data.items()
        if key not in ("starts_on", "start_precision", "remote")
    }
    posted["start_month"] = data["starts_on"].strftime("%Y-%m")
    posted["start_day"] = ""
    return {**posted, **overrides}


def client_of(user=None, language: str = "en") -> Client:
    """A test client signed in as `user` (anonymous for None), reading `language`."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client
