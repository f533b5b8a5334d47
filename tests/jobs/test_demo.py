"""The demo's jobs (demo/jobs_data.py): a few dozen from the demo employers in both languages,
open today, one for staff to approve, and a hire this fiscal year; loading twice adds none."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jetcareer.fiscal_year import fiscal_year_of
from jobs.models import Job, JobApplication
from jobs.selectors import fiscal_year_figures

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_few_dozen_open_jobs_in_both_languages() -> None:
    call_command("load_demo", stdout=StringIO())
    count = Job.objects.count()
    call_command("load_demo", stdout=StringIO())

    assert Job.objects.count() == count >= 24
    visible = Job.objects.visible()
    assert visible.count() == count - 1
    assert not visible.filter(title_ja="").exists()
    assert not visible.filter(description_ja="").exists()
    assert visible.values("employer").distinct().count() >= 20
    assert Job.objects.filter(status=Job.Status.PENDING).count() == 1
    assert JobApplication.objects.filter(stage=JobApplication.Stage.HIRED).exists()
    year = fiscal_year_of(timezone.localdate())
    assert fiscal_year_figures(year).total.hires == 1
