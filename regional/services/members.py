"""Host members: CLAIR staff invite a person by e-mail to act for a host organisation (a
prefecture or city); the invitation link is jetcareer.invitations, as for employers' teams. A
person acts for one host organisation at most."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import HostOrganization
from jetcareer.invitations import services as invitations

from ..models import HostInvitation, HostMembership, HostRole
from .errors import RegionalError, refuse_unless_staff

INVITATION_SALT = "regional.host-invitation"


def membership_of(user: Any) -> HostMembership | None:
    """The person's membership with its host organisation, in one query; None for others."""
    if not user.is_authenticated:
        return None
    return HostMembership.objects.select_related("host").filter(user_id=user.pk).first()


def refuse_unless_member(user: Any, host: HostOrganization) -> None:
    """Raise RegionalError unless `user` acts for `host`."""
    if not HostMembership.objects.filter(user_id=user.pk, host_id=host.pk).exists():
        raise RegionalError(_("Only members of %(host)s can do this.") % {"host": host.name})


def check_can_invite(*, host: HostOrganization, email: str) -> None:
    """Raise RegionalError when `email` cannot be invited to `host` (the check half of invite)."""
    email = email.strip().lower()
    membership = (
        HostMembership.objects.select_related("host").filter(user__email__iexact=email).first()
    )
    if membership is None:
        return
    if membership.host_id == host.pk:
        raise RegionalError(
            _("%(email)s is already a member of %(host)s.") % {"email": email, "host": host.name}
        )
    raise RegionalError(
        _("%(email)s already acts for %(host)s. A person can act for one host organisation only.")
        % {"email": email, "host": membership.host.name}
    )


def check_can_accept(*, user: Any, invitation: HostInvitation) -> None:
    """Raise RegionalError when `user` may not accept `invitation` (the check half of accept):
    the invited address, acting for no other host. Any account type may act for a host."""
    invitations.check_address(kind=HOST_INVITATIONS, user=user, invitation=invitation)
    check_can_invite(host=invitation.host, email=user.email)


HOST_INVITATIONS = invitations.InvitationKind(
    model=HostInvitation,
    membership=HostMembership,
    organisation="host",
    salt=INVITATION_SALT,
    accept_url_name="regional:accept_invitation",
    mail_template="regional_invitation",
    error=RegionalError,
    expired=gettext_lazy(
        "This invitation link has expired. Please ask CLAIR to send you a new one."
    ),
    withdrawn=gettext_lazy("This invitation has been withdrawn by CLAIR."),
    other_address=gettext_lazy(
        "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
        "Log in with the invited address, or ask CLAIR for an invitation to your own."
    ),
    check=check_can_accept,
)


def invitation_token(invitation: HostInvitation) -> str:
    """The signed, timestamped token of an invitation link."""
    return invitations.token(invitation, kind=HOST_INVITATIONS)


@transaction.atomic
def invite_host_member(
    *,
    host: HostOrganization,
    email: str,
    by: Any,
    role: str = HostRole.MEMBER,
    language: str | None = None,
) -> HostInvitation:
    """Staff invite a person by e-mail to act for a host organisation. Inviting an address with
    an open invitation sends a fresh link for the same invitation. The mail is in the person's
    language when they have an account, otherwise in `language` (Japanese by default: hosts are
    Japanese local governments)."""
    refuse_unless_staff(by)
    email = email.strip().lower()
    host = HostOrganization.objects.select_for_update().get(pk=host.pk)
    check_can_invite(host=host, email=email)
    invitation = invitations.open_invitation(kind=HOST_INVITATIONS, organisation=host, email=email)
    now = timezone.now()
    if invitation is None:
        invitation = HostInvitation.objects.create(
            host=host, email=email, role=role, invited_by=by, created_at=now, sent_at=now
        )
    else:
        invitation.role, invitation.invited_by, invitation.sent_at = role, by, now
        invitation.save(update_fields=["role", "invited_by", "sent_at"])
    has_account = get_user_model().objects.filter(email__iexact=email).exists()
    invitations.send(
        kind=HOST_INVITATIONS,
        invitation=invitation,
        context={"host": host, "has_account": has_account},
        language=language or "ja",
    )
    return invitation


@transaction.atomic
def resend_host_invitation(*, invitation: HostInvitation, by: Any) -> HostInvitation:
    """Staff send an open invitation again: a fresh link with the same role. Raises
    RegionalError for anyone but staff, and when the invitation was accepted or withdrawn."""
    refuse_unless_staff(by)
    if not invitation.is_open:
        raise RegionalError(
            _("The invitation to %(email)s is no longer open.") % {"email": invitation.email}
        )
    return invite_host_member(
        host=invitation.host, email=invitation.email, role=invitation.role, by=by
    )


@transaction.atomic
def revoke_host_invitation(*, invitation: HostInvitation, by: Any) -> HostInvitation:
    """Staff withdraw an open invitation; its link stops working."""
    refuse_unless_staff(by)
    return invitations.revoke(kind=HOST_INVITATIONS, invitation=invitation)


def accept_host_invitation(*, user: Any, token: str) -> HostMembership:
    """Become a member of the inviting host organisation, with the role staff chose."""
    return invitations.accept(kind=HOST_INVITATIONS, user=user, token=token)


@transaction.atomic
def add_host_member(
    *, host: HostOrganization, user: Any, by: Any, role: str = HostRole.MEMBER
) -> HostMembership:
    """Staff make an existing account a member directly (from admin), without an invitation."""
    refuse_unless_staff(by)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    check_can_invite(host=host, email=user.email)
    return HostMembership.objects.create(user=user, host=host, role=role, created_by=by)


def _lock_membership(membership: HostMembership) -> HostMembership:
    return (
        HostMembership.objects.select_for_update()
        .select_related("user", "host")
        .get(pk=membership.pk)
    )


@transaction.atomic
def set_host_role(*, membership: HostMembership, role: str, by: Any) -> HostMembership:
    """Staff make a member the host's lead contact, or a lead contact a plain member.

    Takes the membership, a HostRole value and the member of staff; returns the membership.
    Raises RegionalError for anyone but staff, an unknown role, or the role the member
    already has."""
    refuse_unless_staff(by)
    if role not in HostRole.values:
        raise RegionalError(_("Choose a role: lead contact or member."))
    membership = _lock_membership(membership)
    if membership.role == role:
        raise RegionalError(
            _("%(user)s already has the role “%(role)s” at %(host)s.")
            % {
                "user": membership.user.email,
                "role": HostRole(role).label,
                "host": membership.host.name,
            }
        )
    membership.role = role
    membership._change_reason = f"Role set to {role}"  # simple_history
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_host_member(*, membership: HostMembership, by: Any) -> None:
    """Staff end a person's membership: they no longer act for the host (the account stays and
    may be invited to another host). Raises RegionalError for anyone but staff."""
    refuse_unless_staff(by)
    _lock_membership(membership).delete()
