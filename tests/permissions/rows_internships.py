"""Matrix rows: internship pages. Alice applied and accepted a place at erika's employer X."""

from __future__ import annotations

from internships.models import MatchRun, Outcome, Position, Programme
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.permissions.matrix import Row, World, every

PRIORITY = 2  # needs the participants' profiles and the employers X and Y


def prepare(world: World) -> None:
    programme = ProgrammeFactory(slug="matrix-internships", state=Programme.State.OPEN)
    position = PositionFactory(programme=programme, employer=world.employer_x)
    application = ApplicationFactory(programme=programme, participant=world.alice_profile)
    run = MatchRun.objects.create(programme=programme, seed=1, state=MatchRun.State.PUBLISHED)
    outcome = Outcome.objects.create(
        run=run, application=application, position=position, choice_number=1,
        response=Outcome.Response.ACCEPTED,
    )  # fmt: skip
    submitted = PositionFactory(programme=programme, employer=world.employer_x,
                                status=Position.Status.SUBMITTED)  # fmt: skip
    world.objects.update(programme=programme, application=application, outcome=outcome,
                         submitted_position=submitted)  # fmt: skip


def programme(world: World) -> dict[str, str]:
    return {"slug": world.programme.slug}


def application(world: World) -> dict[str, int]:
    return {"pk": world.application.pk}


def outcome(world: World) -> dict[str, int]:
    return {"pk": world.outcome.pk}


def submitted_position(world: World) -> dict[str, int]:
    return {"pk": world.submitted_position.pk}


OWN_APPLICATION = every(403, anonymous=302, alice=200, bob=404)
OWN_APPLICATION_POST = every(403, anonymous=302, alice=302, bob=404)
EMPLOYER_MEMBERS = every(403, anonymous=302, erika=200, yuto=200)
# A position of employer X: its members only; to employer Y it does not exist.
OWN_POSITION = every(403, anonymous=302, erika=200, yuto=404)

ROWS = [
    Row("internships:list", every(200)),
    Row("internships:programme", every(200), kwargs=programme),
    Row("internships:apply", every(403, anonymous=302, alice=200, bob=200), kwargs=programme),
    Row("internships:application", OWN_APPLICATION, kwargs=application),
    # Asks first (GET), withdraws on POST.
    Row("internships:withdraw", OWN_APPLICATION, kwargs=application),
    Row("internships:withdraw", OWN_APPLICATION_POST, kwargs=application, method="post"),
    Row("internships:respond", every(405), kwargs=outcome),
    Row(
        "internships:respond",
        OWN_APPLICATION_POST,
        kwargs=outcome,
        method="post",
        data={"answer": "decline"},
    ),
    # Asks before a decline; Alice's offer is accepted already: she is sent back with why.
    Row("internships:decline", OWN_APPLICATION_POST, kwargs=outcome),
    Row("internships:report", every(405), kwargs=outcome),
    Row(
        "internships:report",
        OWN_APPLICATION_POST,
        kwargs=outcome,
        method="post",
        data={"text": "I learned a lot."},
    ),
    Row("internships:hosting", EMPLOYER_MEMBERS),
    Row("internships:post_position", EMPLOYER_MEMBERS, kwargs=programme),
    Row("internships:edit_position", OWN_POSITION, kwargs=submitted_position),
    Row("internships:withdraw_position", OWN_POSITION, kwargs=submitted_position),
    Row(
        "internships:withdraw_position",
        every(403, anonymous=302, erika=302, yuto=404),
        kwargs=submitted_position,
        method="post",
    ),
    Row("internships:evaluate", every(405), kwargs=outcome),
    # Only the host employer X may evaluate its intern; employer Y does not see the result.
    Row(
        "internships:evaluate",
        every(403, anonymous=302, erika=302, yuto=404),
        kwargs=outcome,
        method="post",
        data={"text": "Polite and proactive."},
    ),
]
