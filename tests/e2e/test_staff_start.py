"""A CLAIR staff member starts the day in Japanese: the start page lists what waits for them and
the next events, on a desk screen and on a phone, and the employers to verify open as the
filtered admin list (issue #15)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from events.services import registrations
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.portal.factories import InquiryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_open_the_start_page_in_japanese_and_the_employers_to_verify(
    browser, live_server, staff_groups
) -> None:
    now = timezone.now()
    EmployerFactory(name_en="Kiso Travel", name_ja="木曽トラベル", pending=True)
    EmployerFactory(name_en="Shinshu Foods", name_ja="信州フーズ", pending=True)
    EmployerFactory(name_en="Verified Co.", name_ja="認証済み株式会社")
    InquiryFactory()
    fair = EventFactory(title_en="Osaka Career Fair", title_ja="大阪キャリアフェア",
                        starts_at=now + timedelta(days=3), capacity=2)  # fmt: skip
    for _ in range(3):
        registrations.register(event=fair, profile=ProfileFactory())
    EventFactory(title_en="Sendai Career Fair", title_ja="仙台キャリアフェア",
                 starts_at=now - timedelta(days=4))  # fmt: skip
    staff = StaffFactory(
        email="tanaka@clair.example",
        is_superuser=False,
        preferred_language="ja",
        groups=[Group.objects.get(name=StaffGroup.PROGRAMME_ADMINISTRATION)],
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, staff.email)

    # One staff menu in the navbar (start page, admin, reports) leads to the start page.
    page.goto(live_server.url + "/")
    menu = page.locator("#staff-menu")
    expect(menu).to_have_text("職員用")
    assert menu.bounding_box()["height"] < 50  # one line
    menu.click()
    page.get_by_role("link", name="職員用トップページ").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", name="職員用トップページ")).to_be_visible()

    waiting = page.locator("#waiting")
    employers = waiting.locator("li", has_text="確認待ちの企業・団体")
    expect(employers.locator(".badge")).to_have_text("2")
    inquiries = waiting.locator("li", has_text="未回答のお問い合わせ")
    expect(inquiries.locator(".badge")).to_have_text("1")
    upcoming = page.locator("#upcoming-events")
    expect(upcoming).to_contain_text("大阪キャリアフェア")
    expect(upcoming).to_contain_text("申込確定：2名／定員2名")
    expect(upcoming).to_contain_text("キャンセル待ち：1名")
    past = page.locator("#past-events")
    expect(past).to_contain_text("仙台キャリアフェア")
    expect(past).to_contain_text("開催終了")
    expect(past).not_to_contain_text("今後開催")
    assert fits_the_screen(page)
    screenshot(page, "staff-start-ja-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(employers.locator(".badge")).to_have_text("2")
    assert fits_the_screen(page)
    screenshot(page, "staff-start-ja-phone")

    # The count opens the admin list filtered to the same employers, newest first.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="確認待ちの企業・団体").click()
    expect(page).to_have_url(re.compile(r"/admin/employers/employer/\?status__exact=pending$"))
    results = page.locator("#result_list tbody")
    expect(results.locator("tr")).to_have_count(2)
    expect(results).to_contain_text("木曽トラベル")
    expect(results).to_contain_text("信州フーズ")
    expect(results).not_to_contain_text("認証済み株式会社")
    rows = results.locator("tr").all_inner_texts()
    assert "信州フーズ" in rows[0]  # registered last
    screenshot(page, "staff-start-ja-employers-to-verify")

    # Admin links back to the start page.
    page.goto(live_server.url + "/admin/")
    expect(page.locator("#staff-start-module")).to_contain_text("職員用トップページ")
    page.locator("#staff-start-module").get_by_role("link", name="実績レポート").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    context.close()
