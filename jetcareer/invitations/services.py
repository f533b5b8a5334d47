"""The invitation link and what it does, for every kind of invitation: a token that signs the
invitation's id with a timestamp (so it expires and cannot be forged or guessed), reading it
back, accepting (the membership is created once, for the invited address only), withdrawing,
and the account type a person signing up from a link gets (`signup_invitation`).

What differs between the kinds (which models, which salt, who is refused and why, the wording
of a few refusals) is an `InvitationKind`, defined by the app next to its own services, which
check permissions and call these. Every function here raises the kind's domain error with a
translated message when the action is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import models, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jetcareer.outbox.services import absolute_url, queue_mail, recipient_language

from .models import AbstractInvitation

# How long a link works after it was (last) sent; the mails and pages say it in days.
MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class InvitationKind:
    """One kind of invitation: the app's models and words; the mechanism is this module."""

    model: type[AbstractInvitation]
    membership: type[models.Model]
    # The foreign key to the organisation: select_related on reading a link, and the open
    # invitation of an address is looked up by it.
    organisation: str
    salt: str  # signing salt: a token of one kind is not valid for another
    accept_url_name: str  # the page the link opens, with a `token` argument
    mail_template: str  # templates/emails/<mail_template>.txt, .html and _subject.txt
    error: type[Exception]  # the app's domain error, raised with the translated message
    # Lazily translated refusals that name who invites (the organisation, or CLAIR).
    expired: Promise
    withdrawn: Promise
    other_address: Promise  # with %(invited)s and %(current)s
    # check(user=, invitation=): raises `error` when this person may not accept (the address
    # included, through check_address), in the order the app wants its refusals told.
    check: Callable[..., None]
    # The account type (accounts.User.AccountType) of a person who signs up from this kind of
    # link, whatever they choose on the form; empty when any type may accept.
    account_type: str = ""

    def __post_init__(self) -> None:
        # The sign-up form finds the kind of a link by the page it opens (`signup_invitation`).
        KINDS[self.accept_url_name] = self


# Every kind, by the URL name of the page its link opens; filled as the apps define theirs.
KINDS: dict[str, InvitationKind] = {}


@dataclass(frozen=True)
class SignupInvitation:
    """An open invitation a person is signing up from, and its kind."""

    kind: InvitationKind
    invitation: AbstractInvitation

    @property
    def organisation(self) -> models.Model:
        return getattr(self.invitation, self.kind.organisation)


def token(invitation: AbstractInvitation, *, kind: InvitationKind) -> str:
    """The signed, timestamped token of an invitation link (no secret is stored)."""
    return signing.dumps(invitation.pk, salt=kind.salt)


def accept_path(invitation: AbstractInvitation, *, kind: InvitationKind) -> str:
    """The path of the page the invitation's link opens, with a fresh token."""
    return reverse(kind.accept_url_name, kwargs={"token": token(invitation, kind=kind)})


def signup_path(*, email: str, next_path: str) -> str:
    """The sign-up page with the invited address filled in, coming back to `next_path`."""
    return reverse("account_signup") + "?" + urlencode({"email": email, "next": next_path})


def open_invitation(
    *, kind: InvitationKind, organisation: models.Model, email: str
) -> AbstractInvitation | None:
    """The open invitation of `email` to `organisation`; inviting again re-sends it (the
    apps' constraint allows one open invitation per address)."""
    invitations = kind.model.objects.open().filter(**{kind.organisation: organisation})
    return invitations.filter(email=email).first()


def send(
    *,
    kind: InvitationKind,
    invitation: AbstractInvitation,
    context: Mapping[str, Any],
    language: str | None,
) -> None:
    """Queue the invitation mail, in the invitee's own language when the address has an
    account, else in `language` (the inviter's choice). The template gets `context` plus the
    invitation, its accept_url and signup_url and the days it is valid."""
    link = accept_path(invitation, kind=kind)
    queue_mail(
        to=[invitation.email],
        template=kind.mail_template,
        context={
            **context,
            "invitation": invitation,
            "accept_url": absolute_url(link),
            "signup_url": absolute_url(signup_path(email=invitation.email, next_path=link)),
            "valid_days": MAX_AGE.days,
        },
        language=recipient_language(invitation.email, fallback=language),
    )


def signup_invitation(*, next_path: str | None) -> SignupInvitation | None:
    """The open invitation whose link `next_path` (the `next` of the sign-up page, which the
    invitation's sign-up link sets) opens, or None: no path, a path to another page, a link
    that is not valid, expired, used or withdrawn. The sign-up form fixes the account type of
    the new account to the kind's `account_type` (an employer invitation makes an employer
    account), so an invited person cannot end up with an account that can never join."""
    if not next_path:
        return None
    try:
        match = resolve(urlsplit(next_path).path)
    except Resolver404:
        return None
    kind = KINDS.get(match.view_name)
    if kind is None or "token" not in match.kwargs:
        return None
    try:
        invitation = from_token(match.kwargs["token"], kind=kind)
    except kind.error:
        return None
    return SignupInvitation(kind=kind, invitation=invitation)


def from_token(token: str, *, kind: InvitationKind, lock: bool = False) -> AbstractInvitation:
    """The open invitation a link points to, or the kind's error saying why it cannot be used
    (expired after MAX_AGE, not valid, already used, withdrawn). `lock` locks its row."""
    invalid = _("This invitation link is not valid. Please check that you copied all of it.")
    try:
        pk = signing.loads(token, salt=kind.salt, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise kind.error(str(kind.expired)) from None
    except signing.BadSignature:
        raise kind.error(invalid) from None
    invitations = kind.model.objects.select_related(kind.organisation, "invited_by")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=pk).first()
    if invitation is None:
        raise kind.error(invalid)
    if invitation.accepted_at is not None:
        raise kind.error(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise kind.error(str(kind.withdrawn))
    return invitation


def check_address(*, kind: InvitationKind, user: Any, invitation: AbstractInvitation) -> None:
    """Raise the kind's error unless `user` has the invited address (case aside)."""
    if user.email.lower() != invitation.email.lower():
        raise kind.error(
            str(kind.other_address % {"invited": invitation.email, "current": user.email})
        )


@transaction.atomic
def accept(*, kind: InvitationKind, user: Any, token: str) -> models.Model:
    """Join the inviting organisation: create the membership the invitation grants and mark
    the invitation used. Raises the kind's error when the link or the person is refused."""
    # Locks the person's row: a double-clicked "Join" creates one membership.
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    invitation = from_token(token, kind=kind, lock=True)
    kind.check(user=user, invitation=invitation)
    membership = kind.membership.objects.create(user=user, **invitation.membership_fields())
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def revoke(*, kind: InvitationKind, invitation: AbstractInvitation) -> AbstractInvitation:
    """Withdraw an open invitation: its link stops working. The caller checks who may."""
    invitation = kind.model.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise kind.error(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
