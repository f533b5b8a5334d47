"""Matrix rows: the check-in scanner for staff phones (issue #17), for staff who check people in
(the desk's duty, as the check-in desk). Uses the fair of rows_events.py."""

from __future__ import annotations

from tests.permissions.matrix import Row, World, every


def event(world: World) -> dict[str, str]:
    return {"slug": world.event.slug}


CHECK_IN = every(403, anonymous=302, desk=200, administration=200, staff=200)

ROWS = [
    Row("events:scanner", CHECK_IN, kwargs=event),
    Row("events:scanner_sw", CHECK_IN, kwargs=event),
    Row("events:scanner_tickets", CHECK_IN, kwargs=event),
    Row("events:scanner_state", CHECK_IN, kwargs=event),
    Row("events:scanner_sync", every(405), kwargs=event),
    # The matrix posts a form, not a list of scans: refused with the reason, nothing changes.
    Row(
        "events:scanner_sync",
        every(403, anonymous=302, desk=400, administration=400, staff=400),
        kwargs=event,
        method="post",
    ),
]
