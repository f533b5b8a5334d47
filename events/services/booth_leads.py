"""Booth lead capture (issue #17): a participant's consent to be seen by the booths that scan
their ticket, a booth member's scan of a ticket, and the organisation's rating and note on a
lead. The models are events.booths.BoothVisit and BoothLead; the pages are
events/booth_views.py, the reads events/booth_selectors.py.

The rules, as lead retrieval at trade fairs works with GDPR-style consent: every accepted scan
counts one anonymous visit per visitor and booth (`BoothVisit`, a digest of booth and ticket,
names nobody); a ticket whose holder shares their profile with exhibitors also makes a
`BoothLead` the organisation can rate and note. Consent is the person's own switch on their
ticket page, off by default, and is read again whenever leads are shown (booth_selectors), so
turning it off hides the person at once. Each function runs in one transaction and raises
EventError with a message the reader understands, or returns a refusal the scanner shows.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer.permissions import is_verified_employer_member
from jetcareer.web.dates import format_when

from ..booths import BoothLead, BoothVisit
from ..models import Event, Exhibitor, Registration
from .errors import EventError
from .registrations import checkin_opens_at


class ScanKind(StrEnum):
    LEAD = "lead"  # the visitor shares their profile: a lead to rate and note
    VISIT = "visit"  # the visitor does not share: one anonymous visit counted
    REFUSED = "refused"  # nothing recorded: `code` and `message` say why


class Refusal(StrEnum):
    """Why a booth scan recorded nothing."""

    INVALID = "invalid"  # the scanned text is not a ticket's token
    UNKNOWN = "unknown"  # no registration holds this token
    OTHER_EVENT = "other_event"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    NOT_EXHIBITING = "not_exhibiting"  # the organisation is not (or no longer) approved
    EVENT_CANCELLED = "event_cancelled"
    NOT_OPEN = "not_open"  # before the fair day's opening (settings.CHECKIN_OPENS_BEFORE)
    OVER = "over"  # the fair has ended


@dataclass(frozen=True)
class BoothScan:
    """What a booth scan did: a lead (with the `lead`), an anonymous visit, or a refusal
    (`code`, `message`). `first_visit` says whether this scan counted a new visitor."""

    kind: ScanKind
    message: str = ""
    code: str = ""
    lead: BoothLead | None = None
    first_visit: bool = False


def visitor_key(exhibitor: Exhibitor, token: uuid.UUID) -> str:
    """The anonymous visit's key: the SHA-256 of the booth and the ticket, so that one ticket
    counts once per booth and a row cannot be traced to a person without their ticket."""
    return hashlib.sha256(f"{exhibitor.pk}:{token}".encode()).hexdigest()


def _is_member(exhibitor: Exhibitor, by: Any) -> bool:
    return bool(
        is_verified_employer_member(by)
        and by.employer_membership.employer_id == exhibitor.employer_id
    )


def booth_member_check(*, exhibitor: Exhibitor, by: Any) -> None:
    """Raises EventError unless `by` is a member of `exhibitor`'s organisation, which is
    verified and approved to exhibit at the fair (the rule "events.use_booth" of
    jetcareer.permissions, read here from the exhibitor in hand: no query)."""
    if not (_is_member(exhibitor, by) and exhibitor.status == Exhibitor.Status.APPROVED):
        raise EventError(
            _("Only members of an organisation exhibiting at this fair can use its booth.")
        )


def scanning_refusal(event: Event, now: datetime | None = None) -> tuple[str, str] | None:
    """Why booths cannot scan tickets at `event` at `now`: (code, message), or None when they
    can. Scanning opens on the fair day when check-in does (registrations.checkin_opens_at,
    settings.CHECKIN_OPENS_BEFORE before the start) and closes when the fair ends."""
    now = now or timezone.now()
    if event.is_cancelled:
        return Refusal.EVENT_CANCELLED, _("This fair has been cancelled.")
    opens_at = checkin_opens_at(event)
    if now < opens_at:
        return Refusal.NOT_OPEN, _("Scanning at booths opens at %(time)s.") % {
            "time": format_when(opens_at)
        }
    if now >= event.ends_at:
        return Refusal.OVER, _("This fair has ended: tickets can no longer be scanned.")
    return None


def _refused(code: str, message: str) -> BoothScan:
    return BoothScan(ScanKind.REFUSED, message=message, code=code)


def scan_at_booth(
    *, exhibitor: Exhibitor, token: str, by: Any, now: datetime | None = None
) -> BoothScan:
    """A member of an exhibiting organisation scanned a visitor's ticket at its booth.

    Takes the exhibitor (of one fair), the text read from the QR code's token (a UUID; the
    scanner page extracts it from the ticket's check-in address), the member scanning and
    `now` (default the current time). Counts the visitor once per booth (`BoothVisit`, got or
    created: the unique (exhibitor, visitor_key) makes two phones scanning at once count one)
    and, when the ticket's holder shares their profile with exhibitors, gets or creates the
    organisation's `BoothLead` (first scan's time and member kept).

    Returns a BoothScan: `lead`, `visit`, or `refused` with a code (Refusal) and a message for
    a malformed or unknown token, another event's ticket, a cancelled or waiting registration,
    an organisation not approved (any more), a cancelled fair, before the fair day's opening or
    after the end; a refusal records nothing. Raises EventError when `by` is not a member of
    the exhibiting organisation (the pages let no one else in).
    """
    now = now or timezone.now()
    if not _is_member(exhibitor, by):
        raise EventError(
            _("Only members of an organisation exhibiting at this fair can use its booth.")
        )
    if exhibitor.status != Exhibitor.Status.APPROVED:
        return _refused(
            Refusal.NOT_EXHIBITING,
            _("Your organisation is not approved to exhibit at this fair (any more)."),
        )
    event = exhibitor.event
    refusal = scanning_refusal(event, now)
    if refusal:
        return _refused(*refusal)
    try:
        ticket = uuid.UUID(str(token).strip())
    except ValueError:
        return _refused(
            Refusal.INVALID, _("This QR code is not a ticket of the JET Career Portal.")
        )
    registration = Registration.objects.filter(ticket_token=ticket).first()
    if registration is None:
        return _refused(Refusal.UNKNOWN, _("Unknown ticket: it is not on any event's list."))
    if registration.event_id != event.pk:
        # Which other event is the person's own business: not named to the booth.
        return _refused(Refusal.OTHER_EVENT, _("This ticket is for another event."))
    if registration.status == Registration.Status.CANCELLED:
        return _refused(Refusal.CANCELLED, _("This registration was cancelled."))
    if registration.status == Registration.Status.WAITLISTED:
        return _refused(
            Refusal.WAITLISTED, _("This person is on the waiting list, without a seat.")
        )
    with transaction.atomic():
        _visit, first_visit = BoothVisit.objects.get_or_create(
            exhibitor=exhibitor,
            visitor_key=visitor_key(exhibitor, ticket),
            defaults={"scanned_at": now},
        )
        if not (registration.shares_with_exhibitors and registration.participant_id):
            return BoothScan(
                ScanKind.VISIT,
                message=_("Visit counted: this visitor does not share their profile."),
                first_visit=first_visit,
            )
        lead, created = BoothLead.objects.get_or_create(
            exhibitor=exhibitor,
            registration=registration,
            defaults={"scanned_at": now, "scanned_by": by},
        )
    if created:
        message = _("Added to your booth's visitors.")
    else:
        message = _("Scanned before: already among your booth's visitors.")
    return BoothScan(ScanKind.LEAD, message=message, lead=lead, first_visit=first_visit)


def _clean_rating(rating: object) -> int | None:
    if rating in (None, ""):
        return None
    try:
        value = int(rating)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        value = None
    if value not in BoothLead.Rating.values:
        raise EventError(_("Choose one of the ratings offered."))
    return value


NOTE_MAX_LENGTH = BoothLead._meta.get_field("note").max_length or 2000


@transaction.atomic
def update_lead(lead: BoothLead, *, rating: object, note: str, by: Any) -> BoothLead:
    """The organisation's rating (BoothLead.Rating, or None/"" for none) and note on a lead.

    Takes the lead, the new rating and note (spaces trimmed, at most NOTE_MAX_LENGTH
    characters) and the member saving them. Returns the lead as saved. Raises EventError when
    `by` is not a member of the lead's organisation approved at the fair, when the person no
    longer shares their profile (or erased their account: consent read now, under the lead's
    row lock), for a rating that is not one of BoothLead.Rating and for a note too long.
    """
    lead = (
        BoothLead.objects.select_for_update(of=("self",))
        .select_related("exhibitor__event", "registration")
        .get(pk=lead.pk)
    )
    booth_member_check(exhibitor=lead.exhibitor, by=by)
    if not (lead.registration.shares_with_exhibitors and lead.registration.participant_id):
        raise EventError(_("This visitor no longer shares their profile with exhibitors."))
    value = _clean_rating(rating)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise EventError(_("A note can be at most %(n)d characters long.") % {"n": NOTE_MAX_LENGTH})
    lead.rating, lead.note = value, note
    lead.save(update_fields=["rating", "note", "updated_at"])
    return lead


def sharing_refusal(
    registration: Registration, *, shares: bool, now: datetime | None = None
) -> str | None:
    """Why the person cannot turn sharing on now (None: they can). Turning it off is always
    possible, after the fair too: consent is withdrawn at any time, as the profile's own
    consent to share with employers (participants.services.set_consent)."""
    if not shares:
        return None
    now = now or timezone.now()
    event = registration.event
    if registration.status == Registration.Status.CANCELLED:
        return _("This registration was cancelled.")
    if event.is_cancelled:
        return _("This fair has been cancelled.")
    if now >= event.ends_at:
        return _("This fair has ended.")
    return None


@transaction.atomic
def set_sharing(registration: Registration, *, shares: bool, now: datetime | None = None) -> bool:
    """Turn on or off "share my profile with booths that scan my ticket" for one registration
    (the ticket page's switch, for the ticket's owner only: the view checks it).

    Turning it on is possible until the fair ends, for a registration that is not cancelled at
    a fair that is not cancelled; turning it off always. Booths that scanned the ticket see the
    person again, or no more, at once (booth_selectors reads the switch each time). Returns
    whether the switch changed. Raises EventError when it cannot be turned on (the reason).
    """
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    reason = sharing_refusal(locked, shares=shares, now=now)
    if reason:
        raise EventError(reason)
    registration.shares_with_exhibitors = shares
    if locked.shares_with_exhibitors == shares:
        return False
    locked.shares_with_exhibitors = shares
    locked.save(update_fields=["shares_with_exhibitors"])
    return True
