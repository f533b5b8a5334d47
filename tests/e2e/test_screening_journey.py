"""Screening and publishing in the browser, in Japanese: a member of CLAIR's staff logs in with
the authenticator code, screens three applicants at once on the screening list, starts the
matching, follows the run on its own page and publishes it after the confirmation says how
many applicants it e-mails (issue #15)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from internships import services
from internships.models import Application, MatchRun, Outcome, Programme
from jetcareer.outbox.models import MailBatch
from participants import services as participant_services
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.participants.factories import pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPLICANTS = {
    # name: (document score, interview score, result, reason)
    "Emily Carter": ("8.5", "9", "passed", ""),
    "Daniel Okafor": ("4", "5", "failed", "面接での日本語の受け答えが基準に届きませんでした。"),
    "Priya Nair": ("7", "8", "passed", ""),
}


def screen_row(page, name: str) -> None:
    document, interview, result, reason = APPLICANTS[name]
    row = page.locator("#result_list tbody tr", has_text=name)
    row.locator("input[name$='-document_score']").fill(document)
    row.locator("input[name$='-interview_score']").fill(interview)
    row.locator("select[name$='-screening']").select_option(result)
    row.locator("input[name$='-screening_reason_en']").fill(reason)


def run_action(page, row_text: str, action: str) -> None:
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("#changelist-form button[name=index]").click()


def test_staff_screen_three_applicants_and_publish_after_the_confirmation(
    page, live_server, settings, tmp_path: Path
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory(
        title_en="CLAIR Internship Programme 2027",
        title_ja="クレア・インターンシップ2027",
        state=Programme.State.SCREENING,
    )
    host = EmployerFactory(name_en="Setouchi Travel", name_ja="瀬戸内トラベル")
    PositionFactory(programme=programme, employer=host, title_ja="ツアー企画", capacity=2)
    for i, name in enumerate(APPLICANTS):
        application = ApplicationFactory(
            programme=programme,
            screening=Application.Screening.PENDING,
            participant__full_name=name,
            participant__user__email=f"applicant{i}@example.com",
            participant__user__preferred_language="ja" if i == 1 else "en",
            job_types=["translation", "hospitality"],
        )
        participant_services.replace_cv(profile=application.participant, upload=pdf_upload())
    staff = StaffFactory(email="screening@clair.example", preferred_language="ja")

    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    log_in(page, staff.email, next_path="/admin/internships/application/?to_screen=yes")
    expect(page).to_have_url(re.compile(r"/admin/internships/application/"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#result_list")).to_contain_text("翻訳・通訳、接客・サービス")
    expect(page.locator("#result_list")).not_to_contain_text('["translation"')
    expect(page.locator("#result_list a", has_text="履歴書を開く（PDF）")).to_have_count(3)

    # Three applicants screened in one save.
    for name in APPLICANTS:
        screen_row(page, name)
    page.locator("#changelist .results").evaluate("box => { box.scrollLeft = 0; }")
    screenshot(page, "screening-bulk-list-ja")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "screening-bulk-saved-ja")
    results = dict(Application.objects.values_list("participant__full_name", "screening"))
    assert results == {name: values[2] for name, values in APPLICANTS.items()}
    daniel = Application.objects.get(participant__full_name="Daniel Okafor")
    assert daniel.screening_reason_en == APPLICANTS["Daniel Okafor"][3]

    # One application's page: what the applicant wrote is read-only, the CV opens from it.
    expect(rows).to_have_count(0)  # screened: off the list of those still to screen
    emily = Application.objects.get(participant__full_name="Emily Carter")
    page.goto(f"{live_server.url}/admin/internships/application/{emily.pk}/change/")
    job_types = page.locator(".field-job_types_words .readonly")
    expect(job_types).to_have_text("翻訳・通訳、接客・サービス")
    expect(page.locator(".field-statement .readonly")).to_be_visible()
    expect(page.locator("textarea[name=statement]")).to_have_count(0)
    expect(page.get_by_role("link", name="履歴書を開く（PDF）")).to_be_visible()
    screenshot(page, "screening-application-page-ja")

    # To matching, and a run: the "started" message links to the run's page.
    page.goto(live_server.url + "/admin/internships/programme/")
    run_action(page, "クレア・インターンシップ2027", "move_to_matching")
    expect(page.locator(".messagelist .success")).to_be_visible()
    run_action(page, "クレア・インターンシップ2027", "start_matching")
    started = page.locator(".messagelist a", has_text="進行状況はこちら")
    expect(started).to_be_visible()
    started.click()

    # The run's page shows its progress (the eager worker has finished it already).
    run = MatchRun.objects.get()
    expect(page).to_have_url(re.compile(rf"/admin/internships/matchrun/{run.pk}/change/"))
    progress = page.locator("#run-progress")
    expect(progress).to_have_attribute("data-state", "done")
    expect(progress).to_contain_text("応募者2名のうち2名がマッチング成立")
    screenshot(page, "screening-run-page-ja")

    # Publishing asks first and says how many applicants it e-mails.
    page.locator("form[action$='/act/publish/'] button").click()
    expect(page.locator("#content")).to_contain_text("応募者2名に結果がそれぞれの言語でメール送信")
    screenshot(page, "screening-publish-confirmation-ja")
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.DONE
    page.locator(".submit-row input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("マッチング")
    screenshot(page, "screening-published-ja")

    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.PUBLISHED
    assert Outcome.objects.filter(run=run).exclude(position=None).count() == 2
    assert MailBatch.objects.filter(mailer__endswith="mail_results").exists()


def test_the_run_page_follows_a_run_from_queued_to_done_by_itself(page, live_server) -> None:
    """No worker at first (the run stays queued, the page warns), then one starts it and
    finishes it while the page is open: the page shows each state without a reload by staff."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=1)
    ApplicationFactory(programme=programme)
    run = MatchRun.objects.create(
        programme=programme, seed=1, queued_at=timezone.now() - timedelta(seconds=90)
    )
    staff = StaffFactory(email="runs@clair.example")
    log_in(page, staff.email, next_path=f"/admin/internships/matchrun/{run.pk}/change/")
    progress = page.locator("#run-progress")
    expect(progress).to_have_attribute("data-state", "queued")
    expect(progress).to_contain_text("No worker has picked this run up for over a minute")
    screenshot(page, "run-page-queued-no-worker")

    MatchRun.objects.filter(pk=run.pk).update(state="running", started_at=timezone.now())
    expect(progress).to_have_attribute("data-state", "running", timeout=10_000)
    expect(progress).not_to_contain_text("No worker has picked this run up")

    MatchRun.objects.filter(pk=run.pk).update(state="queued")
    services.run_matching(run_id=run.pk)  # a worker takes it and finishes
    expect(progress).to_have_attribute("data-state", "done", timeout=10_000)
    expect(progress).to_contain_text("1 of 1 applicants matched")
    # The page reloaded whole once finished: the results below are there too.
    expect(page.get_by_role("link", name="Matched applicants (1)")).to_be_visible()
    expect(progress).not_to_have_attribute("hx-get", re.compile(".*"))
    screenshot(page, "run-page-done")
