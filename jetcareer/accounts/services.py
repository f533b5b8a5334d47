"""Account actions outside allauth's own flows: demo and test users, the e-mail language, the
account type."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from jetcareer.web.dates import format_list

from .models import User


@transaction.atomic
def ensure_user(
    *,
    email: str,
    password: str,
    account_type: str = User.AccountType.PARTICIPANT,
    preferred_language: str = "en",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user with a verified primary address, or return the existing one unchanged."""
    email = email.lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            account_type=account_type,
            preferred_language=preferred_language,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def set_email_language(user: User, language: str) -> None:
    """Store the language the portal writes this person's e-mails in (User.preferred_language).

    This is the only place the choice changes after sign-up: the page-language switcher sets
    the language of the pages, not of the mail. `language` must be one of settings.LANGUAGES;
    anything else raises ValueError and leaves the account unchanged. Saving the language the
    account already has writes nothing.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language the portal offers: {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# --- The account type -------------------------------------------------------------------------


class AccountTypeError(Exception):
    """Changing the account type was refused; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The types a person chooses at sign-up, and may change between while the account is unused.
CHANGEABLE_TYPES = (User.AccountType.PARTICIPANT, User.AccountType.EMPLOYER)

# Relations to the user that hold no use of the account as one type or the other: its
# addresses and authenticators, admin's log, and the one-to-one rows the rule reads itself.
# A host organisation's member may have either type (regional), so that does not count either.
_ACCOUNT_RELATIONS = frozenset(
    {
        "logentry_set",
        "emailaddress_set",
        "authenticator_set",
        "participant_profile",
        "employer_membership",
        "host_membership",
    }
)
# Rows the portal makes by itself for a participant, not by anything the person did: the
# private calendar address is made when a page first shows it.
_PARTICIPANT_MADE_BY_THE_PORTAL = frozenset({"calendar_feed"})


def _rows_exist(owner: Any, relation: Any) -> bool:
    """Whether any row of the reverse `relation` points to `owner` (one query)."""
    return relation.related_model._base_manager.filter(**{relation.field.name: owner}).exists()


def participant_uses(user: User) -> list[str]:
    """What shows that `user` has used the account as a participant, as words to show (empty
    when nothing does): a CV, consent to share the profile, volunteering as an advisor, and
    any row of another app that points to the profile or the person (registrations,
    applications, consultations, proposals, survey invitations, and whatever a later app
    adds). The profile's basic details (name, status, dates) are not a use: they are what
    sign-up asks for first."""
    uses: list[str] = []
    profile = getattr(user, "participant_profile", None) if user.pk else None
    if profile is not None:
        if profile.cv:
            uses.append(_("a CV"))
        if profile.shares_with_employers:
            uses.append(_("consent to share your profile with employers"))
        if profile.is_advisor:
            uses.append(_("volunteering as an advisor"))
        for relation in profile._meta.related_objects:
            if relation.get_accessor_name() in _PARTICIPANT_MADE_BY_THE_PORTAL:
                continue
            label = str(relation.related_model._meta.verbose_name_plural)
            if label not in uses and _rows_exist(profile, relation):
                uses.append(label)
    for relation in User._meta.related_objects:
        if relation.get_accessor_name() in _ACCOUNT_RELATIONS:
            continue
        label = str(relation.related_model._meta.verbose_name_plural)
        if label not in uses and _rows_exist(user, relation):
            uses.append(label)
    return uses


def account_type_change_refusal(*, user: User, to: str) -> str | None:
    """Why `user` may not change their account type to `to`, or None when they may (the
    check half of `change_account_type`; the account page shows the answer before asking).

    The rule (issue #15): a person who chose the wrong type at sign-up may change it between
    participant and employer as long as the account has not been used as the type it has:
    - participant to employer: nothing of `participant_uses` (the basic profile is allowed,
      and deleted by the change);
    - employer to participant: no membership of an organisation (a member asks the owner to
      remove them first; the owner hands over ownership first).
    Staff accounts never change here; an administrator changes them in admin.
    """
    if user.is_staff or user.account_type not in CHANGEABLE_TYPES:
        return _("The type of a CLAIR staff account cannot be changed here.")
    if to not in CHANGEABLE_TYPES:
        return _("Choose a participant or an employer account.")
    if user.account_type == to:
        return _("Your account is already of this type.")
    if user.account_type == User.AccountType.PARTICIPANT:
        uses = participant_uses(user)
        if uses:
            return _(
                "Your account has already been used as a participant account (%(uses)s), so "
                "it stays one. To act for an organisation, sign up as an employer with another "
                "e-mail address."
            ) % {"uses": format_list(uses)}
        return None
    membership = getattr(user, "employer_membership", None)
    if membership is not None:
        if membership.role == "owner":
            return _(
                "You are the owner of %(name)s, so your account stays an employer account. "
                "Hand over ownership to a colleague and ask them to remove you from the team "
                "first, or sign up as a participant with another e-mail address."
            ) % {"name": membership.employer.name}
        return _(
            "Your account belongs to %(name)s, so it stays an employer account. Ask the owner "
            "to remove you from the team first, or sign up as a participant with another "
            "e-mail address."
        ) % {"name": membership.employer.name}
    return None


@transaction.atomic
def change_account_type(*, user: User, to: str) -> User:
    """Change `user`'s account type to `to` (participant or employer) under the rule of
    `account_type_change_refusal`, which is checked again under a lock on the person's row.

    Going from participant to employer deletes the basic participant profile (nothing else
    hangs on it then, or the change is refused). Returns the user; raises AccountTypeError
    with the reason when refused, changing nothing.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = account_type_change_refusal(user=user, to=to)
    if refusal is not None:
        raise AccountTypeError(refusal)
    profile = getattr(user, "participant_profile", None)
    if profile is not None:
        # Its history goes with it (cascade_delete_history); an employer keeps no profile.
        profile.delete()
    user.account_type = to
    user.save(update_fields=["account_type"])
    return user
