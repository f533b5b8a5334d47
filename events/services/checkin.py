"""The check-in scanner's side of the server (issue #17): the scans a staff phone sends, one at
a time while online or as a queue kept while the hall's network was down, each decided by
`registrations.check_in`, the one door every check-in goes through; and what the phones read
(the event's ticket list for offline use, the live count).

How conflicts are decided (pretixSCAN's model: the server decides, the phone shows what was
corrected): a scan carries the time it was made on the phone, and the check-in keeps the first
time recorded. A ticket cancelled (or of another event) before the queue arrives is refused with
the reason; a ticket another phone checked in first is accepted as already checked in, and the
first phone's time stays. Replaying a batch changes nothing: every scan of it meets the
already-checked-in rule, and one whose own time was kept answers `checked_in` again, so a phone
that lost the first answer reads the same result the second time.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jetcareer.kana import search_form

from ..models import Event, Registration
from . import registrations
from .errors import EventError

logger = logging.getLogger(__name__)

# A phone's queue after an afternoon offline is a few hundred scans; one request takes this many.
MAX_SCANS_PER_BATCH = 500
MAX_ID_LENGTH = 64  # device and local ids: the phone's own UUIDs


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"  # this scan checked the person in (now or on an earlier upload)
    ALREADY = "already"  # someone else's scan was first; its time is kept
    REJECTED = "rejected"  # not checked in: `reason` says why


class Reason(StrEnum):
    """Why a scan was rejected: the codes of registrations.CheckInRefused, and the scanner's
    own."""

    UNKNOWN = "unknown"  # no registration holds this token
    INVALID = "invalid"  # the scan itself is malformed
    OTHER_EVENT = "other_event"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    NOT_OPEN = "not_open"


# The status a refused ticket has now, by reason ("" where the phone must not learn it).
_STATUS_AFTER_REFUSAL = {
    Reason.CANCELLED: Registration.Status.CANCELLED.value,
    Reason.WAITLISTED: Registration.Status.WAITLISTED.value,
    Reason.NOT_OPEN: Registration.Status.CONFIRMED.value,
}


@dataclass(frozen=True)
class Scan:
    """One scan as a phone sends it: the ticket's token, when it was scanned on the phone
    (None: now), the phone's id and the scan's id on the phone."""

    token: str
    scanned_at: datetime | None = None
    device_id: str = ""
    local_id: str = ""
    problem: str = ""  # why the scan is malformed ("" when it is well formed)


@dataclass(frozen=True)
class ScanResult:
    """What the server made of one scan; `status` and `checked_in_at` are the ticket's now, for
    the phone to correct its list."""

    local_id: str
    token: str
    outcome: Outcome
    reason: str = ""
    message: str = ""
    status: str = ""
    checked_in_at: datetime | None = None
    name: str = ""
    kana: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "local_id": self.local_id,
            "token": self.token,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "message": self.message,
            "status": self.status,
            "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at else None,
            "name": self.name,
            "kana": self.kana,
        }


def parse_scans(payload: object) -> list[Scan]:
    """The scans of a sync request's JSON body: a list of objects with `token`, `scanned_at`
    (ISO 8601; a time without offset is Japan time; missing: now), `device_id` and
    `local_id`. A malformed item becomes a Scan with a `problem`, rejected on its own.

    Raises EventError when the body is not such a list or holds more than
    MAX_SCANS_PER_BATCH scans (nothing is checked in then)."""
    if not isinstance(payload, list):
        raise EventError(_("Send the scans as a list."))
    if len(payload) > MAX_SCANS_PER_BATCH:
        raise EventError(
            _("Send at most %(count)d scans at a time.") % {"count": MAX_SCANS_PER_BATCH}
        )
    return [_parse_scan(item) for item in payload]


def _parse_scan(item: object) -> Scan:
    if not isinstance(item, dict):
        return Scan(token="", problem=_("This scan could not be read."))
    token, raw_time = item.get("token"), item.get("scanned_at")
    ids = [item.get("device_id", ""), item.get("local_id", "")]
    if not all(isinstance(value, str) and len(value) <= MAX_ID_LENGTH for value in ids):
        return Scan(token=str(token)[:40], problem=_("This scan could not be read."))
    device_id, local_id = ids
    if not isinstance(token, str):
        return Scan(token="", local_id=local_id, problem=_("This scan could not be read."))
    scanned_at = None
    if raw_time is not None:
        scanned_at = parse_datetime(raw_time) if isinstance(raw_time, str) else None
        if scanned_at is None:
            return Scan(token=token[:40], local_id=local_id, device_id=device_id,
                        problem=_("The time of this scan could not be read."))  # fmt: skip
        if timezone.is_naive(scanned_at):
            scanned_at = timezone.make_aware(scanned_at)
    return Scan(token=token.strip(), scanned_at=scanned_at, device_id=device_id,
                local_id=local_id)  # fmt: skip


def _token(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def check_in_scans(
    *, event: Event, scans: Sequence[Scan], now: datetime | None = None
) -> list[ScanResult]:
    """Check in the people whose tickets a phone scanned at `event`'s entrance, each through
    `registrations.check_in` (one transaction each: a refusal leaves the others standing).

    Takes the event whose scanner sent them, the scans in the order made, and `now` (default
    the current time). A scan's time is when the person came in, but never later than `now`
    (a phone's clock may run fast); check-in opening later than a scan's time refuses it.
    Returns one ScanResult per scan, in the same order: checked in, already checked in by
    another scan (whose time is kept), or rejected with the reason (an unknown token, another
    event's ticket, a registration cancelled or waiting, check-in not open yet). Raises
    nothing for a scan: every refusal is a result.
    """
    now = now or timezone.now()
    tokens = {token for scan in scans if (token := _token(scan.token)) is not None}
    found = {
        r.ticket_token: r
        for r in Registration.objects.filter(ticket_token__in=tokens).select_related(
            "event", "participant"
        )
    }
    return [_one(event, scan, found, now) for scan in scans]


def _one(
    event: Event, scan: Scan, found: dict[uuid.UUID, Registration], now: datetime
) -> ScanResult:
    if scan.problem:
        return ScanResult(scan.local_id, scan.token, Outcome.REJECTED, Reason.INVALID,
                          scan.problem)  # fmt: skip
    token = _token(scan.token)
    registration = found.get(token) if token else None
    if registration is None:
        return ScanResult(scan.local_id, scan.token, Outcome.REJECTED, Reason.UNKNOWN,
                          _("Unknown ticket: it is not on any event's list."))  # fmt: skip
    profile = registration.participant
    name, kana = (profile.full_name, profile.full_name_kana) if profile else ("", "")
    at = min(scan.scanned_at or now, now)
    try:
        registration, already = registrations.check_in(
            registration=registration, desk_event=event, now=at
        )
    except registrations.CheckInRefused as refusal:
        if scan.local_id:  # a phone's own decision (made offline) corrected here
            logger.info("scan %s of device %s refused: %s", scan.local_id, scan.device_id,
                        refusal.code)  # fmt: skip
        return ScanResult(
            scan.local_id,
            scan.token,
            Outcome.REJECTED,
            refusal.code,
            str(refusal),
            status=_STATUS_AFTER_REFUSAL.get(refusal.code, ""),
            name=name,
            kana=kana,
        )
    # The time kept is this scan's own: it checked the person in, now or on an earlier upload
    # of the same queue (a replay); any other time is another scan's, which came first.
    outcome = Outcome.CHECKED_IN if registration.checked_in_at == at else Outcome.ALREADY
    if already and outcome == Outcome.ALREADY:
        message = _("Already checked in.")
    else:
        message = _("Checked in. Welcome!")
    return ScanResult(
        scan.local_id,
        scan.token,
        outcome,
        message=message,
        status=registration.status,
        checked_in_at=registration.checked_in_at,
        name=name,
        kana=kana,
    )


def live_counts(event: Event) -> dict[str, int]:
    """The event's confirmed and checked-in counts now, as every scanner phone polls them: the
    counters the database keeps on the event's row (Event.COUNT_FIELDS), read by primary key,
    so a poll costs the same however many people (selectors.desk_counts counts the rows, with
    the hybrid event's split, for the desk page)."""
    confirmed, checked_in = (
        Event.objects.filter(pk=event.pk).values_list("confirmed_count", "checked_in_count").get()
    )
    return {"confirmed": confirmed, "checked_in": checked_in}


# How long after the event a phone may keep its ticket list (names and their readings): a day
# is time enough to send the check-ins kept offline (docs/decisions.md, "The ticket list leaves
# the phone").
LIST_KEPT_AFTER_EVENT = timedelta(days=1)


def list_kept_until(event: Event) -> datetime:
    """When the event's ticket list must be gone from the scanner phones: LIST_KEPT_AFTER_EVENT
    after the event ends. After it the server hands the list out no longer (the scanner's
    tickets view answers 410) and the scanner page deletes the copy a phone keeps, as soon as
    its check-ins are sent, and the copies of other events past theirs
    (static/js/scanner/store.js)."""
    return event.ends_at + LIST_KEPT_AFTER_EVENT


def list_is_handed_out(event: Event, now: datetime | None = None) -> bool:
    """Whether a phone may still download the event's ticket list at `now` (default: the
    current time): until list_kept_until."""
    return (now or timezone.now()) < list_kept_until(event)


def desk_list(event: Event) -> list[dict[str, Any]]:
    """The event's tickets as a scanner phone keeps them for offline use: only what the
    entrance needs. For each registration: the token, status and check-in time; for a live one
    (confirmed or waiting) also the name, its reading and its search form (what
    static/js/scanner/search.js compares); a cancelled one carries no name. One query."""
    rows = (
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list(
            "ticket_token",
            "status",
            "checked_in_at",
            "participant__full_name",
            "participant__full_name_kana",
            "participant__search_name",
        )
    )
    tickets = []
    for token, status, checked_in_at, name, kana, search in rows:
        ticket: dict[str, Any] = {
            "token": str(token),
            "status": status,
            "checked_in_at": checked_in_at.isoformat() if checked_in_at else None,
        }
        if status != Registration.Status.CANCELLED:
            name, kana = name or "", kana or ""
            # A profile written without save() (a bulk insert) has no search form stored yet.
            ticket |= {"name": name, "kana": kana,
                       "search": search or search_form(f"{name} {kana}")}  # fmt: skip
        tickets.append(ticket)
    return tickets
