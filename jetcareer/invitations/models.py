"""The fields every invitation has, as an abstract model: each app's invitation adds the
organisation it invites to, its own created_at and its constraint (their columns are unchanged)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Neither accepted nor withdrawn: the link still works until it expires.
OPEN = Q(accepted_at__isnull=True, revoked_at__isnull=True)


def one_open_invitation_per_address(organisation: str, *, name: str) -> models.UniqueConstraint:
    """The database rule that an address has at most one open invitation to an organisation
    (the foreign key `organisation`), so inviting it again re-sends that invitation
    (services.open_invitation). `name` is the constraint's name in the database."""
    return models.UniqueConstraint(
        fields=[organisation, "email"],
        condition=OPEN,
        name=name,
    )


class InvitationQuerySet(models.QuerySet):
    def open(self) -> InvitationQuerySet:
        return self.filter(OPEN)


class AbstractInvitation(models.Model):
    """A person invited by e-mail. The link carries a signed, expiring id (services), so the
    table holds no secret."""

    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    def membership_fields(self) -> dict[str, Any]:
        """The fields of the membership that accepting creates, besides the user."""
        raise NotImplementedError
