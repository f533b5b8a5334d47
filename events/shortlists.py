"""The résumé book's shortlist: an exhibiting organisation's own list of candidates, each with a
private note that every member of the organisation reads and nobody else does (issue #15).

The model lives here and is imported at the end of events/models.py; the actions (add, change
the note, remove) are in events/services/shortlists.py.

Privacy: the row goes with the participant's profile by the database's own ON DELETE CASCADE
(migration 0009_shortlist), whichever door deletes the profile (erasure, admin), and Django's
Collector does not follow the link, so the person's data export never shows which organisation
noted what about them (participants/erasure.py, NOT_WALKED).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import Employer
from participants.models import ParticipantProfile

NOTE_MAX_LENGTH = 2000


class ShortlistEntry(models.Model):
    """One candidate on one organisation's shortlist, with the organisation's note."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="shortlist",
        verbose_name=_("employer"),
    )
    # DO_NOTHING and no Django constraint: the database deletes the row with the profile
    # (migration 0009_shortlist), so erasure's walk never exports another organisation's note.
    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="shortlist_entries",
        verbose_name=_("participant"),
    )
    note = models.TextField(_("private note"), max_length=NOTE_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shortlisted by"),
    )
    created_at = models.DateTimeField(_("shortlisted on"), auto_now_add=True)
    # Changes with the note only (services save the note and this field, nothing else).
    updated_at = models.DateTimeField(_("note updated"), auto_now=True)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "participant"], name="shortlist_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.participant_id}"


def with_shortlist(
    profiles: QuerySet[ParticipantProfile], employer: Employer
) -> QuerySet[ParticipantProfile]:
    """`profiles` with the organisation's own entry joined (one LEFT JOIN, no query per
    person): `shortlist_id` (None when not shortlisted), `shortlist_note`,
    `shortlist_updated_at` and `shortlist_added_by` (the member's e-mail address). Another
    organisation's entries are never joined."""
    return profiles.annotate(
        own_entry=FilteredRelation(
            "shortlist_entries", condition=Q(shortlist_entries__employer=employer)
        ),
    ).annotate(
        shortlist_id=F("own_entry__id"),
        shortlist_note=F("own_entry__note"),
        shortlist_updated_at=F("own_entry__updated_at"),
        shortlist_added_by=F("own_entry__added_by__email"),
    )
