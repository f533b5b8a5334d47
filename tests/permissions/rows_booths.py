"""Matrix rows: booth lead capture (issue #17). Alice switches sharing on her own ticket (the
fair of rows_events.py); at the fair of rows_exhibitors.py erika's employer X is an approved
exhibitor whose member scanned Carol (who shares with booths) on the fair day, and yuto's
employer Y has not applied: only erika uses the booth's pages. Staff read booths in admin."""

from __future__ import annotations

from datetime import timedelta

from events.models import Exhibitor, Registration
from events.services import booth_leads
from tests.permissions.matrix import Row, World, every

PRIORITY = 3  # after rows_exhibitors (the fair, employer X's approval, Carol's seat)


def prepare(world: World) -> None:
    fair = world.exhibit_fair
    exhibitor = Exhibitor.objects.get(event=fair, employer=world.employer_x)
    carol = Registration.objects.get(event=fair, participant=world.carol_profile)
    booth_leads.set_sharing(carol, shares=True)
    scan = booth_leads.scan_at_booth(
        exhibitor=exhibitor,
        token=str(carol.ticket_token),
        by=world.users["erika"],
        now=fair.starts_at + timedelta(hours=1),  # on the fair day
    )
    world.objects["carol_lead"] = scan.lead


def fair(world: World) -> dict[str, str]:
    return {"slug": world.exhibit_fair.slug}


def alice_ticket(world: World) -> dict[str, object]:
    return {"token": world.alice_registration.ticket_token}


def carol_lead(world: World) -> dict[str, object]:
    return {"slug": world.exhibit_fair.slug, "pk": world.carol_lead.pk}


BOOTH = every(403, anonymous=302, erika=200)

ROWS = [
    Row("events:booth_sharing", every(405), kwargs=alice_ticket),
    # The ticket's owner only, back to her ticket; anyone else's ticket does not exist for them
    # (staff included: consent is the person's own).
    Row(
        "events:booth_sharing",
        every(404, anonymous=302, alice=302),
        kwargs=alice_ticket,
        method="post",
        data={"shares": "on"},
    ),
    Row("events:booth_scanner", BOOTH, kwargs=fair),
    Row("events:booth_scan", every(405), kwargs=fair),
    # The matrix posts a form, not {"token": …}: erika is told what to send, nothing changes.
    Row("events:booth_scan", every(403, anonymous=302, erika=400), kwargs=fair, method="post"),
    Row("events:booth_leads", BOOTH, kwargs=fair),
    Row("events:booth_lead_update", every(405), kwargs=carol_lead),
    Row(
        "events:booth_lead_update",
        every(403, anonymous=302, erika=302),
        kwargs=carol_lead,
        method="post",
        data={"rating": "3", "note": "Fluent Japanese."},
    ),
    Row(
        "events:booth_leads_export",
        BOOTH,
        kwargs=lambda w: {"slug": w.exhibit_fair.slug, "fmt": "csv"},
    ),
]
