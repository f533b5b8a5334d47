"""Matrix rows: booth interviews (issue #17). At the fair "matrix-interview-fair" erika's
employer X is an approved exhibitor with booth I1 and offers two times; yuto's employer Y does
not exhibit there. Alice holds a seat and has booked the first time; Dana, who shares her
profile with employers, holds a seat too (the résumé book's candidate); Bob has no seat."""

from __future__ import annotations

from datetime import timedelta

from events.services import exhibitors, interviews, registrations
from participants import services as participants
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.permissions.matrix import Row, World, every

PRIORITY = 2  # after rows_participants (Alice's profile) and rows_employers (employer X)


def prepare(world: World) -> None:
    fair = EventFactory(slug="matrix-interview-fair", booth_capacity=5)
    erika = world.users["erika"]
    application = exhibitors.apply_for_booth(
        event=fair, employer=world.employer_x, by=erika, wants_booth=True,
        online_presentation=False, note="",
    )  # fmt: skip
    booth = exhibitors.approve_exhibitor(exhibitor=application, booth_label="I1")
    booked, free = interviews.offer_slots(
        exhibitor=booth, starts_at=fair.starts_at, ends_at=fair.starts_at + timedelta(minutes=40),
        length_minutes=20, parallel=1, by=erika,
    )  # fmt: skip
    alice = registrations.register(event=fair, profile=world.alice_profile)
    dana = ProfileFactory(full_name="Dana Consent")
    participants.set_consent(profile=dana, share=True)
    registrations.register(event=fair, profile=dana)
    world.objects.update(
        interview_fair=fair,
        interview_booking=interviews.book_interview(slot=booked, registration=alice),
        free_interview_slot=free,
        dana_profile=dana,
    )


def fair(world: World) -> dict[str, str]:
    return {"slug": world.interview_fair.slug}


def free_slot(world: World) -> dict[str, object]:
    return {"slug": world.interview_fair.slug, "pk": world.free_interview_slot.pk}


def booking(world: World) -> dict[str, int]:
    return {"pk": world.interview_booking.pk}


# The booth's own page: the organisation's members only (staff read the schedule instead).
MEMBERS = every(403, anonymous=302, erika=200)
MEMBERS_POST = every(403, anonymous=302, erika=302)
# A booking: its two sides (Alice, who booked; erika's organisation); to anyone else it does
# not exist.
SIDES = every(404, anonymous=302, alice=200, erika=200)
# Alice cancels; erika then finds it cancelled already: both go back to their page.
SIDES_POST = every(404, anonymous=302, alice=302, erika=302)

ROWS = [
    Row("events:manage_interviews", MEMBERS, kwargs=fair),
    # An offer the form refuses (the time is outside the fair): the page again, nothing made.
    Row(
        "events:manage_interviews",
        every(403, anonymous=302, erika=200),
        kwargs=fair,
        method="post",
        data={
            "day": "2000-01-01",
            "start": "09:00",
            "end": "10:00",
            "length": "20",
            "parallel": "1",
        },
    ),
    Row("events:remove_interview_slot", MEMBERS, kwargs=free_slot),
    Row("events:remove_interview_slot", MEMBERS_POST, kwargs=free_slot, method="post"),
    Row(
        "events:invite_to_interview",
        every(405),
        kwargs=lambda w: {"slug": w.interview_fair.slug, "pk": w.dana_profile.pk},
    ),
    Row(
        "events:invite_to_interview",
        MEMBERS_POST,
        kwargs=lambda w: {"slug": w.interview_fair.slug, "pk": w.dana_profile.pk},
        method="post",
        data={"message": "Please visit booth I1."},
    ),
    # Participants book; Alice has an interview at the booth already and Bob no seat: both
    # are told why on the fair's page (302).
    Row("events:book_interview", every(405), kwargs=lambda w: {"pk": w.free_interview_slot.pk}),
    Row(
        "events:book_interview",
        every(403, anonymous=302, alice=302, bob=302),
        kwargs=lambda w: {"pk": w.free_interview_slot.pk},
        method="post",
    ),
    Row("events:cancel_interview", SIDES, kwargs=booking),
    Row("events:cancel_interview", SIDES_POST, kwargs=booking, method="post"),
    Row("events:interview_ics", SIDES, kwargs=booking),
    # Staff who see registrations: the event desk and administration.
    Row(
        "events:interview_schedule",
        every(403, anonymous=302, desk=200, administration=200, staff=200),
        kwargs=fair,
    ),
]
