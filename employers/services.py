"""Business actions on employers: registration, verification, and the team (invitations,
members, ownership). Views, admin actions and commands call these and never repeat their rules.

Every function takes keyword arguments, runs in one transaction and raises `EmployerError` with a
message the person can read when the action is refused. Mail is queued in the same transaction
(jetcareer.outbox), so a change and the e-mail it causes are committed together.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetcareer.invitations import services as invitations
from jetcareer.kana import to_katakana, validate_katakana_reading
from jetcareer.outbox.services import absolute_url, queue_mail
from jetcareer.slugs import create_with_slug

from . import corporate_number as corporate_numbers
from .models import Employer, Invitation, Membership

INVITATION_SALT = "employers.invitation"
# Path segments under /employers/ that a generated slug must never shadow.
RESERVED_SLUGS = frozenset({"register", "mine", "invitations"})
SLUG_FALLBACK = "employer"

# The fields an employer member fills in; status and review data belong to CLAIR staff.
DETAIL_FIELDS = (
    "name_ja",
    "name_kana",
    "name_en",
    "corporate_number",
    "industry",
    "prefecture",
    "size",
    "website",
    "description_ja",
    "description_en",
    "contact_name",
    "contact_phone",
)


class EmployerError(Exception):
    """An employer action was refused; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Registration and details ---------------------------------------------------------------


def _lock_user(user: Any) -> Any:
    # Serialises concurrent actions of one person (a double-clicked "Register").
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _refuse_unless_free_employer_user(user: Any) -> None:
    if not user.is_employer:
        raise EmployerError(
            _(
                "Only employer accounts can belong to an organisation. Sign up as an employer, "
                "or change the type of this account if you have not used it yet."
            )
        )
    if Membership.objects.filter(user=user).exists():
        raise EmployerError(
            _("Your account already belongs to an organisation. An account can belong to one only.")
        )


def _clean_identity(
    *, name_ja: str, name_kana: str, corporate_number: str, employer: Employer | None = None
) -> dict[str, str]:
    """The names and numbers that identify an organisation, normalised: the reading in
    katakana (hiragana and half-width kana accepted), the corporate number as 13 ASCII digits
    (full-width digits, spaces and hyphens accepted). Raises EmployerError when the Japanese
    name is missing, the reading is not kana, the corporate number is not a valid one
    (employers.corporate_number) or belongs to another organisation than `employer`."""
    name_ja = name_ja.strip()
    if not name_ja:
        raise EmployerError(_("Enter the name of the organisation in Japanese."))
    reading = to_katakana(name_kana)
    number = corporate_numbers.normalise(corporate_number)
    try:
        validate_katakana_reading(reading)
        corporate_numbers.validate(number)
    except ValidationError as error:
        raise EmployerError(error.messages[0]) from None
    _refuse_taken_corporate_number(number, employer=employer)
    return {"name_ja": name_ja, "name_kana": reading, "corporate_number": number}


def _refuse_taken_corporate_number(number: str, *, employer: Employer | None) -> None:
    if not number:
        return
    others = Employer.objects.filter(corporate_number=number)
    if employer is not None:
        others = others.exclude(pk=employer.pk)
    if others.exists():
        raise EmployerError(
            _(
                "An organisation with the corporate number %(number)s is already registered. "
                "If it is yours, ask its owner to invite you to its team."
            )
            % {"number": number}
        )


@transaction.atomic
def register_employer(
    *,
    user: Any,
    name_ja: str,
    industry: str,
    prefecture: str,
    name_en: str = "",
    name_kana: str = "",
    corporate_number: str = "",
    size: str = "",
    website: str = "",
    description_ja: str = "",
    description_en: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Employer:
    """Register an organisation, pending verification by CLAIR, with `user` as its owner.

    The Japanese name is required, the English one optional (English pages then show the
    Japanese name, and the address of the public page falls back to "employer-N"). The reading
    and the corporate number are optional and normalised (`_clean_identity`). Raises
    EmployerError for a participant or staff account, a person already in an organisation, or
    a bad or taken reading or corporate number; nothing is created then."""
    user = _lock_user(user)
    _refuse_unless_free_employer_user(user)
    identity = _clean_identity(
        name_ja=name_ja, name_kana=name_kana, corporate_number=corporate_number
    )
    details = {
        **identity,
        "name_en": name_en.strip(),
        "industry": industry,
        "prefecture": prefecture,
        "size": size,
        "website": website,
        "description_ja": description_ja.strip(),
        "description_en": description_en.strip(),
        "contact_name": contact_name.strip(),
        "contact_phone": contact_phone.strip(),
    }
    # Two organisations registered at the same moment under the same English name race for
    # the slug; the loser takes the next suffix.
    try:
        employer = create_with_slug(
            Employer, details["name_en"], fallback=SLUG_FALLBACK, reserved=RESERVED_SLUGS, **details
        )
    except IntegrityError:
        # Or for the corporate number: the database kept the one committed first.
        _refuse_taken_corporate_number(details["corporate_number"], employer=None)
        raise
    Membership.objects.create(user=user, employer=employer, role=Membership.Role.OWNER)
    queue_mail(
        to=[user.email],
        template="employer_registered",
        context={
            "employer": employer,
            "dashboard_url": absolute_url(reverse("employers:dashboard")),
        },
        language=user.preferred_language,
    )
    return employer


@transaction.atomic
def update_employer(*, employer: Employer, by: Any, **details: Any) -> Employer:
    """Change an organisation's details. A verified employer stays verified; a rejected one goes
    back to CLAIR for review, since updating the details is how it answers the rejection.

    The names, reading and corporate number follow the rules of `register_employer`. Raises
    EmployerError when `by` is not a member or a detail is refused (nothing changes then),
    TypeError for a field that is not one of DETAIL_FIELDS."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"update_employer() got unexpected fields: {sorted(unknown)}")
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if not Membership.objects.filter(user=by, employer=employer).exists():
        raise EmployerError(_("Only members of the organisation can change its details."))
    identity = _clean_identity(
        name_ja=details.get("name_ja", employer.name_ja),
        name_kana=details.get("name_kana", employer.name_kana),
        corporate_number=details.get("corporate_number", employer.corporate_number),
        employer=employer,
    )
    details = {**details, **identity}
    for field, value in details.items():
        setattr(employer, field, value.strip() if isinstance(value, str) else value)
    if employer.status == Employer.Status.REJECTED:
        employer.status = Employer.Status.PENDING
        employer.status_reason_en = employer.status_reason_ja = ""
    employer._change_reason = "Details updated by a member"  # simple_history
    try:
        with transaction.atomic():  # a savepoint: the check below needs a usable transaction
            employer.save()
    except IntegrityError:
        # Another organisation took the corporate number since `_clean_identity` looked.
        _refuse_taken_corporate_number(employer.corporate_number, employer=employer)
        raise
    return employer


# --- Verification by CLAIR staff ------------------------------------------------------------


def _review(
    employer: Employer, *, by: Any, status: str, reason_en: str = "", reason_ja: str = ""
) -> Employer:
    employer.status = status
    employer.status_reason_en, employer.status_reason_ja = reason_en, reason_ja
    employer.reviewed_at = timezone.now()
    employer.reviewed_by = by
    employer.save()
    memberships = employer.memberships.select_related("user").order_by("pk")
    template = f"employer_{status}"
    dashboard_url = absolute_url(reverse("employers:dashboard"))
    for membership in memberships:
        member = membership.user
        queue_mail(
            to=[member.email],
            template=template,
            context={"employer": employer, "user": member, "dashboard_url": dashboard_url},
            language=member.preferred_language,
        )
    return employer


@transaction.atomic
def verify_employer(*, employer: Employer, by: Any) -> Employer:
    """Mark the organisation verified and tell every member, each in their own language."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status == Employer.Status.VERIFIED:
        raise EmployerError(_("%(name)s is already verified.") % {"name": employer})
    return _review(employer, by=by, status=Employer.Status.VERIFIED)


@transaction.atomic
def reject_employer(
    *, employer: Employer, by: Any, reason_en: str = "", reason_ja: str = ""
) -> Employer:
    """Reject the organisation with a reason, which every member receives by e-mail and reads
    on their page.

    Takes the reason in English, Japanese or both (staff often write only Japanese to a
    Japanese organisation); both are stored and each member reads their own language, or the
    other when theirs is empty (Employer.status_reason). Returns the employer. Raises
    EmployerError without any reason, or when the employer is already rejected.
    """
    reason_en, reason_ja = reason_en.strip(), reason_ja.strip()
    if not (reason_en or reason_ja):
        raise EmployerError(_("Give a reason: the employer reads it in the e-mail."))
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status == Employer.Status.REJECTED:
        raise EmployerError(_("%(name)s is already rejected.") % {"name": employer})
    return _review(
        employer,
        by=by,
        status=Employer.Status.REJECTED,
        reason_en=reason_en,
        reason_ja=reason_ja,
    )


# --- Team: invitations ----------------------------------------------------------------------


def _refuse_unless_owner(user: Any, employer: Employer) -> None:
    if not Membership.objects.filter(
        user=user, employer=employer, role=Membership.Role.OWNER
    ).exists():
        raise EmployerError(_("Only the owner of the organisation can manage its team."))


def check_can_accept(*, user: Any, invitation: Invitation) -> None:
    """Raise EmployerError when `user` may not accept `invitation` (the check half of accept):
    an employer account outside any organisation, with the invited address."""
    _refuse_unless_free_employer_user(user)
    invitations.check_address(kind=INVITATIONS, user=user, invitation=invitation)


INVITATIONS = invitations.InvitationKind(
    model=Invitation,
    membership=Membership,
    organisation="employer",
    salt=INVITATION_SALT,
    accept_url_name="employers:accept_invitation",
    mail_template="employer_invitation",
    error=EmployerError,
    expired=gettext_lazy(
        "This invitation link has expired. Ask the person who invited you to send a new one."
    ),
    withdrawn=gettext_lazy("This invitation has been withdrawn by the organisation."),
    other_address=gettext_lazy(
        "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
        "Log in with the invited address, or ask for an invitation to your own."
    ),
    check=check_can_accept,
    # Only an employer account can join: signing up from the link makes one.
    account_type="employer",
)


def invitation_token(invitation: Invitation) -> str:
    """The signed, timestamped token of an invitation link."""
    return invitations.token(invitation, kind=INVITATIONS)


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link points to, or EmployerError saying why it cannot be used."""
    return invitations.from_token(token, kind=INVITATIONS)


@transaction.atomic
def invite_member(
    *, employer: Employer, by: Any, email: str, language: str | None = None
) -> Invitation:
    """Invite a colleague by e-mail. Inviting an address with an open invitation sends a fresh
    link for the same invitation. The mail is in the invitee's stored language when they have an
    account, else in `language` (the inviter's page language, by default)."""
    email = email.strip().lower()
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    _refuse_unless_owner(by, employer)
    if employer.memberships.filter(user__email__iexact=email).exists():
        raise EmployerError(_("%(email)s is already on your team.") % {"email": email})
    invitation = invitations.open_invitation(kind=INVITATIONS, organisation=employer, email=email)
    if invitation is None:
        invitation = Invitation.objects.create(employer=employer, email=email, invited_by=by)
    invitations.send(
        kind=INVITATIONS,
        invitation=invitation,
        context={"employer": employer, "inviter": by},
        language=language,
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: Any) -> Invitation:
    """The owner withdraws an open invitation; its link stops working."""
    _refuse_unless_owner(by, invitation.employer)
    return invitations.revoke(kind=INVITATIONS, invitation=invitation)


def accept_invitation(*, user: Any, token: str) -> Membership:
    """Join the inviting organisation as a member."""
    return invitations.accept(kind=INVITATIONS, user=user, token=token)


# --- Team: members and ownership ------------------------------------------------------------


@transaction.atomic
def remove_member(*, membership: Membership, by: Any) -> None:
    """The owner removes a colleague; the account stays and can join another organisation."""
    membership = (
        Membership.objects.select_for_update().select_related("employer").get(pk=membership.pk)
    )
    _refuse_unless_owner(by, membership.employer)
    if membership.user_id == by.pk:
        raise EmployerError(
            _("You are the owner: hand over ownership to a colleague before leaving the team.")
        )
    membership.delete()


@transaction.atomic
def transfer_ownership(*, membership: Membership, by: Any) -> Membership:
    """Make the colleague of `membership` the owner; the previous owner becomes a member."""
    membership = (
        Membership.objects.select_for_update().select_related("employer").get(pk=membership.pk)
    )
    _refuse_unless_owner(by, membership.employer)
    if membership.user_id == by.pk:
        raise EmployerError(_("You are already the owner."))
    # Demote first: the database allows one owner per employer at any moment.
    Membership.objects.filter(employer=membership.employer, role=Membership.Role.OWNER).update(
        role=Membership.Role.MEMBER
    )
    membership.role = Membership.Role.OWNER
    membership.save(update_fields=["role"])
    return membership
