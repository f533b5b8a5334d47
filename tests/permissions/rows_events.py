"""Matrix rows: event pages. Alice holds a confirmed registration for an open fair."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from events.models import CalendarFeed
from events.services import consultations, registrations
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.permissions.matrix import Row, World, every


def prepare(world: World) -> None:
    event = EventFactory(slug="matrix-fair", capacity=100)
    world.objects["event"] = event
    registration = registrations.register(event=event, profile=world.alice_profile)
    world.objects["alice_registration"] = registration
    world.objects["alice_feed"] = CalendarFeed.objects.create(participant=world.alice_profile)

    start = timezone.now() + timedelta(days=20)
    meetup = EventFactory(slug="matrix-networking", kind="networking", starts_at=start,
                          ends_at=start + timedelta(hours=3))  # fmt: skip
    registrations.register(event=meetup, profile=world.alice_profile)
    advisor = ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True)
    slot = consultations.offer_slot(event=meetup, advisor=advisor, starts_at=start, field="it",
                                    minutes=30)  # fmt: skip
    world.objects["meetup"] = meetup
    world.objects["slot"] = consultations.book_slot(slot=slot, profile=world.alice_profile)


def event(world: World) -> dict[str, str]:
    return {"slug": world.event.slug}


def meetup(world: World) -> dict[str, str]:
    return {"slug": world.meetup.slug}


def slot(world: World) -> dict[str, int]:
    return {"pk": world.slot.pk}


def alice_ticket(world: World) -> dict[str, object]:
    return {"token": world.alice_registration.ticket_token}


# Staff by duty (issue #13): the desk and administration see any ticket and check people in;
# a staff account without a group sees nothing.
OWNER_OR_STAFF = every(404, anonymous=302, alice=200, desk=200, administration=200, staff=200)
CHECK_IN = every(403, anonymous=302, desk=200, administration=200, staff=200)
PARTICIPANTS = every(403, anonymous=302, alice=200, bob=200)
PARTICIPANT_REDIRECT = every(403, anonymous=302, alice=302, bob=302)

ROWS = [
    Row("events:list", every(200)),
    Row("events:detail", every(200), kwargs=event),
    Row("events:register", every(405), kwargs=event),
    # Alice is registered already: she is told so and sent back to the event page.
    Row(
        "events:register",
        every(403, anonymous=302, alice=302, bob=302),
        kwargs=event,
        method="post",
    ),
    Row("events:mine", every(403, anonymous=302, alice=200, bob=200)),
    Row("events:ticket", OWNER_OR_STAFF, kwargs=alice_ticket),
    Row("events:ticket_ics", OWNER_OR_STAFF, kwargs=alice_ticket),
    # GET asks first (issue #16): the owner, and staff who may cancel anyone's seat.
    Row(
        "events:cancel",
        every(404, anonymous=302, alice=200, administration=200, staff=200),
        kwargs=alice_ticket,
    ),
    Row(
        "events:cancel",
        # Cancelling someone else's seat needs the change permission: not the desk's.
        every(404, anonymous=302, alice=302, administration=302, staff=302),
        kwargs=alice_ticket,
        method="post",
    ),
    Row("events:change_attendance", every(405), kwargs=alice_ticket),
    # Alice's fair is not hybrid: she is told so on her ticket; nobody else may try.
    Row(
        "events:change_attendance",
        every(404, anonymous=302, alice=302, administration=302, staff=302),
        kwargs=alice_ticket,
        method="post",
    ),
    # The feed URL is the secret: calendar apps cannot log in.
    Row("events:calendar_feed", every(200), kwargs=lambda w: {"token": w.alice_feed.token}),
    # Each participant replaces only their own feed's address (no id in the URL).
    Row("events:rotate_calendar_feed", every(405)),
    Row(
        "events:rotate_calendar_feed",
        every(403, anonymous=302, alice=302, bob=302),
        method="post",
    ),
    Row("events:check_in", CHECK_IN, kwargs=alice_ticket),
    Row("events:checkin_desk", CHECK_IN, kwargs=event),
    Row("events:consultations", PARTICIPANTS, kwargs=meetup),
    # Neither Alice nor Bob is an advisor: both are sent to the advisor page.
    Row("events:offer_consultations", PARTICIPANT_REDIRECT, kwargs=meetup),
    Row("events:book_consultation", every(405), kwargs=slot),
    Row("events:book_consultation", PARTICIPANT_REDIRECT, kwargs=slot, method="post"),
    # GET asks first (who, when, where): the person who booked only.
    Row("events:cancel_consultation", every(403, anonymous=302, alice=200, bob=404), kwargs=slot),
    Row(
        "events:cancel_consultation",
        every(403, anonymous=302, alice=302, bob=404),
        kwargs=slot,
        method="post",
    ),
    # The booking's calendar file: who booked it (Alice) and the advisor (tests/events).
    Row("events:consultation_ics", every(403, anonymous=302, alice=200, bob=404), kwargs=slot),
]
