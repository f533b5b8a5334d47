"""CLAIR staff, reading the admin in Japanese and logged in with their authenticator code,
message the waiting list of a full fair (issue #15): from the fair's admin page they write the
message in English and Japanese, read the preview (how many people, each language's mail),
send it after the confirmation, and each person waiting receives it in their language."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from events.models import EventMessage
from events.services import registrations
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.conftest import outbox_for
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT_EN = "Seats may still become free"
SUBJECT_JA = "空席が出る可能性があります"
BODY_EN = (
    "You are on the waiting list. Seats often become free in the last week: keep the day free."
)
BODY_JA = (
    "現在キャンセル待ちです。直前の週に空席が出ることが多いため、当日の予定を空けておいてください。"
)


def test_staff_message_the_waiting_list_of_a_fair_in_japanese(page, staff_groups) -> None:
    fair = EventFactory(
        title_en="CLAIR JET Career Fair: Osaka",
        title_ja="CLAIR JETキャリアフェア：大阪",
        capacity=1,
    )
    for email, language in [
        ("seat@example.com", "en"),
        ("emily@example.com", "en"),
        ("yui@example.com", "ja"),
    ]:
        profile = ProfileFactory(user__email=email, user__preferred_language=language)
        registrations.register(event=fair, profile=profile)
    staff = StaffFactory(
        email="events@clair.example",
        preferred_language="ja",
        is_superuser=False,
        groups=[Group.objects.get(name=StaffGroup.PROGRAMME_ADMINISTRATION)],
    )
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": page.base_url}])

    # Password, then the code from the authenticator app, straight to the fair's admin page.
    event_url = reverse("admin:events_event_change", args=[fair.pk])
    log_in(page, staff.email, next_path=event_url)
    expect(page).to_have_url(re.compile(re.escape(event_url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    links = page.locator("nav.event-links")
    expect(links).to_be_visible()
    screenshot(page, "event-message-1-event-page-ja")

    # "Message participants" opens the form with the fair already chosen.
    add_url = reverse("admin:events_eventmessage_add") + f"?event={fair.pk}"
    links.locator(f'a[href="{add_url}"]').click()
    expect(page.locator("#id_event")).to_have_value(str(fair.pk))
    page.locator("input[name=audiences][value=waitlisted]").check()
    page.locator("#id_subject_en").fill(SUBJECT_EN)
    page.locator("#id_subject_ja").fill(SUBJECT_JA)
    page.locator("#id_body_en").fill(BODY_EN)
    page.locator("#id_body_ja").fill(BODY_JA)
    screenshot(page, "event-message-2-write-ja")
    page.locator("input[name=_continue]").click()

    # The preview: two people wait; both languages as they will be mailed. Nothing sent yet.
    message = EventMessage.objects.get()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("admin:events_eventmessage_change", args=[message.pk])))
    )
    counts = page.locator("table.message-counts")
    expect(counts).to_contain_text("2")
    english = page.locator('.message-preview[lang="en"]')
    japanese = page.locator('.message-preview[lang="ja"]')
    expect(english).to_contain_text(SUBJECT_EN)
    expect(english).to_contain_text("CLAIR JET Career Fair: Osaka")
    expect(japanese).to_contain_text(SUBJECT_JA)
    expect(japanese).to_contain_text("CLAIR JETキャリアフェア：大阪")
    screenshot(page, "event-message-3-preview-ja")
    assert not EventMessage.objects.get().is_sent

    # Send, after the page that says to how many people.
    page.locator("form.object-action input[type=submit]").last.click()
    expect(page.locator("#content")).to_contain_text("2")
    screenshot(page, "event-message-4-confirm-ja")
    assert not EventMessage.objects.get().is_sent
    page.locator("form input[type=submit].default").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "event-message-5-sent-ja")

    message.refresh_from_db()
    assert (message.is_sent, message.recipient_count, message.sent_by) == (True, 2, staff)
    # The workers mail each person waiting in their language; the seat holder gets nothing.
    [english_mail] = [m for m in outbox_for("emily@example.com") if m.subject == SUBJECT_EN]
    assert BODY_EN in english_mail.message
    [japanese_mail] = [m for m in outbox_for("yui@example.com") if m.subject == SUBJECT_JA]
    assert BODY_JA in japanese_mail.message
    assert not [m for m in outbox_for("seat@example.com") if m.subject == SUBJECT_EN]

    # The message is kept with the fair.
    page.goto(page.base_url + event_url)
    expect(page.locator(".field-staff_messages")).to_contain_text(SUBJECT_JA)
    screenshot(page, "event-message-6-kept-with-the-event-ja")
