"""The check-in scanner's server side (issue #17): a phone's queued scans decided by the server
(events.services.checkin, through registrations.check_in), the check-in window at every door,
and who may use the scanner's addresses."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import checkin
from events.services import registrations as svc
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def fair_today(**fields) -> Event:
    """A fair starting within the hour: check-in is open."""
    start = timezone.now() + timedelta(hours=1)
    return EventFactory(starts_at=start, registration_closes_at=None, **fields)


def seat(event: Event, name: str = "Hanako Sato", kana: str = "サトウ ハナコ") -> Registration:
    return svc.register(event=event, profile=ProfileFactory(full_name=name, full_name_kana=kana))


def scan(registration: Registration, at: datetime | None, device: str = "phone-a") -> dict:
    """A scan as a phone queues it."""
    return {
        "token": str(registration.ticket_token),
        "scanned_at": at.isoformat() if at else None,
        "device_id": device,
        "local_id": str(uuid.uuid4()),
    }


def sync(client: Client, event: Event, scans: object):
    return client.post(
        reverse("events:scanner_sync", args=[event.slug]),
        json.dumps(scans),
        content_type="application/json",
    )


def desk_client() -> Client:
    """A member of staff in the event desk group (who holds the check-in permission only)."""
    desk = StaffFactory(
        email="desk@clair.example",
        is_superuser=False,
        groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)],
    )
    client = Client()
    client.force_login(desk)
    return client


def stored(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


# --- The service ------------------------------------------------------------------------------


def test_a_queued_batch_checks_everyone_in_at_their_scan_time_and_a_replay_changes_nothing() -> (
    None
):
    event = fair_today()
    people = [seat(event, f"Person {i}", "") for i in range(3)]
    now = timezone.now()
    scans = [scan(r, now - timedelta(minutes=10 - i)) for i, r in enumerate(people)]
    parsed = checkin.parse_scans(scans)

    first = checkin.check_in_scans(event=event, scans=parsed)
    replay = checkin.check_in_scans(event=event, scans=parsed)

    assert [r.outcome for r in first] == ["checked_in"] * 3
    assert [stored(r).checked_in_at for r in people] == [s.scanned_at for s in parsed]
    # The phone that lost the first answer reads the same one again; nothing moved.
    assert [r.as_json() for r in replay] == [r.as_json() for r in first]
    assert [r.local_id for r in first] == [s["local_id"] for s in scans]
    assert checkin.live_counts(event) == {"confirmed": 3, "checked_in": 3}


def test_a_ticket_cancelled_meanwhile_is_rejected_with_the_reason() -> None:
    event = fair_today()
    registration = seat(event)
    let_in_offline = scan(registration, timezone.now() - timedelta(minutes=5))
    svc.cancel_registration(registration=registration)  # before the phone's queue arrives

    [result] = checkin.check_in_scans(event=event, scans=checkin.parse_scans([let_in_offline]))

    assert (result.outcome, result.reason, result.status) == ("rejected", "cancelled", "cancelled")
    assert result.message == "This registration was cancelled."
    assert result.name == "Hanako Sato"
    assert result.checked_in_at is None
    assert stored(registration).checked_in_at is None
    assert checkin.live_counts(event)["checked_in"] == 0


def test_a_second_phone_later_is_told_already_and_the_first_time_stays() -> None:
    event = fair_today()
    registration = seat(event)
    now = timezone.now()
    first_phone = scan(registration, now - timedelta(minutes=7), device="phone-a")
    second_phone = scan(registration, now - timedelta(minutes=3), device="phone-b")

    [a] = checkin.check_in_scans(event=event, scans=checkin.parse_scans([first_phone]))
    [b] = checkin.check_in_scans(event=event, scans=checkin.parse_scans([second_phone]))

    assert a.outcome == "checked_in"
    assert (b.outcome, b.reason) == ("already", "")
    assert b.checked_in_at == a.checked_in_at == now - timedelta(minutes=7)
    assert stored(registration).checked_in_at == now - timedelta(minutes=7)
    assert checkin.live_counts(event)["checked_in"] == 1


def test_unknown_tokens_other_events_and_unreadable_scans_are_rejected_each_on_its_own() -> None:
    event, elsewhere = fair_today(), fair_today(title_en="Tokyo Fair")
    here, there = seat(event), seat(elsewhere, "Ken Ito", "イトウ ケン")
    now = timezone.now()
    scans = [
        scan(there, now),
        {"token": str(uuid.uuid4()), "scanned_at": now.isoformat(), "local_id": "x1"},
        {"token": "not-a-ticket", "local_id": "x2"},
        "a string, not a scan",
        {"token": str(here.ticket_token), "scanned_at": "yesterday-ish", "local_id": "x3"},
        scan(here, now),
    ]

    results = checkin.check_in_scans(event=event, scans=checkin.parse_scans(scans))

    assert [(r.outcome, r.reason) for r in results] == [
        ("rejected", "other_event"),
        ("rejected", "unknown"),
        ("rejected", "unknown"),
        ("rejected", "invalid"),
        ("rejected", "invalid"),
        ("checked_in", ""),
    ]
    assert results[0].message == "This ticket is for another event: Tokyo Fair."
    assert results[0].status == ""  # the phone learns nothing about the other event's list
    assert stored(there).checked_in_at is None
    assert stored(here).checked_in_at is not None


def test_a_phone_clock_running_fast_cannot_check_anyone_in_later_than_now() -> None:
    event = fair_today()
    registration = seat(event)
    before = timezone.now()

    checkin.check_in_scans(
        event=event, scans=checkin.parse_scans([scan(registration, before + timedelta(days=1))])
    )

    assert before <= stored(registration).checked_in_at <= timezone.now()


def test_the_ticket_list_holds_only_what_the_entrance_needs(django_assert_num_queries) -> None:
    event = fair_today(capacity=1)
    confirmed = seat(event, "Zoë Müller", "ゾエ ミュラー")
    waiting = seat(event, "Ken Ito", "")
    cancelled = seat(fair_today(), "Old Ticket", "")
    Registration.objects.filter(pk=cancelled.pk).update(event=event, status="cancelled")
    svc.check_in(registration=confirmed)

    with django_assert_num_queries(1):
        tickets = {t["token"]: t for t in checkin.desk_list(event)}

    assert tickets[str(confirmed.ticket_token)] == {
        "token": str(confirmed.ticket_token),
        "status": "confirmed",
        "checked_in_at": stored(confirmed).checked_in_at.isoformat(),
        "name": "Zoë Müller",
        "kana": "ゾエ ミュラー",
        "search": "zoe muller ゾエ ミュラー",
    }
    assert tickets[str(waiting.ticket_token)]["status"] == "waitlisted"
    assert tickets[str(cancelled.ticket_token)] == {
        "token": str(cancelled.ticket_token),
        "status": "cancelled",
        "checked_in_at": None,
    }


def test_a_sync_costs_the_same_few_queries_per_scan(django_assert_num_queries) -> None:
    """One query finds every ticket of the batch; each scan then costs its check-in (locking
    the registration, writing it, and the savepoint of its transaction inside the test's)."""
    event = fair_today()
    batches = [[scan(seat(event, f"P{n}-{i}", ""), None) for i in range(n)] for n in (2, 6)]
    counts = []
    for batch in batches:
        parsed = checkin.parse_scans(batch)
        with django_assert_num_queries(1 + 4 * len(batch)) as captured:
            checkin.check_in_scans(event=event, scans=parsed)
        counts.append(len(captured))
    assert counts == [9, 25]


# --- The window: check-in opens on the event day, at every door -----------------------------


@override_settings(CHECKIN_OPENS_BEFORE=timedelta(hours=3))
def test_check_in_opens_a_configured_time_before_the_start() -> None:
    event = EventFactory()  # in 30 days
    registration = seat(event)
    opens = event.starts_at - timedelta(hours=3)

    with pytest.raises(svc.CheckInRefused, match="Check-in opens at") as refused:
        svc.check_in(registration=registration, now=opens - timedelta(seconds=1))
    assert refused.value.code == "not_open"
    assert stored(registration).checked_in_at is None

    svc.check_in(registration=registration, now=opens)
    assert stored(registration).checked_in_at == opens


def test_the_desk_and_the_qr_address_obey_the_window() -> None:
    event = EventFactory()  # in 30 days: check-in is not open
    registration = seat(event)
    client = desk_client()

    desk = client.get(reverse("events:checkin_desk", args=[event.slug])).content.decode()
    page = client.post(reverse("events:check_in", args=[registration.ticket_token]))

    assert "Check-in opens at" in desk
    assert "Check-in opens at" in page.content.decode()
    assert stored(registration).checked_in_at is None


def test_the_scanner_obeys_the_window_and_a_scan_made_before_it_opened_stays_refused() -> None:
    soon = fair_today()
    later = EventFactory()
    too_early, early_scan = seat(later), seat(soon)
    opens = svc.checkin_opens_at(soon)
    client = desk_client()

    refused = sync(client, later, [scan(too_early, None)]).json()["results"][0]
    # Scanned (offline, by a phone whose clock the server trusts) before check-in opened.
    stale = sync(client, soon, [scan(early_scan, opens - timedelta(minutes=1))]).json()

    assert (refused["outcome"], refused["reason"], refused["status"]) == (
        "rejected", "not_open", "confirmed",
    )  # fmt: skip
    assert refused["message"].startswith("Check-in opens at")
    assert stale["results"][0]["reason"] == "not_open"
    assert stored(too_early).checked_in_at is None
    assert stored(early_scan).checked_in_at is None
    page = client.get(reverse("events:scanner", args=[later.slug])).content.decode()
    assert "Check-in opens at" in page


# --- The addresses ----------------------------------------------------------------------------


def test_the_sync_address_answers_each_result_and_the_live_count() -> None:
    event = fair_today()
    registration = seat(event)
    client = desk_client()

    answer = sync(client, event, [scan(registration, timezone.now())])

    assert answer.status_code == 200
    body = answer.json()
    assert body["confirmed"] == 1
    assert body["checked_in"] == 1
    assert body["results"][0]["outcome"] == "checked_in"
    assert body["results"][0]["name"] == "Hanako Sato"
    assert body["results"][0]["kana"] == "サトウ ハナコ"


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"token": "a dict, not a list"}', json.dumps([{}] * 501).encode()],
    ids=["not-json", "not-a-list", "too-many"],
)
def test_a_body_that_is_not_a_list_of_scans_is_refused_and_nothing_changes(body: bytes) -> None:
    event = fair_today()
    seat(event)
    answer = desk_client().post(
        reverse("events:scanner_sync", args=[event.slug]), body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert checkin.live_counts(event)["checked_in"] == 0


def test_only_staff_holding_the_check_in_permission_may_sync(alice, staff) -> None:
    event = fair_today()
    registration = seat(event)
    no_duties = StaffFactory(email="nobody@clair.example", is_superuser=False)
    statuses = {}
    for who, user in [("anonymous", None), ("participant", alice), ("no duties", no_duties)]:
        client = Client()
        if user:
            client.force_login(user)
        statuses[who] = sync(client, event, [scan(registration, None)]).status_code
    assert statuses == {"anonymous": 302, "participant": 403, "no duties": 403}
    assert stored(registration).checked_in_at is None

    assert sync(desk_client(), event, [scan(registration, None)]).status_code == 200
    assert stored(registration).checked_in_at is not None


def test_the_state_address_gives_the_count_the_time_and_a_csrf_token() -> None:
    event = fair_today()
    svc.check_in(registration=seat(event))
    seat(event, "Ken Ito", "")

    body = desk_client().get(reverse("events:scanner_state", args=[event.slug])).json()

    assert (body["confirmed"], body["checked_in"]) == (2, 1)
    assert abs(datetime.fromisoformat(body["now"]) - timezone.now()) < timedelta(minutes=1)
    assert body["csrf"]


def test_the_scanner_heading_uses_the_readers_colon() -> None:
    event = fair_today()
    client = desk_client()
    client.cookies["django_language"] = "ja"
    page = client.get(reverse("events:scanner", args=[event.slug])).content.decode()
    heading = page.split('id="scanner-heading">', 1)[1].split("</h1>", 1)[0]
    assert heading == f"スキャナー：{event.title}"


def test_the_service_worker_lives_in_the_page_folder_and_keeps_the_shell() -> None:
    event = fair_today()
    client = desk_client()
    page_url = reverse("events:scanner", args=[event.slug])

    worker = client.get(reverse("events:scanner_sw", args=[event.slug]))
    page = client.get(page_url).content.decode()

    assert worker["Content-Type"].startswith("text/javascript")
    assert reverse("events:scanner_sw", args=[event.slug]).startswith(page_url)
    source = worker.content.decode()
    assert f'"page": "{page_url}"' in source
    assert "/static/js/scanner/scanner.js" in source
    assert 'importScripts("/static/js/scanner/worker.js")' in source
    # Every script the page loads is one the worker keeps.
    for script in ("search.js", "store.js", "scanner.js"):
        assert f"/static/js/scanner/{script}" in page
    assert 'id="scanner-config"' in page
    assert "<script>" not in page  # no inline script (CSP)


def test_the_desk_and_the_events_admin_page_link_to_the_scanner(staff) -> None:
    event = fair_today()
    scanner = reverse("events:scanner", args=[event.slug])
    desk = desk_client().get(reverse("events:checkin_desk", args=[event.slug]))
    admin = Client()
    admin.force_login(staff)
    change = admin.get(reverse("admin:events_event_change", args=[event.pk]))

    assert f'href="{scanner}"' in desk.content.decode()
    assert f'href="{scanner}"' in change.content.decode()


def test_the_ticket_list_is_handed_out_until_a_day_after_the_event_then_refused() -> None:
    """The list of names may stay on a phone only a day past the event's end
    (checkin.list_kept_until); after it the server answers 410 with the reason, in the
    reader's language, and the scanner page tells staff when the list leaves the phone."""
    event = fair_today()
    seat(event)
    client = desk_client()
    tickets = reverse("events:scanner_tickets", args=[event.slug])
    assert checkin.list_kept_until(event) == event.ends_at + timedelta(days=1)
    assert client.get(tickets).status_code == 200

    page = client.get(reverse("events:scanner", args=[event.slug])).content.decode()
    assert checkin.list_kept_until(event).isoformat() in page  # the page's config: keepUntil
    assert "The list of names leaves this phone after" in page

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2, hours=3),
        ends_at=timezone.now() - timedelta(days=1, minutes=1),
    )
    refused = client.get(tickets, HTTP_ACCEPT_LANGUAGE="ja")
    assert refused.status_code == 410
    over = "このイベントは終了したため、名簿は端末に保存できなくなりました。"
    assert refused.json() == {"error": over}
    # Until the moment itself, the list is still handed out (a phone sends its queue first).
    Event.objects.filter(pk=event.pk).update(ends_at=timezone.now() - timedelta(hours=23))
    assert client.get(tickets).status_code == 200
