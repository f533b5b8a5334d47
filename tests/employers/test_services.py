"""Employer services: registration, verification, invitations and the team."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from post_office.models import Email

from employers import services
from employers.models import Employer, Invitation, Membership
from employers.services import EmployerError
from jetcareer.choices import Industry, Prefecture
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.conftest import outbox_for
from tests.employers.factories import (
    EmployerFactory,
    InvitationFactory,
    MembershipFactory,
    OwnerFactory,
)

pytestmark = pytest.mark.django_db

DETAILS = {
    "name_ja": "株式会社信州精密",
    "name_en": "Shinshu Precision Co., Ltd.",
    "industry": Industry.MANUFACTURING,
    "prefecture": Prefecture.NAGANO,
    "size": Employer.Size.MEDIUM,
    "website": "https://shinshu-precision.example",
    "description_ja": "精密部品のメーカーです。",
    "description_en": "We make precision parts.",
    "contact_name": "Tanaka Kenji",
    "contact_phone": "0263-12-3456",
}


# --- register_employer ----------------------------------------------------------------------


def test_register_creates_pending_employer_with_owner(erika) -> None:
    employer = services.register_employer(user=erika, **DETAILS)

    assert employer.status == Employer.Status.PENDING
    assert employer.slug == "shinshu-precision-co-ltd"
    membership = Membership.objects.get(user=erika)
    assert (membership.employer, membership.role) == (employer, Membership.Role.OWNER)


def test_register_queues_confirmation_in_the_users_language(erika) -> None:
    services.register_employer(user=erika, **DETAILS)

    [mail] = outbox_for(erika.email)
    assert "株式会社信州精密" in mail.subject  # the Japanese name for a Japanese reader
    assert "ご不明な点がありましたら" in mail.message
    assert "/employers/mine/" in mail.message


def test_register_adds_a_suffix_when_the_slug_is_taken(erika, yuto) -> None:
    first = services.register_employer(user=erika, **DETAILS)
    second = services.register_employer(user=yuto, **DETAILS)

    assert first.slug == "shinshu-precision-co-ltd"
    assert second.slug == "shinshu-precision-co-ltd-2"


def test_register_never_takes_a_reserved_path_as_slug(erika) -> None:
    employer = services.register_employer(user=erika, **{**DETAILS, "name_en": "Register"})

    assert employer.slug == "register-2"


def test_register_falls_back_when_the_english_name_gives_no_slug(erika, yuto) -> None:
    first = services.register_employer(user=erika, **{**DETAILS, "name_en": "株式会社"})
    second = services.register_employer(user=yuto, **{**DETAILS, "name_en": "!!!"})

    assert (first.slug, second.slug) == ("employer", "employer-2")


def test_register_refuses_a_user_who_already_belongs_to_an_employer(erika) -> None:
    OwnerFactory(user=erika)

    with pytest.raises(EmployerError, match="already belongs"):
        services.register_employer(user=erika, **DETAILS)
    assert Employer.objects.count() == 1
    assert Email.objects.count() == 0


def test_register_refuses_a_participant(alice) -> None:
    with pytest.raises(EmployerError, match="Only employer accounts"):
        services.register_employer(user=alice, **DETAILS)
    assert not Employer.objects.exists()


# --- update_employer ------------------------------------------------------------------------


def test_update_of_verified_employer_keeps_it_verified(erika) -> None:
    membership = MembershipFactory(user=erika)

    employer = services.update_employer(
        employer=membership.employer, by=erika, name_en="New Name K.K.", name_ja="新名称株式会社"
    )

    employer.refresh_from_db()
    assert (employer.name_en, employer.status) == ("New Name K.K.", Employer.Status.VERIFIED)


def test_update_of_rejected_employer_sends_it_back_for_review(erika) -> None:
    membership = OwnerFactory(user=erika, employer=EmployerFactory(rejected=True))

    employer = services.update_employer(
        employer=membership.employer, by=erika, contact_phone="03-9999-0000"
    )

    assert (employer.status, employer.status_reason_en, employer.status_reason_ja) == (
        Employer.Status.PENDING,
        "",
        "",
    )


def test_update_refuses_someone_outside_the_organisation(erika, yuto) -> None:
    membership = OwnerFactory(user=erika)

    with pytest.raises(EmployerError):
        services.update_employer(employer=membership.employer, by=yuto, name_en="Hijacked")
    membership.employer.refresh_from_db()
    assert membership.employer.name_en != "Hijacked"


# --- verify_employer / reject_employer ------------------------------------------------------


@pytest.fixture
def pending_team(db: None) -> tuple[Employer, object, object]:
    """A pending employer with a Japanese-speaking owner and an English-speaking member."""
    employer = EmployerFactory(pending=True, name_en="Kiso Travel", name_ja="木曽トラベル")
    owner = OwnerFactory(employer=employer, user__preferred_language="ja").user
    member = MembershipFactory(employer=employer, user__preferred_language="en").user
    return employer, owner, member


def test_verify_tells_every_member_in_their_own_language(pending_team, staff) -> None:
    employer, owner, member = pending_team

    services.verify_employer(employer=employer, by=staff)

    employer.refresh_from_db()
    assert employer.status == Employer.Status.VERIFIED
    assert employer.reviewed_by == staff
    assert employer.reviewed_at is not None
    [to_owner] = outbox_for(owner.email)
    [to_member] = outbox_for(member.email)
    assert "木曽トラベル" in to_owner.subject
    assert "ご不明な点がありましたら" in to_owner.message
    assert to_member.subject == "Kiso Travel is verified"
    assert "If you have any questions" in to_member.message


def test_verify_refuses_an_already_verified_employer(staff) -> None:
    employer = EmployerFactory()

    with pytest.raises(EmployerError, match="already verified"):
        services.verify_employer(employer=employer, by=staff)
    assert Email.objects.count() == 0


def test_reject_sends_the_reason_to_every_member_in_their_language(pending_team, staff) -> None:
    employer, owner, member = pending_team

    services.reject_employer(employer=employer, by=staff, reason_en="Please add your website.")

    employer.refresh_from_db()
    assert (employer.status, employer.status_reason_en) == (
        Employer.Status.REJECTED,
        "Please add your website.",
    )
    [to_owner] = outbox_for(owner.email)
    [to_member] = outbox_for(member.email)
    assert "木曽トラベル" in to_owner.subject
    assert "Please add your website." in to_owner.message
    assert to_member.subject == "CLAIR could not verify Kiso Travel"
    assert "Please add your website." in to_member.message
    assert "Please add your website." in to_member.html_message


def test_reject_needs_a_reason(pending_team, staff) -> None:
    employer, _, _ = pending_team

    with pytest.raises(EmployerError, match="reason"):
        services.reject_employer(employer=employer, by=staff, reason_en="   ", reason_ja=" ")
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING
    assert Email.objects.count() == 0


def test_a_rejected_employer_always_has_a_reason_in_the_database() -> None:
    employer = EmployerFactory(pending=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Employer.objects.filter(pk=employer.pk).update(status=Employer.Status.REJECTED)


# --- invitations ----------------------------------------------------------------------------


@pytest.fixture
def team(erika) -> Membership:
    """Erika owns employer X."""
    return OwnerFactory(user=erika, employer__name_en="Employer X", employer__name_ja="X社")


def test_invite_creates_invitation_and_mails_a_signed_link(team, erika) -> None:
    invitation = services.invite_member(
        employer=team.employer, by=erika, email=" Kenji@Example.COM ", language="en"
    )

    assert invitation.email == "kenji@example.com"
    [mail] = outbox_for("kenji@example.com")
    assert mail.subject == "You are invited to join Employer X on the JET Career Portal"
    token = services.invitation_from_token(
        mail.message.split("/employers/invitations/")[1].split("/")[0]
    )
    assert token == invitation
    assert "/accounts/signup/?email=kenji%40example.com&next=%2Femployers%2Finvitations%2F" in (
        mail.message
    )


def test_invite_mail_is_in_the_inviters_language(team, erika) -> None:
    services.invite_member(employer=team.employer, by=erika, email="k@example.com", language="ja")

    [mail] = outbox_for("k@example.com")
    assert "X社" in mail.subject


def test_invite_mail_to_an_existing_account_is_in_its_stored_language(team, erika) -> None:
    EmployerUserFactory(email="k@example.com", preferred_language="en")
    services.invite_member(employer=team.employer, by=erika, email="k@example.com", language="ja")

    [mail] = outbox_for("k@example.com")
    assert "X社" not in mail.subject  # the inviter reads Japanese; the invitee chose English


def test_invite_again_resends_the_same_open_invitation(team, erika) -> None:
    first = services.invite_member(employer=team.employer, by=erika, email="k@example.com")
    second = services.invite_member(employer=team.employer, by=erika, email="K@example.com")

    assert first == second
    assert len(outbox_for("k@example.com")) == 2


def test_invite_refuses_a_colleague_already_on_the_team(team, erika) -> None:
    colleague = MembershipFactory(employer=team.employer).user

    with pytest.raises(EmployerError, match="already on your team"):
        services.invite_member(employer=team.employer, by=erika, email=colleague.email.upper())
    assert not Invitation.objects.exists()


def test_only_the_owner_invites(team) -> None:
    member = MembershipFactory(employer=team.employer).user

    with pytest.raises(EmployerError, match="Only the owner"):
        services.invite_member(employer=team.employer, by=member, email="k@example.com")
    assert not Invitation.objects.exists()


def test_revoke_closes_the_invitation(team, erika) -> None:
    invitation = InvitationFactory(employer=team.employer)

    services.revoke_invitation(invitation=invitation, by=erika)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not invitation.is_open


# --- accept_invitation ----------------------------------------------------------------------


@pytest.fixture
def kenji(db: None):
    """An employer account without an organisation yet."""
    return EmployerUserFactory(email="kenji@example.com")


@pytest.fixture
def invitation(team) -> Invitation:
    return InvitationFactory(employer=team.employer, email="kenji@example.com")


def test_accept_makes_the_invitee_a_member(invitation, kenji) -> None:
    membership = services.accept_invitation(user=kenji, token=services.invitation_token(invitation))

    assert (membership.employer, membership.role) == (invitation.employer, Membership.Role.MEMBER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accept_matches_the_address_case_insensitively(team) -> None:
    user = EmployerUserFactory(email="kenji@example.com")
    invitation = InvitationFactory(employer=team.employer, email="Kenji@Example.com")

    services.accept_invitation(user=user, token=services.invitation_token(invitation))

    assert Membership.objects.filter(user=user, employer=team.employer).exists()


def test_accept_refuses_an_expired_link(invitation, kenji, monkeypatch) -> None:
    token = services.invitation_token(invitation)
    later = time.time() + timedelta(days=7, minutes=1).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    with pytest.raises(EmployerError, match="expired"):
        services.accept_invitation(user=kenji, token=token)
    assert not Membership.objects.filter(user=kenji).exists()


def test_accept_works_until_the_link_expires(invitation, kenji, monkeypatch) -> None:
    token = services.invitation_token(invitation)
    later = time.time() + timedelta(days=6, hours=23).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    services.accept_invitation(user=kenji, token=token)

    assert Membership.objects.filter(user=kenji).exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: signing.dumps(1, salt="another.salt"),
        lambda token: "not-a-token",
    ],
    ids=["changed-signature", "other-salt", "garbage"],
)
def test_accept_refuses_a_tampered_link(invitation, kenji, tamper) -> None:
    with pytest.raises(EmployerError, match="not valid"):
        services.accept_invitation(user=kenji, token=tamper(services.invitation_token(invitation)))
    assert not Membership.objects.filter(user=kenji).exists()


def test_accept_refuses_a_signed_link_to_another_invitation(invitation, kenji) -> None:
    # A token signed by us for an id that does not exist (a deleted invitation).
    token = signing.dumps(invitation.pk + 1000, salt=services.INVITATION_SALT)

    with pytest.raises(EmployerError, match="not valid"):
        services.accept_invitation(user=kenji, token=token)


def test_accept_refuses_a_used_invitation(invitation, kenji, erika) -> None:
    token = services.invitation_token(invitation)
    membership = services.accept_invitation(user=kenji, token=token)
    services.remove_member(membership=membership, by=erika)  # free to join again

    with pytest.raises(EmployerError, match="already been used"):
        services.accept_invitation(user=kenji, token=token)


def test_accept_refuses_a_revoked_invitation(invitation, kenji, erika) -> None:
    services.revoke_invitation(invitation=invitation, by=erika)

    with pytest.raises(EmployerError, match="withdrawn"):
        services.accept_invitation(user=kenji, token=services.invitation_token(invitation))
    assert not Membership.objects.filter(user=kenji).exists()


def test_accept_refuses_a_different_address(invitation) -> None:
    other = EmployerUserFactory(email="someone-else@example.com")

    with pytest.raises(EmployerError, match=r"sent to kenji@example\.com"):
        services.accept_invitation(user=other, token=services.invitation_token(invitation))
    assert not Membership.objects.filter(user=other).exists()


def test_accept_refuses_someone_already_in_an_organisation(invitation, kenji) -> None:
    MembershipFactory(user=kenji)

    with pytest.raises(EmployerError, match="already belongs"):
        services.accept_invitation(user=kenji, token=services.invitation_token(invitation))
    invitation.refresh_from_db()
    assert invitation.is_open


def test_accept_refuses_a_participant_account(team) -> None:
    participant = UserFactory(email="kenji@example.com")
    invitation = InvitationFactory(employer=team.employer, email="kenji@example.com")

    with pytest.raises(EmployerError, match="Only employer accounts"):
        services.accept_invitation(user=participant, token=services.invitation_token(invitation))
    assert not Membership.objects.filter(user=participant).exists()


# --- members and ownership ------------------------------------------------------------------


def test_owner_removes_a_member(team, erika) -> None:
    membership = MembershipFactory(employer=team.employer)

    services.remove_member(membership=membership, by=erika)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_owner_cannot_remove_themselves(team, erika) -> None:
    with pytest.raises(EmployerError, match="hand over ownership"):
        services.remove_member(membership=team, by=erika)
    assert Membership.objects.filter(pk=team.pk).exists()


def test_a_member_cannot_remove_anyone(team) -> None:
    member = MembershipFactory(employer=team.employer)

    with pytest.raises(EmployerError, match="Only the owner"):
        services.remove_member(membership=team, by=member.user)
    assert Membership.objects.filter(pk=team.pk).exists()


def test_owner_of_another_employer_cannot_remove_a_member(team, yuto) -> None:
    OwnerFactory(user=yuto)
    member = MembershipFactory(employer=team.employer)

    with pytest.raises(EmployerError):
        services.remove_member(membership=member, by=yuto)
    assert Membership.objects.filter(pk=member.pk).exists()


def test_transfer_makes_the_colleague_owner_and_the_owner_a_member(team, erika) -> None:
    colleague = MembershipFactory(employer=team.employer)

    services.transfer_ownership(membership=colleague, by=erika)

    team.refresh_from_db()
    colleague.refresh_from_db()
    assert (team.role, colleague.role) == (Membership.Role.MEMBER, Membership.Role.OWNER)


def test_transfer_is_for_the_owner_only(team) -> None:
    colleague = MembershipFactory(employer=team.employer)

    with pytest.raises(EmployerError, match="Only the owner"):
        services.transfer_ownership(membership=colleague, by=colleague.user)
    colleague.refresh_from_db()
    assert colleague.role == Membership.Role.MEMBER


# --- database invariants --------------------------------------------------------------------


def test_a_user_belongs_to_at_most_one_employer_in_the_database(erika) -> None:
    MembershipFactory(user=erika)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=erika, employer=EmployerFactory())


def test_an_employer_has_at_most_one_owner_in_the_database(team) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnerFactory(employer=team.employer)


def test_an_address_has_at_most_one_open_invitation_per_employer(invitation) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(employer=invitation.employer, email=invitation.email)
