"""Matrix rows: employer registration, the organisation's page and team, invitations, and the
public employer pages. erika owns employer X and yuto owns employer Y, both verified."""

from __future__ import annotations

from employers import services
from tests.accounts.factories import EmployerUserFactory
from tests.employers.factories import (
    EmployerFactory,
    InvitationFactory,
    MembershipFactory,
    OwnerFactory,
)
from tests.permissions.matrix import Row, World, every


def prepare(world: World) -> None:
    x = OwnerFactory(user=world.users["erika"], employer__name_en="Employer X").employer
    y = OwnerFactory(user=world.users["yuto"], employer__name_en="Employer Y").employer
    pending = OwnerFactory(employer=EmployerFactory(pending=True)).employer
    world.objects.update(
        employer_x=x,
        employer_y=y,
        employer_pending=pending,
        # A colleague of erika's, for the remove and transfer rows.
        member_x=MembershipFactory(employer=x, user=EmployerUserFactory()),
        invitation_x=InvitationFactory(employer=x, email="new-colleague@employer-x.example"),
    )


# Only employer accounts with an organisation; the others are refused, not redirected.
MEMBERS = every(403, anonymous=302, erika=200, yuto=200)
# Owner-only POSTs on objects of erika's employer X: yuto owns Y, so X's objects do not exist
# for him.
OWNER_OF_X = every(403, anonymous=302, erika=302, yuto=404)
POST_ONLY = every(405, anonymous=302)

EMPLOYER_FORM = {
    "name_ja": "新しい名前",
    "name_en": "A New Name",
    "industry": "it",
    "prefecture": "13",
    "size": "1-49",
    "website": "https://example.jp",
    "description_ja": "",
    "description_en": "",
    "contact_name": "Sato",
    "contact_phone": "03-1234-5678",
}


def member_x(world: World) -> dict[str, int]:
    return {"pk": world.member_x.pk}


ROWS = [
    Row("employers:list", every(200)),
    Row("employers:public", every(200), kwargs=lambda w: {"slug": w.employer_x.slug}),
    Row("employers:public", every(404), kwargs=lambda w: {"slug": w.employer_pending.slug}),
    # Employer accounts that already have an organisation are sent to it.
    Row("employers:register", every(403, anonymous=302, erika=302, yuto=302)),
    Row(
        "employers:register",
        every(403, anonymous=302, erika=302, yuto=302),
        method="post",
        data=EMPLOYER_FORM,
    ),
    Row("employers:dashboard", MEMBERS),
    Row("employers:edit", MEMBERS),
    Row(
        "employers:edit",
        every(403, anonymous=302, erika=302, yuto=302),
        method="post",
        data=EMPLOYER_FORM,
    ),
    Row("employers:invite", POST_ONLY),
    Row(
        "employers:invite",
        every(403, anonymous=302, erika=302, yuto=302),
        method="post",
        data={"email": "someone@example.com"},
    ),
    Row(
        "employers:revoke_invitation",
        POST_ONLY,
        kwargs=lambda w: {"pk": w.invitation_x.pk},
    ),
    Row(
        "employers:revoke_invitation",
        OWNER_OF_X,
        kwargs=lambda w: {"pk": w.invitation_x.pk},
        method="post",
    ),
    Row("employers:remove_member", POST_ONLY, kwargs=member_x),
    Row("employers:remove_member", OWNER_OF_X, kwargs=member_x, method="post"),
    Row("employers:transfer_ownership", POST_ONLY, kwargs=member_x),
    Row("employers:transfer_ownership", OWNER_OF_X, kwargs=member_x, method="post"),
    # Anyone may open an invitation link and read what it is.
    Row(
        "employers:accept_invitation",
        every(200),
        kwargs=lambda w: {"token": services.invitation_token(w.invitation_x)},
    ),
    # Joining needs an employer account: erika and yuto are told they already belong to one.
    Row(
        "employers:accept_invitation",
        every(403, anonymous=302, erika=200, yuto=200),
        kwargs=lambda w: {"token": services.invitation_token(w.invitation_x)},
        method="post",
    ),
]
