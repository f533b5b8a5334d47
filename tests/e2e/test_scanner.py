"""The check-in scanner on a staff phone (issue #17), in a real browser whose camera films QR
codes: Chromium's fake camera plays a video written here (Y4M, frames drawn from segno's QR
matrices), each ticket's code for a few seconds with a blank between them, as a queue of
people passing the phone. Online, three tickets in a row; offline, the same, one of them
cancelled on the server meanwhile, then back online: the phone shows the correction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration
from events.services import registrations
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("staff_groups"),  # the desk's group, emptied by the previous test
]

WIDTH, HEIGHT, FPS = 480, 360, 5
PEOPLE = [
    ("Hanako Sato", "サトウ ハナコ"),
    ("Emily Carter", "エミリー カーター"),
    ("Kenji Ito", "イトウ ケンジ"),
]


def qr_frame(text: str) -> bytes:
    """The luma plane of one frame: `text` as a QR code, black on white, in the middle."""
    matrix = segno.make(text, error="m").matrix
    size = len(matrix)
    scale = min(WIDTH, HEIGHT) // (size + 8)  # a quiet zone of four modules each side
    left, top = (WIDTH - size * scale) // 2, (HEIGHT - size * scale) // 2
    plane = bytearray(b"\xff" * (WIDTH * HEIGHT))
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            if not dark:
                continue
            for dy in range(scale):
                start = (top + row * scale + dy) * WIDTH + left + column * scale
                plane[start : start + scale] = bytes(scale)
    return bytes(plane)


def write_video(path: Path, texts: list[str], seconds: int = 3, gap: int = 1) -> Path:
    """A Y4M video (the format Chromium's fake camera plays, looping) showing each text's QR
    code for `seconds`, then a blank frame for `gap` seconds."""
    blank = b"\xeb" * (WIDTH * HEIGHT)
    chroma = b"\x80" * (WIDTH * HEIGHT // 2)  # grey: no colour
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for text in texts:
            for luma in [qr_frame(text)] * (seconds * FPS) + [blank] * (gap * FPS):
                video.write(b"FRAME\n" + luma + chroma)
    return path


@pytest.fixture
def filming(browser, live_server, tmp_path) -> Iterator:
    """Opens a phone (a browser of its own, its camera filming the given tickets); closes it."""
    opened = []

    def phone(tickets: list[Registration]):
        urls = [f"{live_server.url}/events/checkin/{t.ticket_token}/" for t in tickets]
        video = write_video(tmp_path / f"tickets-{len(opened)}.y4m", urls)
        camera = [
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
            "--autoplay-policy=no-user-gesture-required",
        ]
        chromium = browser.browser_type.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + camera
        )
        context = chromium.new_context(viewport={"width": 412, "height": 915}, locale="en-GB")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.base_url = live_server.url
        opened.append(chromium)
        return page

    yield phone
    for chromium in opened:
        chromium.close()


def fair_with_people() -> tuple[Event, list[Registration]]:
    start = timezone.now() + timedelta(hours=1)  # check-in is open
    event = EventFactory(title_en="Yokohama Fair", starts_at=start, registration_closes_at=None)
    tickets = [
        registrations.register(
            event=event, profile=ProfileFactory(full_name=name, full_name_kana=kana)
        )
        for name, kana in PEOPLE
    ]
    StaffFactory(
        email="desk@clair.example",
        is_superuser=False,
        groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)],
    )
    return event, tickets


def open_scanner(page, event: Event) -> None:
    log_in(page, "desk@clair.example", next_path=f"/events/{event.slug}/scanner/")
    expect(page.locator("#scanner[data-ready=yes]")).to_be_attached()
    # The list for offline use is on the phone once it says how many tickets it holds.
    expect(page.locator("#scanner-list-info")).to_contain_text("Tickets on this phone: 3")


def start_camera(page) -> None:
    page.get_by_role("button", name="Start the camera").click()


def dismiss(page) -> None:
    """Tap the result away (as staff do to see the page under it)."""
    result = page.locator("#scan-result")
    if result.is_visible():
        result.click()


def recent(page, kind: str):
    return page.locator(f"#scanner-recent li[data-kind={kind}]")


def checked_in_at(ticket: Registration):
    return Registration.objects.get(pk=ticket.pk).checked_in_at


def test_three_tickets_in_a_row_each_checked_in_by_the_server(filming) -> None:
    event, tickets = fair_with_people()
    page = filming(tickets)
    open_scanner(page, event)
    expect(page.locator("#scanner-count")).to_have_text("0 of 3 checked in")

    start_camera(page)

    result = page.locator("#scan-result")
    expect(result).to_have_attribute("data-kind", "ok")
    expect(result).to_contain_text("Hanako Sato")
    expect(result).to_contain_text("サトウ ハナコ")
    screenshot(page, "scanner-green")
    for name, _kana in PEOPLE:
        expect(recent(page, "ok").filter(has_text=name)).to_have_count(1)
    expect(page.locator("#scanner-count")).to_have_text("3 of 3 checked in")
    assert all(checked_in_at(ticket) for ticket in tickets)
    assert Event.objects.get(pk=event.pk).checked_in_count == 3

    # The video starts again: the first ticket is amber now, with its time.
    expect(recent(page, "warn").filter(has_text="Hanako Sato").first).to_contain_text(
        "Already checked in at"
    )
    expect(page.locator("#scanner-network")).to_have_text("Connected")


def test_offline_the_phone_checks_in_and_the_server_corrects_a_ticket_cancelled_meanwhile(
    filming,
) -> None:
    event, tickets = fair_with_people()
    kenji = tickets[2]
    page = filming(tickets)
    open_scanner(page, event)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.context.set_offline(True)
    # The service worker kept the page: it opens again without a network.
    reached = "fetch('/health/live/').then(() => 'reached', () => 'offline')"
    assert [w.evaluate(reached) for w in page.context.service_workers] == ["offline"]
    assert page.reload().from_service_worker
    expect(page.locator("#scanner[data-ready=yes]")).to_be_attached()
    expect(page.locator("#scanner-network")).to_have_text("Offline")
    start_camera(page)

    for name, _kana in PEOPLE:
        expect(recent(page, "ok").filter(has_text=name)).to_have_count(1)
    expect(page.locator("#scanner-queued")).to_have_text("Waiting to be sent: 3")
    dismiss(page)
    screenshot(page, "scanner-offline")
    assert not any(checked_in_at(ticket) for ticket in tickets)  # nothing reached the server
    # Meanwhile Kenji cancels (from the office, say): the phone let him in from its old list.
    registrations.cancel_registration(registration=kenji)
    # The name search works offline too, however the name is typed.
    page.locator("#scanner-search").fill("ｻﾄｳ ﾊﾅｺ")
    expect(page.locator("#scanner-results")).to_contain_text("Hanako Sato")
    expect(page.locator("#scanner-results")).to_contain_text("Checked in")

    page.context.set_offline(False)

    corrections = page.locator("#scanner-corrections-list")
    expect(corrections).to_contain_text("Kenji Ito")
    expect(corrections).to_contain_text("This registration was cancelled.")
    expect(page.locator("#scanner-queued")).to_be_hidden()
    expect(page.locator("#scanner-count")).to_have_text("2 of 2 checked in")
    dismiss(page)
    screenshot(page, "scanner-corrected")
    hanako, emily, kenji = (Registration.objects.get(pk=t.pk) for t in tickets)
    assert hanako.checked_in_at is not None
    assert emily.checked_in_at is not None
    assert hanako.checked_in_at < emily.checked_in_at  # each kept the time of its scan
    assert kenji.status == "cancelled"
    assert kenji.checked_in_at is None


# IndexedDB, read and written as the page's own scripts do (static/js/scanner/store.js).
DATABASES = "indexedDB.databases().then((dbs) => dbs.map((db) => db.name).sort())"
WRITE = """([name, store, value, key]) => new Promise((resolve, reject) => {
  const request = indexedDB.open(name, 1);
  request.onsuccess = () => {
    const db = request.result;
    const tx = db.transaction(store, "readwrite");
    if (value === null) tx.objectStore(store).clear();
    else tx.objectStore(store).put(value, key === null ? undefined : key);
    tx.oncomplete = () => { db.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
  request.onerror = () => reject(request.error);
})"""


def test_a_list_past_its_time_leaves_the_phone_once_its_check_ins_are_sent(filming) -> None:
    """The names of an event's list stay on a phone until a day after the event
    (checkin.list_kept_until): the scanner page of any event then removes them, but not while
    a check-in kept offline still waits to be sent; the page of the event itself says so and
    goes to the desk."""
    first, tickets = fair_with_people()
    page = filming(tickets)
    said = []
    page.on("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
    open_scanner(page, first)
    first_db = f"jetcareer-scanner-{first.slug}"
    assert first_db in page.evaluate(DATABASES)
    # A day after the first event, with one of its check-ins still waiting to be sent:
    page.evaluate(WRITE, [first_db, "meta", 1000, "keepUntil"])
    waiting = {"local_id": "scan-1", "token": str(tickets[0].ticket_token)}
    page.evaluate(WRITE, [first_db, "queue", waiting, None])

    second = EventFactory(
        title_en="Kobe Fair",
        starts_at=timezone.now() + timedelta(hours=1),
        capacity=None,
        registration_closes_at=None,
    )
    registrations.register(event=second, profile=ProfileFactory(full_name="Aiko Mori"))
    page.goto(f"{page.base_url}/events/{second.slug}/scanner/")
    expect(page.locator("#scanner[data-ready=yes]")).to_be_attached()
    expect(page.locator("#scanner-list-info")).to_contain_text("Tickets on this phone: 1")
    expect(page.locator("#scanner-kept-until")).to_contain_text("leaves this phone after")
    assert first_db in page.evaluate(DATABASES)  # its check-in is not sent yet

    page.evaluate(WRITE, [first_db, "queue", None, None])  # sent
    page.reload()
    expect(page.locator("#scanner[data-ready=yes]")).to_be_attached()
    assert page.evaluate(DATABASES) == [f"jetcareer-scanner-{second.slug}"]

    # The second event is over too (a day and more): its own page removes its list.
    Event.objects.filter(pk=second.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1, hours=1),
    )
    page.reload()
    expect(page).to_have_url(re.compile(rf"/events/{second.slug}/desk/$"))
    assert said == ["This event is over: its list was removed from this phone."]
    assert page.evaluate(DATABASES) == []
    # The desk no longer offers the scanner; opened anyway, it says the list is not kept.
    expect(page.locator("#scanner-closed")).to_contain_text("The event is over")
    page.goto(f"{page.base_url}/events/{second.slug}/scanner/")
    expect(page).to_have_url(re.compile(rf"/events/{second.slug}/desk/$"))
    assert said[-1] == "This event is over: its list is no longer kept on phones."
    assert page.evaluate(DATABASES) == []
