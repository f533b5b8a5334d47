"""Matrix rows: participant pages. Alice and Bob have profiles and CVs."""

from __future__ import annotations

from participants import services
from tests.participants.factories import ProfileFactory, pdf_upload
from tests.permissions.matrix import CV_READERS, Row, World, every

PRIORITY = 0  # other apps' rows use the profiles made here


def prepare(world: World) -> None:
    for name in ("alice", "bob"):
        profile = ProfileFactory(user=world.users[name])
        services.replace_cv(profile=profile, upload=pdf_upload(f"{name}.pdf"))
        world.objects[f"{name}_profile"] = profile


def alices_profile(world: World) -> dict[str, int]:
    return {"pk": world.alice_profile.pk}


PARTICIPANT_PAGE = every(403, anonymous=302, alice=200, bob=200)
PARTICIPANT_POST = every(403, anonymous=302, alice=302, bob=302)
# Data rights (APPI): participants and employer members download and delete their own data;
# staff accounts are closed by an administrator. erika owns employer X, which has another
# member: her deletion page explains she must hand over ownership first (still 200).
ACCOUNT_HOLDER_PAGE = every(403, anonymous=302, alice=200, bob=200, erika=200, yuto=200)

ROWS = [
    Row("participants:my_page", PARTICIPANT_PAGE),
    Row("participants:profile", PARTICIPANT_PAGE),
    Row("participants:cv_upload", PARTICIPANT_PAGE),
    Row("participants:advisor", PARTICIPANT_PAGE),
    Row("participants:export", ACCOUNT_HOLDER_PAGE),
    Row("participants:delete_account", ACCOUNT_HOLDER_PAGE),
    # An empty deletion form is refused (wrong password): nobody is deleted by the matrix.
    Row("participants:delete_account", ACCOUNT_HOLDER_PAGE, method="post"),
    Row("participants:consent", every(405)),
    Row("participants:consent", PARTICIPANT_POST, method="post", data={"share": "yes"}),
    Row("participants:cv_remove", every(405)),
    Row("participants:cv_remove", PARTICIPANT_POST, method="post"),
    # erika's employer X hosts Alice as an intern (rows_internships.py); yuto's does not.
    Row(
        "participants:cv_download",
        every(404, anonymous=302, alice=200, erika=200, **CV_READERS),
        kwargs=alices_profile,
    ),
]
