"""Booth lead capture (issue #17): the participant's switch on the ticket, a booth member's
scan (a lead for a consenting visitor, an anonymous visit for the others, a clear refusal for
a bad ticket), the organisation's rating and note, the list and its downloads with consent
read when each is asked for, and who may use a booth's pages."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta
from functools import partial

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.booth_selectors import BoothCounts, booth_counts, leads_for
from events.models import BoothLead, BoothVisit, Event, Exhibitor, Registration
from events.services import EventError, exhibitors, registrations
from events.services import booth_leads as svc
from jetcareer.accounts.models import User
from participants import services as participants
from tests.accounts.factories import EmployerUserFactory
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_concurrency import run_at_once
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db


# --- The world: a fair today; employer X (erika, tom) has a booth, Y (yuto) only applied -----


def fair_today(**fields: object) -> Event:
    """A fair that started an hour ago and ends in three: booths scan now."""
    start = timezone.now() - timedelta(hours=1)
    defaults = {"starts_at": start, "ends_at": start + timedelta(hours=4)}
    return EventFactory(registration_closes_at=None, **(defaults | fields))


def exhibiting(event: Event, owner: User, *, approve: bool = True, **employer: object) -> Exhibitor:
    """`owner`'s organisation applies for a booth at `event` (before it starts), and CLAIR
    approves it unless `approve` is False."""
    membership = OwnerFactory(user=owner, **{f"employer__{k}": v for k, v in employer.items()})
    starts_at, ends_at = event.starts_at, event.ends_at
    Event.objects.filter(pk=event.pk).update(  # applications close when the fair starts
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2)
    )
    application = exhibitors.apply_for_booth(
        event=Event.objects.get(pk=event.pk), employer=membership.employer, by=owner,
        wants_booth=True, online_presentation=False,
    )  # fmt: skip
    if approve:
        application = exhibitors.approve_exhibitor(exhibitor=application, booth_label="")
    Event.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=ends_at)
    return Exhibitor.objects.select_related("event", "employer").get(pk=application.pk)


@pytest.fixture
def fair() -> Event:
    return fair_today(slug="yokohama-fair", title_en="Yokohama Fair")


@pytest.fixture
def booth(fair: Event, erika: User) -> Exhibitor:
    return exhibiting(fair, erika, name_en="Shinshu Precision")


@pytest.fixture
def tom(booth: Exhibitor) -> User:
    """erika's colleague at X."""
    user = EmployerUserFactory(email="tom@employer-x.example")
    MembershipFactory(employer=booth.employer, user=user)
    return user


@pytest.fixture
def applied_only(fair: Event, yuto: User) -> Exhibitor:
    """yuto's organisation Y applied to exhibit and is not approved."""
    return exhibiting(fair, yuto, approve=False, name_en="Kiso Travel")


def visitor(event: Event, *, shares: bool, **profile: object) -> Registration:
    """A confirmed visitor of `event`, who shares their profile with booths or not."""
    person = ProfileFactory(**profile)
    registration = registrations.register(event=event, profile=person)
    if shares:
        svc.set_sharing(registration, shares=True)
    return Registration.objects.select_related("participant__user").get(pk=registration.pk)


def scan(booth: Exhibitor, ticket: Registration | str, by: User, **kwargs: object):
    token = ticket if isinstance(ticket, str) else str(ticket.ticket_token)
    return svc.scan_at_booth(exhibitor=booth, token=token, by=by, **kwargs)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def scan_url(event: Event) -> str:
    return reverse("events:booth_scan", args=[event.slug])


def leads_url(event: Event) -> str:
    return reverse("events:booth_leads", args=[event.slug])


def post_scan(client: Client, event: Event, token: object) -> dict:
    response = client.post(scan_url(event), {"token": token}, content_type="application/json")
    assert response.status_code == 200
    return response.json()


# --- Scanning at the booth ---------------------------------------------------------------------


def test_a_consenting_visitor_becomes_a_lead_and_counts_one_visit(booth, erika) -> None:
    emily = visitor(booth.event, shares=True, full_name="Emily Carter")

    result = scan(booth, emily, erika)

    assert result.kind == svc.ScanKind.LEAD
    assert result.first_visit
    assert result.message == "Added to your booth's visitors."
    lead = BoothLead.objects.get()
    assert (lead.exhibitor, lead.registration, lead.scanned_by) == (booth, emily, erika)
    visit = BoothVisit.objects.get()
    assert visit.exhibitor == booth
    key = hashlib.sha256(f"{booth.pk}:{emily.ticket_token}".encode()).hexdigest()
    assert visit.visitor_key == key  # names nobody without the ticket


def test_scanning_the_same_ticket_again_keeps_one_visit_and_one_lead(booth, erika, tom) -> None:
    emily = visitor(booth.event, shares=True)
    first = scan(booth, emily, erika)

    again = scan(booth, emily, tom)  # a colleague's phone

    assert again.kind == svc.ScanKind.LEAD
    assert not again.first_visit
    assert again.message == "Scanned before: already among your booth's visitors."
    assert again.lead.pk == first.lead.pk
    assert BoothLead.objects.get().scanned_by == erika  # the first scan's member is kept
    assert BoothVisit.objects.count() == 1


def test_a_visitor_who_does_not_share_counts_an_anonymous_visit_only(booth, erika) -> None:
    shy = visitor(booth.event, shares=False)

    result = scan(booth, shy, erika)

    assert result.kind == svc.ScanKind.VISIT
    assert result.message == "Visit counted: this visitor does not share their profile."
    assert result.lead is None
    assert BoothLead.objects.count() == 0
    assert BoothVisit.objects.count() == 1
    assert booth_counts(booth) == BoothCounts(visits=1, leads=0)


def test_each_booth_counts_the_visitor_once(booth, erika, fair, yuto) -> None:
    other = exhibiting(fair, yuto, name_en="Kiso Travel")
    emily = visitor(fair, shares=True)

    scan(booth, emily, erika)
    scan(other, emily, yuto)

    assert BoothVisit.objects.filter(exhibitor=booth).count() == 1
    assert BoothVisit.objects.filter(exhibitor=other).count() == 1
    assert len(set(BoothVisit.objects.values_list("visitor_key", flat=True))) == 2
    assert leads_for(booth).count() == leads_for(other).count() == 1


@pytest.mark.parametrize(
    ("token", "code", "message"),
    [
        ("not-a-ticket", "invalid", "This QR code is not a ticket of the JET Career Portal."),
        ("", "invalid", "This QR code is not a ticket of the JET Career Portal."),
        (
            "5b3f3c1e-0000-4000-8000-000000000000",
            "unknown",
            "Unknown ticket: it is not on any event's list.",
        ),
    ],
)
def test_a_code_that_is_no_ticket_is_refused_and_records_nothing(
    booth, erika, token, code, message
) -> None:
    result = scan(booth, token, erika)

    assert (result.kind, result.code, result.message) == ("refused", code, message)
    assert not BoothVisit.objects.exists()


def test_another_events_ticket_is_refused_without_naming_the_event(booth, erika) -> None:
    elsewhere = fair_today(title_en="Osaka Secret Fair")
    ticket = visitor(elsewhere, shares=True)

    result = scan(booth, ticket, erika)

    assert (result.kind, result.code) == ("refused", "other_event")
    assert result.message == "This ticket is for another event."
    assert not BoothVisit.objects.exists()
    assert not BoothLead.objects.exists()


def test_cancelled_and_waiting_tickets_are_refused(booth, erika) -> None:
    cancelled = visitor(booth.event, shares=True)
    registrations.cancel_registration(registration=cancelled)
    Event.objects.filter(pk=booth.event_id).update(capacity=1)
    visitor(booth.event, shares=False)  # takes the last seat
    waiting = visitor(booth.event, shares=True)
    assert waiting.status == Registration.Status.WAITLISTED

    assert scan(booth, cancelled, erika).code == "cancelled"
    assert scan(booth, waiting, erika).code == "waitlisted"
    assert not BoothVisit.objects.exists()


def test_scanning_opens_on_the_fair_day_and_closes_at_its_end(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    opens = booth.event.starts_at - settings.CHECKIN_OPENS_BEFORE

    early = scan(booth, emily, erika, now=opens - timedelta(minutes=1))
    late = scan(booth, emily, erika, now=booth.event.ends_at)

    assert early.code == "not_open"
    assert early.message.startswith("Scanning at booths opens at ")
    assert late.code == "over"
    assert not BoothVisit.objects.exists()
    assert scan(booth, emily, erika, now=opens).kind == "lead"


def test_a_cancelled_fair_takes_no_scans(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    Event.objects.filter(pk=booth.event_id).update(status=Event.Status.CANCELLED)
    booth.event.refresh_from_db()

    assert scan(booth, emily, erika).code == "event_cancelled"


def test_an_organisation_no_longer_approved_can_neither_scan_nor_note(booth, erika) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead
    Exhibitor.objects.filter(pk=booth.pk).update(status=Exhibitor.Status.WITHDRAWN)
    booth.refresh_from_db()

    result = scan(booth, visitor(booth.event, shares=True), erika)

    assert (result.kind, result.code) == ("refused", "not_exhibiting")
    assert result.message == "Your organisation is not approved to exhibit at this fair (any more)."
    assert BoothVisit.objects.count() == 1  # the first scan's only
    with pytest.raises(EventError, match="Only members of an organisation exhibiting"):
        svc.update_lead(lead, rating=1, note="", by=erika)


def test_only_the_organisations_members_scan_at_its_booth(booth, yuto, alice) -> None:
    emily = visitor(booth.event, shares=True)
    for outsider in (yuto, alice):
        with pytest.raises(EventError):
            scan(booth, emily, outsider)
    assert not BoothVisit.objects.exists()


# --- Rating and note ---------------------------------------------------------------------------


def test_a_member_rates_and_notes_a_lead_every_colleague_sees(booth, erika, tom) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead

    svc.update_lead(lead, rating="3", note="  Fluent Japanese; call next week.  ", by=tom)

    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (BoothLead.Rating.HIGH, "Fluent Japanese; call next week.")
    svc.update_lead(lead, rating="", note="", by=erika)
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (None, "")


@pytest.mark.parametrize(
    ("rating", "note", "message"),
    [
        ("5", "", "Choose one of the ratings offered."),
        ("high", "", "Choose one of the ratings offered."),
        ("1", "x" * 2001, "A note can be at most 2000 characters long."),
    ],
)
def test_a_bad_rating_or_note_changes_nothing(booth, erika, rating, note, message) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead

    with pytest.raises(EventError, match=message):
        svc.update_lead(lead, rating=rating, note=note, by=erika)
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (None, "")


def test_another_organisation_cannot_touch_a_lead(booth, erika, fair, yuto) -> None:
    exhibiting(fair, yuto, name_en="Kiso Travel")
    lead = scan(booth, visitor(fair, shares=True), erika).lead

    with pytest.raises(EventError):
        svc.update_lead(lead, rating=1, note="mine now", by=yuto)
    lead.refresh_from_db()
    assert lead.note == ""


def test_a_lead_whose_person_withdrew_consent_cannot_be_noted(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    lead = scan(booth, emily, erika).lead
    svc.set_sharing(emily, shares=False)

    with pytest.raises(EventError, match="no longer shares"):
        svc.update_lead(lead, rating=2, note="", by=erika)


# --- Consent: the ticket's switch, read whenever leads are shown -------------------------------


def test_sharing_is_off_by_default_and_the_person_turns_it_on_and_off(fair) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory())
    assert registration.shares_with_exhibitors is False

    assert svc.set_sharing(registration, shares=True) is True
    assert svc.set_sharing(registration, shares=True) is False  # nothing to change
    assert Registration.objects.get(pk=registration.pk).shares_with_exhibitors is True
    assert svc.set_sharing(registration, shares=False) is True
    assert Registration.objects.get(pk=registration.pk).shares_with_exhibitors is False


def test_sharing_turns_on_until_the_fair_ends_and_off_at_any_time(fair) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory())
    svc.set_sharing(registration, shares=True)
    after = fair.ends_at + timedelta(days=30)

    with pytest.raises(EventError, match=r"This fair has ended\."):
        svc.set_sharing(registration, shares=True, now=after)
    assert svc.set_sharing(registration, shares=False, now=after) is True
    with pytest.raises(EventError, match=r"This fair has ended\."):
        svc.set_sharing(registration, shares=True, now=after)


def test_a_cancelled_registration_cannot_start_sharing(fair) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory())
    registrations.cancel_registration(registration=registration)

    with pytest.raises(EventError, match="cancelled"):
        svc.set_sharing(registration, shares=True)


def test_consent_withdrawn_hides_the_lead_and_given_again_shows_it(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    scan(booth, emily, erika)
    assert leads_for(booth).count() == 1

    svc.set_sharing(emily, shares=False)
    assert leads_for(booth).count() == 0
    assert booth_counts(booth) == BoothCounts(visits=1, leads=0)  # the visit still counts

    svc.set_sharing(emily, shares=True)
    assert leads_for(booth).count() == 1


def test_an_erased_account_leaves_no_lead_to_see(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    scan(booth, emily, erika)

    # What erasure leaves: the registration without its person (Registration.participant).
    Registration.objects.filter(pk=emily.pk).update(participant=None)

    assert leads_for(booth).count() == 0


def test_the_leads_cost_the_same_queries_however_many(booth, erika) -> None:
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            for lead in leads_for(booth)[:20]:
                str(lead.registration.participant.full_name)
                str(lead.scanned_by and lead.scanned_by.email)
        return len(queries)

    for _ in range(2):
        scan(booth, visitor(booth.event, shares=True), erika)
    two = cost()
    for _ in range(5):
        scan(booth, visitor(booth.event, shares=True), erika)
    assert cost() == two == 1


# --- Pages: the ticket's switch ----------------------------------------------------------------


def ticket_url(registration: Registration) -> str:
    return reverse("events:ticket", kwargs={"token": registration.ticket_token})


def sharing_url(registration: Registration) -> str:
    return reverse("events:booth_sharing", kwargs={"token": registration.ticket_token})


def test_the_ticket_page_offers_the_switch_off_by_default(fair, alice) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory(user=alice))

    html = logged_in(alice).get(ticket_url(registration)).content.decode()

    assert 'id="booth-sharing"' in html
    assert "Share my profile with booths that scan my ticket" in html
    assert 'id="booth-shares" aria-describedby' in html  # not checked
    assert "They do not see your e-mail address" in html


def test_the_owner_switches_sharing_on_from_the_ticket(fair, alice) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory(user=alice))
    client = logged_in(alice)

    response = client.post(sharing_url(registration), {"shares": "on"}, follow=True)

    assert response.redirect_chain[-1][0].endswith(ticket_url(registration) + "#booth-sharing")
    assert "Booths that scan your ticket will now see your profile." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).shares_with_exhibitors
    assert 'id="booth-shares" checked' in response.content.decode()

    client.post(sharing_url(registration), {})  # the box unticked
    assert not Registration.objects.get(pk=registration.pk).shares_with_exhibitors


def test_nobody_else_switches_a_persons_sharing(fair, alice, bob, erika) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory(user=alice))

    for other in (bob, erika):
        response = logged_in(other).post(sharing_url(registration), {"shares": "on"})
        assert response.status_code == 404
    assert not Registration.objects.get(pk=registration.pk).shares_with_exhibitors


def test_staff_reading_a_ticket_see_the_choice_but_cannot_change_it(fair, alice, staff) -> None:
    registration = registrations.register(event=fair, profile=ProfileFactory(user=alice))
    svc.set_sharing(registration, shares=True)

    html = logged_in(staff).get(ticket_url(registration)).content.decode()

    assert "Shares the profile with booths that scan this ticket." in html
    assert sharing_url(registration) not in html


def test_after_the_fair_the_switch_shows_only_while_it_is_on(alice) -> None:
    start = timezone.now() - timedelta(days=3)
    past = fair_today(starts_at=start, ends_at=start + timedelta(hours=4))
    # Registered before the fair (registration is closed now).
    registration = RegistrationFactory(event=past, participant=ProfileFactory(user=alice))
    client = logged_in(alice)
    assert 'id="booth-sharing"' not in client.get(ticket_url(registration)).content.decode()

    Registration.objects.filter(pk=registration.pk).update(shares_with_exhibitors=True)
    assert 'id="booth-sharing"' in client.get(ticket_url(registration)).content.decode()
    client.post(sharing_url(registration), {})  # withdrawn after the fair: allowed
    assert not Registration.objects.get(pk=registration.pk).shares_with_exhibitors


def test_an_online_event_has_no_booths_to_share_with(alice) -> None:
    webinar = EventFactory(kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    registration = registrations.register(event=webinar, profile=ProfileFactory(user=alice))

    html = logged_in(alice).get(ticket_url(registration)).content.decode()

    assert 'id="booth-sharing"' not in html


# --- Pages: who may use a booth ----------------------------------------------------------------


def booth_pages(event: Event) -> list[str]:
    return [
        reverse("events:booth_scanner", args=[event.slug]),
        leads_url(event),
        reverse("events:booth_leads_export", args=[event.slug, "csv"]),
    ]


def test_the_organisations_members_open_the_booth_pages(booth, erika, tom) -> None:
    for member in (erika, tom):
        client = logged_in(member)
        for url in booth_pages(booth.event):
            assert client.get(url).status_code == 200, url


def test_a_member_of_an_organisation_not_approved_is_told_why(booth, applied_only, yuto) -> None:
    client = logged_in(yuto)
    for url in booth_pages(booth.event):
        response = client.get(url)
        assert response.status_code == 403, url
    assert "Only for exhibitors of this fair" in response.content.decode()
    scanned = client.post(scan_url(booth.event), {"token": "x"}, content_type="application/json")
    assert scanned.status_code == 403
    assert "Only members of an organisation exhibiting" in scanned.json()["error"]


def test_participants_and_outsiders_cannot_use_a_booth(booth, alice) -> None:
    ticket = visitor(booth.event, shares=True)
    for client in (logged_in(alice), logged_in(EmployerUserFactory())):
        for url in booth_pages(booth.event):
            assert client.get(url).status_code == 403, url
        response = client.post(
            scan_url(booth.event), {"token": str(ticket.ticket_token)},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 403
    assert not BoothVisit.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(booth) -> None:
    for url in [*booth_pages(booth.event), scan_url(booth.event)]:
        response = Client().get(url) if "scan/" not in url else Client().post(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_booth_pages_are_for_career_fairs_only(erika) -> None:
    webinar = EventFactory(kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    OwnerFactory(user=erika)

    assert logged_in(erika).get(leads_url(webinar)).status_code == 404


# --- Pages: the scanner's JSON ------------------------------------------------------------------


def test_scanning_a_consenting_ticket_answers_the_visitors_card(booth, erika) -> None:
    emily = visitor(
        booth.event, shares=True, full_name="Emily Carter", full_name_kana="エミリー カーター",
        introduction="I teach English in Nagano.",
    )  # fmt: skip

    answer = post_scan(logged_in(erika), booth.event, str(emily.ticket_token))

    assert answer["kind"] == "lead"
    assert answer["counts"] == {"visits": 1, "leads": 1}
    card = answer["html"]
    assert "Emily Carter" in card
    assert "エミリー カーター" in card
    assert "I teach English in Nagano." in card
    assert emily.participant.user.email not in card  # never more than the résumé book
    assert "Nagano Prefectural Board of Education" not in card
    cv = reverse("participants:cv_download", args=[emily.participant.pk])
    assert cv not in card  # no CV shared with employers
    lead = BoothLead.objects.get()
    assert reverse("events:booth_lead_update", args=[booth.event.slug, lead.pk]) in card


def test_the_card_links_the_cv_only_where_the_person_shares_it_with_employers(booth, erika) -> None:
    emily = visitor(booth.event, shares=True)
    participants.replace_cv(profile=emily.participant, upload=pdf_upload("cv.pdf"))
    cv = reverse("participants:cv_download", args=[emily.participant.pk])
    client = logged_in(erika)

    assert cv not in post_scan(client, booth.event, str(emily.ticket_token))["html"]

    participants.set_consent(profile=emily.participant, share=True)
    card = post_scan(client, booth.event, str(emily.ticket_token))["html"]
    assert cv in card
    assert client.get(cv).status_code == 200  # the résumé book's rule lets erika have it


def test_scanning_a_ticket_that_does_not_share_counts_the_visit(booth, erika) -> None:
    shy = visitor(booth.event, shares=False, full_name="Shy Person")

    answer = post_scan(logged_in(erika), booth.event, str(shy.ticket_token))

    assert answer["kind"] == "visit"
    assert answer["message"] == "Visit counted: this visitor does not share their profile."
    assert answer["html"] == ""
    assert "Shy Person" not in json.dumps(answer)
    assert answer["counts"] == {"visits": 1, "leads": 0}


@pytest.mark.parametrize("token", ["garbage", "0" * 36, "https://evil.example/x", "🎫"])
def test_a_malformed_token_gets_a_clear_refusal(booth, erika, token) -> None:
    answer = post_scan(logged_in(erika), booth.event, token)

    assert answer["kind"] == "refused"
    assert answer["code"] in {"invalid", "unknown"}
    assert answer["message"]
    assert not BoothVisit.objects.exists()


def test_another_events_ticket_gets_a_clear_refusal(booth, erika) -> None:
    ticket = visitor(fair_today(), shares=True)

    answer = post_scan(logged_in(erika), booth.event, str(ticket.ticket_token))

    assert (answer["kind"], answer["code"]) == ("refused", "other_event")
    assert answer["message"] == "This ticket is for another event."


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("not json", "application/json"),
        ('["a list"]', "application/json"),
        ('{"token": 5}', "application/json"),
        ('{"token": "' + "x" * 4000 + '"}', "application/json"),
        ("token=abc", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_that_is_not_a_scan_answers_400_with_the_reason(
    booth, erika, body, content_type
) -> None:
    response = logged_in(erika).post(scan_url(booth.event), body, content_type=content_type)

    assert response.status_code == 400
    assert response.json()["error"] == 'Send the scanned ticket as {"token": "…"}.'


# --- Pages: the list, rating and note ----------------------------------------------------------


def test_the_list_shows_consenting_visitors_and_the_counts(booth, erika) -> None:
    emily = visitor(booth.event, shares=True, full_name="Emily Carter")
    kenji = visitor(booth.event, shares=True, full_name="Kenji Ito")
    shy = visitor(booth.event, shares=False, full_name="Shy Person")
    for ticket in (emily, kenji, shy):
        scan(booth, ticket, erika)
    svc.set_sharing(kenji, shares=False)  # after the scan

    html = logged_in(erika).get(leads_url(booth.event)).content.decode()

    assert "Emily Carter" in html
    assert "Kenji Ito" not in html
    assert "Shy Person" not in html
    assert "Visitors scanned: 3 · shared their profile: 1" in html


def test_the_list_costs_the_same_queries_however_many_leads(booth, erika) -> None:
    client = logged_in(erika)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(leads_url(booth.event)).status_code == 200
        return len(queries)

    scan(booth, visitor(booth.event, shares=True), erika)
    one = cost()
    for _ in range(6):
        scan(booth, visitor(booth.event, shares=True), erika)
    assert cost() == one


def test_the_list_is_paginated(booth, erika) -> None:
    for _ in range(23):
        scan(booth, visitor(booth.event, shares=True), erika)
    client = logged_in(erika)

    first = client.get(leads_url(booth.event)).content.decode()
    second = client.get(leads_url(booth.event) + "?page=2").content.decode()

    assert first.count('class="card h-100 booth-lead"') == 20
    assert second.count('class="card h-100 booth-lead"') == 3
    assert "Page 1 of 2" in first


def test_rating_and_note_saved_from_the_list(booth, erika, tom) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead
    url = reverse("events:booth_lead_update", args=[booth.event.slug, lead.pk])

    response = logged_in(tom).post(url, {"rating": "2", "note": "Good fit.", "page": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{leads_url(booth.event)}?page=1#lead-{lead.pk}"
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (2, "Good fit.")
    html = logged_in(erika).get(leads_url(booth.event)).content.decode()
    assert "Good fit." in html
    assert f'id="rating-{lead.pk}-2" value="2" autocomplete="off" checked' in html


def test_rating_and_note_saved_from_the_scanner_answer_json(booth, erika) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead
    url = reverse("events:booth_lead_update", args=[booth.event.slug, lead.pk])
    client = logged_in(erika)

    saved = client.post(url, {"rating": "3", "note": "Call"}, HTTP_ACCEPT="application/json")
    refused = client.post(url, {"rating": "9", "note": ""}, HTTP_ACCEPT="application/json")

    assert saved.status_code == 200
    assert saved.json()["message"] == "Saved. Every member of your organisation sees it."
    assert refused.status_code == 400
    assert refused.json()["error"] == "Choose one of the ratings offered."
    lead.refresh_from_db()
    assert (lead.rating, lead.note) == (3, "Call")


def test_a_bad_rating_from_the_list_is_a_message_not_an_error(booth, erika) -> None:
    lead = scan(booth, visitor(booth.event, shares=True), erika).lead
    url = reverse("events:booth_lead_update", args=[booth.event.slug, lead.pk])

    response = logged_in(erika).post(url, {"rating": "abc", "note": "x"}, follow=True)

    assert response.status_code == 200
    assert "Choose one of the ratings offered." in response.content.decode()
    lead.refresh_from_db()
    assert lead.note == ""


def test_a_lead_of_another_organisation_or_without_consent_is_not_found(
    booth, erika, fair, yuto
) -> None:
    exhibiting(fair, yuto, name_en="Kiso Travel")
    emily = visitor(fair, shares=True)
    lead = scan(booth, emily, erika).lead
    url = reverse("events:booth_lead_update", args=[fair.slug, lead.pk])

    assert logged_in(yuto).post(url, {"rating": "1"}).status_code == 404
    svc.set_sharing(emily, shares=False)
    assert logged_in(erika).post(url, {"rating": "1"}).status_code == 404
    lead.refresh_from_db()
    assert lead.rating is None


# --- Downloads -----------------------------------------------------------------------------------


def export(client: Client, event: Event, fmt: str):
    return client.get(reverse("events:booth_leads_export", args=[event.slug, fmt]))


def test_the_csv_has_a_bom_the_organisations_notes_and_respects_consent(booth, erika) -> None:
    emily = visitor(booth.event, shares=True, full_name="Emily Carter", full_name_kana="エミリー")
    kenji = visitor(booth.event, shares=True, full_name="Kenji Ito")
    shy = visitor(booth.event, shares=False, full_name="Shy Person")
    for ticket in (emily, kenji, shy):
        scan(booth, ticket, erika)
    svc.update_lead(BoothLead.objects.get(registration=emily), rating=3, note="=HYPERLINK(1)",
                    by=erika)  # fmt: skip
    svc.set_sharing(kenji, shares=False)  # withdrawn after the page was read: not in the file

    response = export(logged_in(erika), booth.event, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "booth-visitors-yokohama-fair.csv" in response["Content-Disposition"]
    content = response.content
    assert content.startswith("\ufeff".encode())
    header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[:2] == ["Full name", "Name in katakana"]
    assert header[-4:] == ["Scanned at", "Scanned by", "Interest", "Note"]
    assert "CV" not in header
    assert [row[0] for row in rows] == ["Emily Carter"]
    assert rows[0][1] == "エミリー"
    assert rows[0][-3:] == ["erika@employer-x.example", "Strong interest", "'=HYPERLINK(1)"]
    assert emily.participant.user.email.encode() not in content


def test_the_download_names_the_columns_as_the_list_page_does_in_japanese(booth, erika) -> None:
    scan(booth, visitor(booth.event, shares=True, full_name="Emily Carter"), erika)
    client = logged_in(erika)
    client.cookies["django_language"] = "ja"

    response = export(client, booth.event, "csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    page = client.get(leads_url(booth.event)).content.decode()

    assert header[-2:] == ["関心度", "メモ"]  # not the model's 評価 and 備考
    assert ">関心度</legend>" in page
    assert ">メモ</label>" in page


def test_the_scanner_headings_put_a_japanese_colon_between_label_and_event(booth, erika) -> None:
    client = logged_in(erika)
    client.cookies["django_language"] = "ja"
    page = client.get(reverse("events:booth_scanner", args=[booth.event.slug])).content.decode()
    heading = page.split('id="scanner-heading">', 1)[1].split("</h1>", 1)[0]
    assert heading.endswith(f"：{booth.event.title}")
    assert ": " not in heading


def test_the_xlsx_download_lists_the_same_people(booth, erika) -> None:
    scan(booth, visitor(booth.event, shares=True, full_name="Emily Carter"), erika)
    scan(booth, visitor(booth.event, shares=False, full_name="Shy Person"), erika)

    response = export(logged_in(erika), booth.event, "xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Emily Carter"]
    assert sheet.title == "Booth visitors"


# --- The organisation's pages link the booth ----------------------------------------------------


def test_the_application_page_links_the_scanner_and_the_list(booth, erika) -> None:
    html = logged_in(erika).get(reverse("events:exhibit", args=[booth.event.slug]))

    content = html.content.decode()
    assert reverse("events:booth_scanner", args=[booth.event.slug]) in content
    assert leads_url(booth.event) in content


def test_the_scanner_page_loads_the_shared_camera_code_and_no_inline_script(booth, erika) -> None:
    html = logged_in(erika).get(reverse("events:booth_scanner", args=[booth.event.slug]))

    page = html.content.decode()
    assert "/static/js/scanner/camera.js" in page
    assert "/static/js/scanner/booth.js" in page
    assert 'id="booth-config"' in page
    assert "<script>" not in page


# --- Two phones at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_phones_scanning_the_same_ticket_at_once_count_one_visit_and_one_lead(
    erika: User,
) -> None:
    if connection.vendor != "postgresql":
        if settings.IN_CI:
            pytest.fail("concurrency tests need PostgreSQL under CI=true")
        pytest.skip("the race is only meaningful on PostgreSQL")
    booth = exhibiting(fair_today(), erika)
    members = [erika] + [EmployerUserFactory() for _ in range(5)]
    for member in members[1:]:
        MembershipFactory(employer=booth.employer, user=member)
    members = [User.objects.select_related("employer_membership__employer").get(pk=m.pk)
               for m in members]  # fmt: skip
    emily = visitor(booth.event, shares=True)

    results = run_at_once([partial(scan, booth, emily, member) for member in members])

    assert [getattr(result, "kind", result) for result in results] == ["lead"] * len(members)
    assert BoothVisit.objects.count() == 1
    assert BoothLead.objects.count() == 1


# --- Admin: staff read, nobody writes ------------------------------------------------------------


def test_staff_read_booth_visits_and_leads_in_admin_and_cannot_change_them(
    booth, erika, staff
) -> None:
    emily = visitor(booth.event, shares=True, full_name="Emily Carter")
    lead = scan(booth, emily, erika).lead
    client = logged_in(staff)

    leads = client.get(reverse("admin:events_boothlead_changelist"))
    visits = client.get(reverse("admin:events_boothvisit_changelist"))
    page = client.get(reverse("admin:events_boothlead_change", args=[lead.pk]))

    assert leads.status_code == visits.status_code == page.status_code == 200
    assert "Emily Carter" in leads.content.decode()
    assert "Shinshu Precision" in visits.content.decode()
    assert 'name="note"' not in page.content.decode()  # read-only
    assert client.get(reverse("admin:events_boothlead_add")).status_code == 403
    assert client.get(reverse("admin:events_boothvisit_add")).status_code == 403
    deleted = client.post(reverse("admin:events_boothlead_delete", args=[lead.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    assert BoothLead.objects.filter(pk=lead.pk).exists()
