"""Matrix rows: regional pages. The matrix has six roles and no host member among them, so
prepare() makes erika a member of host P (Nagano Prefecture) and yuto a member of host Q
(Iwate Prefecture). Membership is independent of the account type: they stay employer
users, and their employers X and Y are untouched. Every object below belongs to host P, so
erika sees it, yuto (another host's member) gets 404 and everyone else 403 (or the login page).
"""

from __future__ import annotations

from datetime import date

from regional.models import HostInvitation, SubsidyApplication
from regional.services import members
from tests.events.factories import EventFactory
from tests.permissions.matrix import Row, World, every
from tests.regional.factories import (
    FurusatoCallFactory,
    HostMemberFactory,
    PrefectureHostFactory,
    SubsidyApplicationFactory,
)


def prepare(world: World) -> None:
    host_p = PrefectureHostFactory(slug="host-p", name_en="Host P", name_ja="ホストP")
    host_q = PrefectureHostFactory(
        slug="host-q", name_en="Host Q", name_ja="ホストQ", prefecture="03"
    )
    HostMemberFactory(user=world.users["erika"], host=host_p)
    HostMemberFactory(user=world.users["yuto"], host=host_q)
    invitation = HostInvitation.objects.create(
        host=host_p, email="newcomer@host-p.example", invited_by=world.users["staff"]
    )
    world.objects.update(
        host_p=host_p,
        submitted_p=SubsidyApplicationFactory(host=host_p),
        approved_p=SubsidyApplicationFactory(host=host_p, status="approved"),
        held_p=SubsidyApplicationFactory(
            host=host_p,
            status=SubsidyApplication.Status.REALISED,
            starts_on=date(2018, 11, 10),
            ends_on=date(2018, 11, 10),
        ),
        draft_event_p=EventFactory(
            slug="matrix-host-p-draft", organizer=host_p, is_published=False
        ),
        invitation_token=members.invitation_token(invitation),
        furusato_call=FurusatoCallFactory(slug="matrix-furusato"),
    )


def pk_of(name: str):
    return lambda world: {"pk": world.objects[name].pk}


def draft_event(world: World) -> dict[str, str]:
    return {"slug": world.draft_event_p.slug}


# Pages of the member's own host: non-members are refused, not redirected.
HOST_MEMBERS = every(403, anonymous=302, erika=200, yuto=200)
# Host P's objects: erika's own; yuto acts for host Q, so they do not exist for him.
HOST_P = every(403, anonymous=302, erika=200, yuto=404)
HOST_P_POST = every(403, anonymous=302, erika=302, yuto=404)
POST_ONLY = every(405)
PARTICIPANTS = every(403, anonymous=302, alice=200, bob=200)

ROWS = [
    Row("regional:host", HOST_MEMBERS),
    Row("regional:application_new", HOST_MEMBERS),
    # An empty form: the page again with its errors; nothing is created.
    Row("regional:application_new", HOST_MEMBERS, method="post"),
    Row("regional:application", HOST_P, kwargs=pk_of("submitted_p")),
    Row("regional:application_edit", HOST_P, kwargs=pk_of("submitted_p")),
    Row("regional:application_edit", HOST_P, kwargs=pk_of("submitted_p"), method="post"),
    Row("regional:create_activity", POST_ONLY, kwargs=pk_of("approved_p")),
    # erika creates the event (then is sent to it); the others change nothing.
    Row("regional:create_activity", HOST_P_POST, kwargs=pk_of("approved_p"), method="post"),
    Row("regional:report", HOST_P, kwargs=pk_of("held_p")),
    Row("regional:report", HOST_P, kwargs=pk_of("held_p"), method="post"),
    Row("regional:event_edit", HOST_P, kwargs=draft_event),
    Row("regional:event_edit", HOST_P, kwargs=draft_event, method="post"),
    Row("regional:event_publish", POST_ONLY, kwargs=draft_event),
    Row("regional:event_publish", HOST_P_POST, kwargs=draft_event, method="post"),
    # Anyone may open an invitation link; only the invited address can accept it, the others
    # are told why on the page.
    Row(
        "regional:accept_invitation",
        every(200),
        kwargs=lambda w: {"token": w.invitation_token},
    ),
    Row(
        "regional:accept_invitation",
        every(200, anonymous=302),
        kwargs=lambda w: {"token": w.invitation_token},
        method="post",
    ),
    Row("regional:furusato", every(200)),
    # Alice and Bob are current participants: the page explains that the project is for
    # alumni, and a POST changes nothing.
    Row("regional:furusato_propose", PARTICIPANTS, kwargs=lambda w: {"slug": "matrix-furusato"}),
    Row(
        "regional:furusato_propose",
        PARTICIPANTS,
        kwargs=lambda w: {"slug": "matrix-furusato"},
        method="post",
    ),
]
