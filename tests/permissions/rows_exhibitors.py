"""Matrix rows: booth applications and the résumé book. erika's employer X is an approved
exhibitor of the fair "matrix-exhibit-fair"; yuto's employer Y has not applied. Carol, who
consents to share her profile, holds a confirmed seat there (Alice and Bob do not)."""

from __future__ import annotations

from events.services import exhibitors, registrations
from participants import services as participants
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory, pdf_upload
from tests.permissions.matrix import CV_READERS, Row, World, every

PRIORITY = 2  # after rows_employers (employers X and Y) and rows_events (the networking event)


def prepare(world: World) -> None:
    fair = EventFactory(slug="matrix-exhibit-fair", booth_capacity=5)
    carol = ProfileFactory(full_name="Carol Consent")
    participants.replace_cv(profile=carol, upload=pdf_upload("carol.pdf"))
    participants.set_consent(profile=carol, share=True)
    registrations.register(event=fair, profile=carol)
    application = exhibitors.apply_for_booth(
        event=fair,
        employer=world.employer_x,
        by=world.users["erika"],
        wants_booth=True,
        online_presentation=False,
        note="",
    )
    exhibitors.approve_exhibitor(exhibitor=application, booth_label="A1")
    world.objects.update(exhibit_fair=fair, carol_profile=carol)


def fair(world: World) -> dict[str, str]:
    return {"slug": world.exhibit_fair.slug}


def carol(world: World) -> dict[str, object]:
    return {"slug": world.exhibit_fair.slug, "pk": world.carol_profile.pk}


EMPLOYER_MEMBERS = every(403, anonymous=302, erika=200, yuto=200)
# erika's application is shown again; yuto's organisation applies: both are redirected.
EMPLOYER_POST = every(403, anonymous=302, erika=302, yuto=302)
APPLICATION = {"wants_booth": "on", "note": "Two recruiters will attend."}

ROWS = [
    Row("events:exhibitor_fairs", EMPLOYER_MEMBERS),
    Row("events:exhibit", EMPLOYER_MEMBERS, kwargs=fair),
    Row("events:exhibit", EMPLOYER_POST, kwargs=fair, method="post", data=APPLICATION),
    # Organisations exhibit at career fairs only: other events have no exhibit page.
    Row(
        "events:exhibit",
        every(403, anonymous=302, erika=404, yuto=404),
        kwargs=lambda w: {"slug": w.meetup.slug},
    ),
    Row("events:withdraw_exhibitor", every(405), kwargs=fair),
    # yuto's organisation has no application to withdraw.
    Row(
        "events:withdraw_exhibitor",
        every(403, anonymous=302, erika=302, yuto=404),
        kwargs=fair,
        method="post",
    ),
    # Only approved exhibitors of this fair, and staff; yuto's organisation is not one.
    # Staff who may read CVs: internship screening and administration.
    Row("events:resume_book", every(403, anonymous=302, erika=200, **CV_READERS), kwargs=fair),
    Row("events:resume_book_csv", every(403, anonymous=302, **CV_READERS), kwargs=fair),
    # The résumé book's downloads: whoever reads the book (erika's organisation, CV readers).
    Row(
        "events:resume_book_export",
        every(403, anonymous=302, erika=200, **CV_READERS),
        kwargs=lambda w: {"slug": w.exhibit_fair.slug, "fmt": "xlsx"},
    ),
    Row(
        "events:resume_book_cvs",
        every(403, anonymous=302, erika=200, **CV_READERS),
        kwargs=fair,
    ),
    # The shortlist: members of an exhibiting organisation only (staff keep none); a form
    # that answers with the résumé book again (302).
    Row("events:shortlist_save", every(405), kwargs=carol),
    Row(
        "events:shortlist_save",
        every(403, anonymous=302, erika=302),
        kwargs=carol,
        method="post",
        data={"note": "Speaks Japanese well; call after the fair."},
    ),
    Row("events:shortlist_remove", every(405), kwargs=carol),
    Row(
        "events:shortlist_remove",
        every(403, anonymous=302, erika=302),
        kwargs=carol,
        method="post",
    ),
    # Carol consents and is registered for the fair X exhibits at: erika reads her CV, yuto
    # (and Alice and Bob) find nothing there.
    Row(
        "participants:cv_download",
        every(404, anonymous=302, erika=200, **CV_READERS),
        kwargs=lambda w: {"pk": w.carol_profile.pk},
    ),
]
