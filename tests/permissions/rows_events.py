"""Matrix rows: event pages. Alice holds a confirmed registration for an open fair."""

from __future__ import annotations

from events.services import registrations
from tests.events.factories import EventFactory
from tests.permissions.matrix import Row, World, every


def prepare(world: World) -> None:
    event = EventFactory(slug="matrix-fair", capacity=100)
    world.objects["event"] = event
    registration = registrations.register(event=event, profile=world.alice_profile)
    world.objects["alice_registration"] = registration
    from events.models import CalendarFeed

    world.objects["alice_feed"] = CalendarFeed.objects.create(participant=world.alice_profile)


def event(world: World) -> dict[str, str]:
    return {"slug": world.event.slug}


def alice_ticket(world: World) -> dict[str, object]:
    return {"token": world.alice_registration.ticket_token}


OWNER_OR_STAFF = every(404, anonymous=302, alice=200, staff=200)
STAFF_ONLY = every(403, anonymous=302, staff=200)

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
    Row("events:cancel", every(405), kwargs=alice_ticket),
    Row(
        "events:cancel",
        every(404, anonymous=302, alice=302, staff=302),
        kwargs=alice_ticket,
        method="post",
    ),
    # The feed URL is the secret: calendar apps cannot log in.
    Row("events:calendar_feed", every(200), kwargs=lambda w: {"token": w.alice_feed.token}),
    Row("events:check_in", STAFF_ONLY, kwargs=alice_ticket),
    Row("events:checkin_desk", STAFF_ONLY, kwargs=event),
]
