"""Booth lead capture in a real browser (issue #17): a participant allows booths to see her
profile on her ticket page; on the fair day a recruiter opens the booth scanner on a phone whose
camera films a queue of two visitors (Chromium's fake camera playing their tickets' QR codes,
as tests/e2e/test_scanner.py does for the check-in): one who does not share (an anonymous visit
is counted) and one who does (her card shows; the recruiter rates her and writes a note without
leaving the page). Once in English and once in Japanese, at a phone's size; screenshots of
each step in test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from events.models import BoothLead, BoothVisit, Event, Registration
from events.services import booth_leads, exhibitors, registrations
from tests.e2e import test_scanner
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A phone whose fake camera films the given tickets in turn, looping (the check-in scanner's).
filming = test_scanner.filming


def fair_day(language: str) -> tuple[Event, Registration, Registration]:
    """A fair starting in an hour (booths scan from the fair day's opening), a recruiter whose
    organisation CLAIR approved for a booth, Emily (who will share) and Shy (who does not)."""
    start = timezone.now() + timedelta(hours=1)
    fair = EventFactory(
        slug=f"yokohama-{language}",
        title_en="JET Career Fair: Yokohama",
        title_ja="JETキャリアフェア横浜",
        starts_at=start,
        registration_closes_at=None,
    )
    owner = OwnerFactory(
        user__email=f"hr-{language}@shinshu-seimitsu.example",
        user__preferred_language=language,
        employer__name_en="Shinshu Precision",
        employer__name_ja="信州精密",
    )
    application = exhibitors.apply_for_booth(
        event=fair, employer=owner.employer, by=owner.user, wants_booth=True,
        online_presentation=False,
    )  # fmt: skip
    exhibitors.approve_exhibitor(exhibitor=application, booth_label="B12")
    emily = registrations.register(
        event=fair,
        profile=ProfileFactory(
            user__email=f"emily-{language}@example.com",
            full_name="Emily Carter",
            full_name_kana="エミリー カーター",
            introduction="ALT in Nagano, looking for work in manufacturing.",
            industry_1="manufacturing",
        ),
    )
    shy = registrations.register(event=fair, profile=ProfileFactory(full_name="Shy Person"))
    return fair, emily, shy


def said(language: str, text: str) -> str:
    """`text` as the catalogue says it in `language` (English until it is translated)."""
    with translation.override(language):
        return gettext(text)


def scan_two_visitors(phone, fair: Event, language: str, shy: Registration) -> None:
    """The recruiter's phone: the booth scanner from the application page, the camera on; the
    anonymous visit first, then Emily's card, rated and noted."""
    log_in(phone, f"hr-{language}@shinshu-seimitsu.example")
    phone.goto(phone.base_url + f"/events/{fair.slug}/exhibit/")
    phone.locator("#booth-scanner-link").click()
    expect(phone.locator("#booth-scanner[data-ready=yes]")).to_be_attached()
    expect(phone.locator("html")).to_have_attribute("lang", language)
    screenshot(phone, f"booth-scanner-{language}")

    phone.locator("#booth-start").click()

    result = phone.locator("#booth-result")
    expect(result).to_have_attribute("data-kind", "visit", timeout=20_000)
    expect(phone.locator("#booth-result-message")).to_have_text(
        said(language, "Visit counted: this visitor does not share their profile.")
    )
    expect(result).not_to_contain_text("Shy Person")
    screenshot(phone, f"booth-scanner-visit-{language}")

    expect(result).to_have_attribute("data-kind", "lead", timeout=20_000)
    card = phone.locator("#booth-result-card article")
    expect(card).to_contain_text("Emily Carter")
    expect(card).to_contain_text("エミリー カーター")
    expect(card).to_contain_text("ALT in Nagano")
    expect(phone.locator("#booth-result-message")).to_have_text(
        said(language, "Added to your booth's visitors.")
    )
    lead = BoothLead.objects.get(exhibitor__event=fair)
    # Rating and note: the scanner waits while they are not saved.
    card.locator(f"label[for=rating-{lead.pk}-3]").click()
    card.locator(f"#note-{lead.pk}").fill("日本語が堪能。来週連絡する。")
    expect(phone.locator("#booth-unsaved")).to_be_visible()
    screenshot(phone, f"booth-scanner-lead-{language}")
    card.locator("button[type=submit]").click()
    expect(card.locator(".booth-lead-status")).to_have_text(
        said(language, "Saved. Every member of your organisation sees it.")
    )
    expect(phone.locator("#booth-unsaved")).to_be_hidden()
    expect(phone.locator("#booth-counts")).to_have_text(
        said(language, "Visitors scanned: %(visits)s · shared their profile: %(leads)s")
        % {"visits": 2, "leads": 1}
    )
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (BoothLead.Rating.HIGH, "日本語が堪能。来週連絡する。")
    assert BoothVisit.objects.filter(exhibitor=lead.exhibitor).count() == 2
    assert lead.registration_id != shy.pk

    # The booth's list: Emily with the note, not Shy; the counts.
    phone.locator("#booth-leads-link").click()
    leads = phone.locator("#booth-leads")
    expect(leads.locator("article")).to_have_count(1)
    expect(leads).to_contain_text("Emily Carter")
    expect(leads.locator(f"#note-{lead.pk}")).to_have_value("日本語が堪能。来週連絡する。")
    expect(phone.locator("body")).not_to_contain_text("Shy Person")
    screenshot(phone, f"booth-leads-{language}")


def test_a_participant_shares_and_a_recruiter_scans_two_visitors_in_english(page, filming) -> None:
    fair, emily, shy = fair_day("en")

    # Emily allows the booths on her ticket page (off by default).
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "emily-en@example.com")
    page.goto(page.base_url + f"/events/ticket/{emily.ticket_token}/")
    sharing = page.locator("#booth-sharing")
    expect(sharing.locator("#booth-shares")).not_to_be_checked()
    sharing.locator("#booth-shares").check()
    sharing.locator("button[type=submit]").click()
    expect(page.locator("#booth-shares")).to_be_checked()
    screenshot(page, "booth-ticket-sharing-en")
    assert Registration.objects.get(pk=emily.pk).shares_with_exhibitors

    phone = filming([shy, emily])
    scan_two_visitors(phone, fair, "en", shy)


def test_a_recruiter_scans_two_visitors_in_japanese(filming) -> None:
    fair, emily, shy = fair_day("ja")
    booth_leads.set_sharing(emily, shares=True)

    phone = filming([shy, emily])
    scan_two_visitors(phone, fair, "ja", shy)
