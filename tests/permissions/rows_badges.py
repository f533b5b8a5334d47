"""Matrix rows: the name badges PDF of an event's confirmed list (issue #17), for staff who check
people in (the desk's duty, as the check-in desk and the scanner). Uses the fair of
rows_events.py."""

from __future__ import annotations

from tests.permissions.matrix import Row, World, every


def event(world: World) -> dict[str, str]:
    return {"slug": world.event.slug}


CHECK_IN = every(403, anonymous=302, desk=200, administration=200, staff=200)

ROWS = [
    Row("events:badges", CHECK_IN, kwargs=event),
]
