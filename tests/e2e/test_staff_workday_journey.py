"""A CLAIR staff member works down the start page in Japanese (issue #15): verifies an
employer from its own admin page after the confirmation, approves a booth, screens three
applicants in the bulk list, and publishes the matching run after the confirmation says how
many applicants it e-mails; each queue on the start page empties as the work is done."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from employers.models import Employer
from events.models import Exhibitor
from events.services import exhibitors
from internships.models import Application, MatchRun, Programme
from participants import services as participant_services
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.test_screening_journey import APPLICANTS, run_action, screen_row
from tests.employers.factories import EmployerFactory, OwnerFactory
from tests.events.factories import EventFactory
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.participants.factories import pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def queue(page, label: str):
    """The start page's line for one queue: its link and its count."""
    return page.locator("li.list-group-item", has=page.get_by_role("link", name=label))


def open_queue(page, base_url: str, label: str, expected: int) -> None:
    page.goto(base_url + "/staff/")
    line = queue(page, label)
    expect(line).to_have_attribute("data-count", str(expected))
    line.get_by_role("link", name=label).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(expected)


def test_staff_work_down_the_start_page_in_japanese(page, live_server, settings, tmp_path: Path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    base = live_server.url
    newcomer = OwnerFactory(
        user__email="hr@kiso-travel.example",
        user__preferred_language="ja",
        employer=EmployerFactory(name_en="Kiso Travel", name_ja="木曽トラベル", pending=True),
    ).employer
    exhibitor_owner = OwnerFactory(
        employer__name_en="Setouchi Foods", employer__name_ja="瀬戸内フーズ"
    )
    fair = EventFactory(title_en="Osaka Career Fair", title_ja="大阪キャリアフェア",
                        booth_capacity=10)  # fmt: skip
    exhibitors.apply_for_booth(event=fair, employer=exhibitor_owner.employer,
                               by=exhibitor_owner.user, wants_booth=True,
                               online_presentation=False)  # fmt: skip
    programme = ProgrammeFactory(title_en="CLAIR Internship Programme 2027",
                                 title_ja="クレア・インターンシップ2027",
                                 state=Programme.State.SCREENING)  # fmt: skip
    PositionFactory(programme=programme, employer=exhibitor_owner.employer, capacity=2)
    for i, name in enumerate(APPLICANTS):
        application = ApplicationFactory(
            programme=programme,
            screening=Application.Screening.PENDING,
            participant__full_name=name,
            participant__user__email=f"applicant{i}@example.com",
        )
        participant_services.replace_cv(profile=application.participant, upload=pdf_upload())
    staff = StaffFactory(email="tanaka@clair.example", preferred_language="ja")

    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": base}])
    log_in(page, staff.email, next_path="/staff/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    screenshot(page, "workday-start-page-ja")

    # 1. The employer to verify, from its own page, after the confirmation.
    open_queue(page, base, "確認待ちの企業・団体", 1)
    page.locator("#result_list tbody tr th a").first.click()
    page.get_by_role("button", name="確認済みにする（メンバーにメールで通知）").click()
    expect(page.locator("#content")).to_contain_text("木曽トラベル")
    screenshot(page, "workday-verify-confirmation-ja")
    page.get_by_role("button", name="確認済みにしてメンバーに通知").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Employer.objects.get(pk=newcomer.pk).status == Employer.Status.VERIFIED

    # 2. The booth application, approved from its own page.
    open_queue(page, base, "審査待ちの出展申込み", 1)
    page.locator("#result_list tbody tr th a").first.click()
    page.get_by_role("button", name="承認する").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "workday-booth-approved-ja")
    assert Exhibitor.objects.get().status == Exhibitor.Status.APPROVED

    # 3. Three applicants screened in one save on the bulk list.
    open_queue(page, base, "選考待ちのインターンシップ応募", 3)
    for name in APPLICANTS:
        screen_row(page, name)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert not Application.objects.filter(screening=Application.Screening.PENDING).exists()

    # 4. Matching, then the run published after the confirmation gives the count.
    page.goto(base + "/admin/internships/programme/")
    run_action(page, "クレア・インターンシップ2027", "move_to_matching")
    run_action(page, "クレア・インターンシップ2027", "start_matching")
    open_queue(page, base, "確認・公表待ちのマッチング", 1)
    page.locator("#result_list tbody tr th a").first.click()
    page.locator("form[action$='/act/publish/'] button").click()
    expect(page.locator("#content")).to_contain_text(re.compile(r"応募者\d+名に結果"))
    screenshot(page, "workday-publish-confirmation-ja")
    page.locator(".submit-row input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert MatchRun.objects.get().state == MatchRun.State.PUBLISHED

    # Every queue worked is empty now.
    page.goto(base + "/staff/")
    for label in ("確認待ちの企業・団体", "審査待ちの出展申込み", "選考待ちのインターンシップ応募",
                  "確認・公表待ちのマッチング"):  # fmt: skip
        expect(queue(page, label)).to_have_attribute("data-count", "0")
    screenshot(page, "workday-start-page-done-ja")
