"""The participant's whole journey round my page (issue #16, "Tests"), in English and Japanese,
on a laptop and on a phone: find a fair by keyword on the event list, register for the hybrid
fair choosing to watch online (the ticket shows the join section, no door QR code), see it on
my page, book a 1:1 consultation at a networking evening (the place and the meeting link; my
page lists it too), cancel the consultation and then the fair seat, each after its
confirmation page, and find the fair marked cancelled among my page's past and cancelled
events.

Every Japanese page on the way is read with the check of tests/test_japanese_pages.py (no ISO
date, no "02/06", no ASCII comma or colon between Japanese words); axe finds nothing serious
or critical on my page; no page is wider than the screen. A screenshot of each step goes to
test-artifacts/screenshots/hub_journey_<language>_<width>_<step>.png. Elements are found by
their addresses, ids and values where the words would differ between the languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import ConsultationSlot, Event, Registration
from events.services import consultations
from tests.e2e.accounts import log_in
from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.test_japanese_pages import problems, visible_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
FAIR = {"en": "Kobe Career Fair for JET Participants", "ja": "JET参加者のための神戸キャリアフェア"}
EVENING = {"en": "JET Alumni Evening: Tokyo", "ja": "JET OBOG交流会（東京）"}
OTHER = {"en": "Sendai Webinar", "ja": "仙台ウェビナー"}
WORDS = {
    "en": {"keyword": "Kobe", "search": "Search", "cancelled": "Cancelled",
           "place": "Table 3, Room B"},
    "ja": {"keyword": "神戸", "search": "検索", "cancelled": "キャンセル済み",
           "place": "B会議室 3番テーブル"},
}  # fmt: skip
STREAM = "https://stream.example.org/kobe-fair"
MEETING = "https://meet.example.com/alumni-evening-hana"


def the_world(language: str) -> dict:
    """A hybrid fair in Kobe, a webinar the keyword must not find, a networking evening with
    one advisor's slot, and Emily (reading `language`), registered for nothing yet."""
    fair = EventFactory(format=Event.Format.HYBRID, title_en=FAIR["en"], title_ja=FAIR["ja"],
                        venue_en="Kobe International Conference Center",
                        venue_ja="神戸国際会議場", city_en="Kobe", city_ja="神戸市",
                        prefecture="28", stream_url=STREAM, capacity=300)  # fmt: skip
    EventFactory(format=Event.Format.ONLINE, kind=Event.Kind.WEBINAR, title_en=OTHER["en"],
                 title_ja=OTHER["ja"], venue_en="", venue_ja="", city_en="",
                 city_ja="")  # fmt: skip
    start = (timezone.now() + timedelta(days=14)).replace(
        hour=5, minute=0, second=0, microsecond=0
    )  # 14:00 in Japan
    evening = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.HYBRID,
                           title_en=EVENING["en"], title_ja=EVENING["ja"], starts_at=start,
                           ends_at=start + timedelta(hours=3))  # fmt: skip
    hana = ProfileFactory(full_name="Hana Sato", status="alumni", is_advisor=True,
                          advisor_fields=["it"],
                          term_end_date=timezone.localdate() - timedelta(days=400),
                          advisor_bio_en="Engineer at a Tokyo start-up.")  # fmt: skip
    slot = consultations.offer_slot(event=evening, advisor=hana, field="it", minutes=30,
                                    starts_at=start, meeting_place_en=WORDS["en"]["place"],
                                    meeting_place_ja=WORDS["ja"]["place"],
                                    meeting_url=MEETING)  # fmt: skip
    emily = ProfileFactory(full_name="Emily Carter", user__email="emily@example.com",
                           user__preferred_language=language)  # fmt: skip
    return {"fair": fair, "evening": evening, "slot": slot, "emily": emily}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["en", "ja"])
def test_find_register_online_book_and_cancel_from_my_page(
    browser, live_server, language: str, screen: str
) -> None:
    world = the_world(language)
    fair, evening, slot, emily = world["fair"], world["evening"], world["slot"], world["emily"]
    words = WORDS[language]
    width = SCREENS[screen]["viewport"]["width"]
    my_page = reverse("participants:my_page")

    context = browser.new_context(locale=language, **SCREENS[screen])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    found: list[str] = []  # what each page got wrong, reported together at the end
    steps: list[str] = []

    def step(name: str) -> None:
        """Screenshot the page, numbered in the order of the journey; note Japanese that does
        not read as Japanese, and a page wider than the screen."""
        page.wait_for_load_state()
        steps.append(name)
        shot = screenshot(page, f"hub_journey_{language}_{screen}_{len(steps):02d}_{name}")
        where = f"{name} ({page.url.removeprefix(live_server.url)}, {shot.name})"
        if language == "ja":
            text = visible_text(page.content())
            assert "お問い合わせ" in text, f"{where} is not in Japanese"  # the footer
            found.extend(f"{where}: {problem}" for problem in problems(text))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append(f"{where}: {scroll_width} px wide on a {width} px screen")

    page.goto(live_server.url + reverse("account_login"))
    step("login")
    log_in(page, "emily@example.com")

    # (a) Find the fair by keyword; on a phone the filters wait behind a button.
    page.goto(live_server.url + reverse("events:list"))
    first_filter = page.locator("#event-filters select").first
    if screen == "phone":
        expect(first_filter).to_be_hidden()
    else:
        expect(first_filter).to_be_visible()
    page.get_by_role("searchbox").fill(words["keyword"])
    page.get_by_role("button", name=words["search"], exact=True).click()
    result = page.get_by_role("link", name=FAIR[language])
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name=OTHER[language])).to_have_count(0)
    expect(page.get_by_role("link", name=EVENING[language])).to_have_count(0)
    step("search")
    result.click()

    # (b) Register for the hybrid fair choosing online: the ticket has the join section.
    expect(page.locator("h1")).to_have_text(FAIR[language])
    step("event")
    page.locator("#attendance-online").check()
    step("register_online")
    page.locator(f'form[action="/events/{fair.slug}/register/"] button[type="submit"]').click()
    page.wait_for_url("**/ticket/**")
    registration = Registration.objects.get(participant=emily, event=fair)
    assert (registration.status, registration.attendance) == ("confirmed", "online")
    expect(page.locator("#join")).to_be_visible()
    expect(page.locator(".qr")).to_have_count(0)  # no code to show at a door
    step("ticket_online")

    # (c) My page lists it among the events coming up, with its ticket.
    page.goto(live_server.url + my_page)
    upcoming = page.locator("#upcoming")
    expect(upcoming).to_contain_text(FAIR[language])
    ticket = f"/events/ticket/{registration.ticket_token}/"
    expect(upcoming.locator(f'a[href="{ticket}"]')).to_be_visible()
    step("my_page")
    assert_no_serious_violations(page, f"my page [{language}, {screen}]")

    # (d) A consultation: the evening's page leads to its consultations; no "Book" before
    # registering, a button to register instead; then book and read where to meet.
    consultations_path = reverse("events:consultations", args=[evening.slug])
    page.goto(live_server.url + evening.get_absolute_url())
    page.locator(f'main a[href="{consultations_path}"]').click()
    expect(page.locator("#booking-refusal")).to_be_visible()
    book = page.locator(f'form[action="/events/consultations/{slot.pk}/book/"] button')
    expect(book).to_have_count(0)
    step("consultations_before_registering")
    page.locator("#booking-refusal a").click()
    expect(page.locator("h1")).to_have_text(EVENING[language])
    page.locator("#attendance-venue").check()
    step("evening_register_at_the_venue")
    page.locator(f'form[action="/events/{evening.slug}/register/"] button[type="submit"]').click()
    page.wait_for_url("**/ticket/**")
    assert Registration.objects.get(participant=emily, event=evening).attendance == "venue"
    expect(page.locator(".qr svg")).to_be_visible()  # at the venue: the door code
    step("evening_ticket")
    page.goto(live_server.url + consultations_path)
    expect(page.locator(f"text={words['place']}").first).to_be_visible()
    assert MEETING not in page.content()  # the link is the booking's only
    step("consultations")
    book.click()
    mine = page.locator("#my-consultation")
    expect(mine).to_be_visible()
    expect(mine).to_contain_text("Hana Sato")
    expect(mine).to_contain_text(words["place"])
    expect(mine.get_by_role("link", name=MEETING)).to_be_visible()
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by_id == emily.pk
    step("consultation_booked")

    # My page lists the booking; its link leads back to the consultation.
    page.goto(live_server.url + my_page)
    booked = page.locator("#consultations")
    expect(booked).to_contain_text("Hana Sato")
    expect(booked).to_contain_text(EVENING[language])
    step("my_page_consultation")
    booked.locator(f'a[href="{consultations_path}"]').click()
    page.wait_for_url(f"**{consultations_path}")

    # (e) Cancel it after its confirmation page, which cancels nothing by itself.
    mine.locator(f'a[href="/events/consultations/{slot.pk}/cancel/"]').click()
    page.wait_for_url(f"**/events/consultations/{slot.pk}/cancel/")
    expect(page.locator("main")).to_contain_text(words["place"])
    expect(page.locator("main")).to_contain_text("Hana Sato")
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by_id == emily.pk
    step("consultation_cancel_confirm")
    page.locator('main form[method="post"] button.btn-danger').click()
    expect(page.locator("#my-consultation")).to_have_count(0)
    expect(book).to_be_visible()  # free again
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by_id is None
    step("consultation_cancelled")

    # (f) Cancel the fair seat from my page's ticket link, after its confirmation page.
    page.goto(live_server.url + my_page)
    expect(page.locator("#consultations")).to_have_count(0)
    page.locator(f'#upcoming a[href="{ticket}"]').click()
    page.wait_for_url(f"**{ticket}")
    step("ticket_from_my_page")
    page.locator(f'a[href="{ticket}cancel/"]').click()
    page.wait_for_url(f"**{ticket}cancel/")
    expect(page.locator("main .card-body").first).to_contain_text(FAIR[language])
    expect(page.locator(f'main form a[href="{ticket}"]')).to_be_visible()  # keep my seat
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    step("seat_cancel_confirm")
    page.locator('main form[method="post"] button.btn-danger').click()
    page.wait_for_url(f"**{fair.get_absolute_url()}")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    step("seat_cancelled")

    # My page: no longer coming up, shown as cancelled among the past and cancelled events.
    page.goto(live_server.url + my_page)
    expect(page.locator("#upcoming")).not_to_contain_text(FAIR[language])
    expect(page.locator("#upcoming")).to_contain_text(EVENING[language])
    row = page.locator("#past li", has_text=FAIR[language])
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text(words["cancelled"])
    step("my_page_after_cancelling")
    assert_no_serious_violations(page, f"my page after cancelling [{language}, {screen}]")
    context.close()

    assert not found, "\n".join(found)
