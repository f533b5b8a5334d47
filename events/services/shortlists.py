"""The résumé book's shortlist: members of an organisation exhibiting at a fair put candidates
of the fair's résumé book on their organisation's shortlist, with a private note every member
of the organisation reads and nobody else does (issue #15). The model is
events.shortlists.ShortlistEntry.

Each action takes the member acting (`by`): the organisation is always theirs, so no one can
touch another organisation's list. The person is named by the profile's id; one who is not in
the fair's résumé book gets the same answer whether or not the id exists. Adding or changing a
note needs the person in the fair's résumé book at that moment (a confirmed seat and consent,
read live: exhibitors.resume_book); taking someone off needs only the organisation's approval
to exhibit, so a list can always shrink.
Each function runs in one transaction and raises EventError with a message the member reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from employers.models import Employer
from jetcareer.permissions import is_approved_exhibitor_member

from ..models import Event
from ..shortlists import NOTE_MAX_LENGTH, ShortlistEntry
from .errors import EventError
from .exhibitors import resume_book


def shortlisting_organisation(*, event: Event, by: Any) -> Employer:
    """The organisation whose shortlist `by` keeps at `event`: theirs, when it is verified and
    approved to exhibit at the fair (jetcareer.permissions, as for the résumé book itself).
    Raises EventError otherwise (a participant, staff, another organisation)."""
    if not is_approved_exhibitor_member(by, event):
        raise EventError(
            _("Only members of an organisation exhibiting at this fair can keep its shortlist.")
        )
    return by.employer_membership.employer


def _check_in_book(event: Event, participant_id: int) -> None:
    if not resume_book(event).filter(pk=participant_id).exists():
        raise EventError(
            _(
                "This person is no longer in the résumé book: they may have withdrawn their "
                "consent or cancelled their registration."
            )
        )


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise EventError(_("A note can be at most %(n)d characters long.") % {"n": NOTE_MAX_LENGTH})
    return note


@transaction.atomic
def add_to_shortlist(
    *, event: Event, participant_id: int, by: Any, note: str = ""
) -> ShortlistEntry:
    """Put the participant (a ParticipantProfile's id) on the shortlist of `by`'s organisation,
    with an optional note.

    Takes the fair whose résumé book the member is reading. Returns the entry. Adding someone
    already on the list (a colleague was quicker) keeps the list as it is and adds the note
    if the entry has none. Raises EventError when `by` may not keep the fair's shortlist, the
    person is not in the résumé book now (consent withdrawn, seat cancelled), the note is too
    long, or a colleague's note is already there (the member's note is then not saved)."""
    employer = shortlisting_organisation(event=event, by=by)
    note = _clean_note(note)
    _check_in_book(event, participant_id)
    entry, created = ShortlistEntry.objects.select_for_update().get_or_create(
        employer=employer, participant_id=participant_id, defaults={"note": note, "added_by": by}
    )
    if created or not note or note == entry.note:
        return entry
    if entry.note:
        raise EventError(
            _(
                "A colleague has just shortlisted this person with a note of their own. Your "
                "note was not saved: please read theirs and add to it."
            )
        )
    entry.note = note
    entry.save(update_fields=["note", "updated_at"])
    return entry


@transaction.atomic
def update_shortlist_note(
    *,
    event: Event,
    participant_id: int,
    by: Any,
    note: str,
    seen: datetime | None = None,
) -> ShortlistEntry:
    """Replace the organisation's note on the participant (an empty note is allowed).

    `seen` is the entry's `updated_at` when the member opened it: if a colleague saved the
    note since, nothing changes and EventError says so, rather than one overwriting the other
    unseen. Also raises EventError when `by` may not keep the fair's shortlist, the person is
    not in the résumé book now, is not on the shortlist (any more), or the note is too long.
    Returns the saved entry."""
    employer = shortlisting_organisation(event=event, by=by)
    note = _clean_note(note)
    _check_in_book(event, participant_id)
    entry = (
        ShortlistEntry.objects.select_for_update()
        .filter(employer=employer, participant_id=participant_id)
        .first()
    )
    if entry is None:
        raise EventError(
            _(
                "This person is not on your organisation's shortlist any more: a colleague "
                "may have taken them off it."
            )
        )
    if seen is not None and entry.updated_at != seen:
        raise EventError(
            _(
                "A colleague changed this note while you were writing. Your text was not "
                "saved: please read the note as it is now and edit it again."
            )
        )
    if entry.note != note:
        entry.note = note
        entry.save(update_fields=["note", "updated_at"])
    return entry


@transaction.atomic
def remove_from_shortlist(*, event: Event, participant_id: int, by: Any) -> bool:
    """Take the participant off the shortlist of `by`'s organisation, with its note. Allowed
    whether or not the person is still in the résumé book. Returns False when they were not on
    it (a colleague was quicker). Raises EventError when `by` may not keep the fair's
    shortlist."""
    employer = shortlisting_organisation(event=event, by=by)
    deleted, _rows = ShortlistEntry.objects.filter(
        employer=employer, participant_id=participant_id
    ).delete()
    return bool(deleted)
