"""A visitor switches to Japanese, reads the announcements for alumni, opens one, and sends an
inquiry through the contact form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.models import Division, Inquiry
from tests.conftest import outbox_for
from tests.e2e.conftest import screenshot
from tests.portal.factories import AnnouncementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_announcements_in_japanese_and_sends_an_inquiry(page, settings) -> None:
    # The live server reads this setting per request; one second keeps the journey quick
    # while still proving the timer passes for a person.
    settings.CONTACT_FORM_MIN_SECONDS = 1
    AnnouncementFactory(
        title_en="Pre-departure networking for alumni",
        title_ja="帰国前ネットワーキングと個別相談会",
        body_en="Online, 10 and 11 February: 1:1 consultations with alumni.",
        body_ja="2月10日・11日、オンラインで開催。JET経験者との個別相談ができます。",
        for_current=False,
        for_alumni=True,
    )
    AnnouncementFactory(
        title_en="Booth applications for the career fair",
        title_ja="キャリアフェア出展申込のご案内",
        for_current=False,
        for_businesses=True,
    )

    page.goto(page.base_url + "/")
    page.get_by_role("button", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    home = page.locator("#home-announcements")
    expect(home.get_by_text("帰国前ネットワーキングと個別相談会")).to_be_visible()
    expect(home.get_by_text("キャリアフェア出展申込のご案内")).to_be_visible()
    screenshot(page, "home-announcements-ja")

    page.get_by_role("navigation").locator('a[href="/announcements/"]').first.click()
    page.locator('#audience-filter a[href="/announcements/?audience=alumni"]').click()
    listing = page.locator("#announcements")
    expect(listing.get_by_role("link", name="帰国前ネットワーキングと個別相談会")).to_be_visible()
    expect(listing.get_by_text("キャリアフェア出展申込のご案内")).to_have_count(0)
    expect(page.locator("#audience-filter [aria-current=page]")).to_have_attribute(
        "href", "/announcements/?audience=alumni"
    )
    screenshot(page, "announcements-alumni-ja")

    listing.get_by_role("link", name="帰国前ネットワーキングと個別相談会").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("帰国前ネットワーキングと個別相談会")
    expect(page.get_by_text("JET経験者との個別相談ができます。")).to_be_visible()
    screenshot(page, "announcement-detail-ja")

    page.get_by_role("navigation").get_by_role("link", name="お問い合わせ").click()
    form = page.locator("#contact-form")
    expect(form.locator("input[name=language][value=ja]")).to_be_checked()
    form.locator("#id_name").fill("Hana Suzuki")
    form.locator("#id_email").fill("hana@example.com")
    form.locator("#id_topic").select_option("alumni")
    form.locator("#id_message").fill("帰国後の就職について相談したいです。")
    expect(form.locator("#id_website")).to_be_hidden()
    screenshot(page, "contact-ja")
    page.wait_for_timeout(1200)
    form.locator("button[type=submit]").click()

    expect(page.locator("#contact-sent")).to_be_visible()
    screenshot(page, "contact-sent-ja")
    inquiry = Inquiry.objects.get()
    assert (inquiry.division, inquiry.language) == (Division.COORDINATION, "ja")
    [ack] = outbox_for("hana@example.com")
    assert 'lang="ja"' in ack.html_message
    assert len(outbox_for("gyomu@clair.or.jp")) == 1
