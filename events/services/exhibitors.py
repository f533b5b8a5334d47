"""Exhibitor actions: employers apply for a booth or an online presentation at a career fair,
CLAIR staff approve, reject and label booths, the employer may withdraw.

Booths are decided under a row lock on the event (like seats), so the last booth is given once
however many approvals run at the same moment. Every function takes keyword arguments, runs in
one transaction and raises `EventError` with a message the person can read. Mail is queued in
the same transaction, to every member of the organisation in their own language; a new
application is also announced to CLAIR's coordination division, in Japanese.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Employer
from jetcareer.outbox.services import absolute_url, queue_mail, queue_mail_to_each
from jetcareer.web.dates import single_full_stops
from participants.models import ParticipantProfile

from ..models import Event, Exhibitor, Registration
from . import interviews
from .errors import EventError
from .locking import lock

BOOTH_LABEL_MAX_LENGTH = Exhibitor._meta.get_field("booth_label").max_length
NOTE_MAX_LENGTH = 2000
# CLAIR's staff read Japanese: the notices of new applications are written in it.
CLAIR_LANGUAGE = "ja"


# --- Reads shared by the pages, the CSV export and the admin ---------------------------------


def booths_taken(event: Event) -> int:
    """Booths given so far: approved exhibitors that want one (online-only ones take none)."""
    return Exhibitor.objects.filter(
        event=event, status=Exhibitor.Status.APPROVED, wants_booth=True
    ).count()


def live_application(*, event: Event, employer: Employer) -> Exhibitor | None:
    """The organisation's application for the fair that is not withdrawn, if any."""
    return (
        Exhibitor.objects.exclude(status=Exhibitor.Status.WITHDRAWN)
        .filter(event=event, employer=employer)
        .first()
    )


def resume_book(event: Event) -> QuerySet[ParticipantProfile]:
    """Participants with a confirmed seat at the fair who share their profile with employers
    right now, in the order they registered. Consent is read at every call, never copied:
    withdrawing it hides the person at once. One query, whatever the number of people; in
    registration order the index on (event, status, created_at) gives any page without sorting
    everyone (by name, a page of a national fair sorted its thousands of people)."""
    return (
        ParticipantProfile.objects.filter(
            registrations__event=event,
            registrations__status=Registration.Status.CONFIRMED,
            shares_with_employers=True,
        )
        .select_related("user")
        .order_by("registrations__created_at", "registrations__id")
    )


# --- Checks (the "check" half of each action; the admin form validates with them) ----------


def refusal_to_exhibit(event: Event, now: datetime | None = None) -> str | None:
    """Why the fair takes no applications, or None when it does."""
    now = now or timezone.now()
    if event.kind != Event.Kind.CAREER_FAIR:
        return _("Organisations exhibit at career fairs only.")
    if not event.is_published:
        return _("This fair is not open for exhibitors.")
    if event.is_cancelled:
        return _("This fair has been cancelled.")
    if event.starts_at <= now:
        return _("This fair has already started: applications are closed.")
    return None


def check_booth_label(*, exhibitor: Exhibitor, label: str) -> str:
    """The cleaned label, or EventError when it cannot be given to this exhibitor."""
    label = label.strip()
    if not label:
        return ""
    if len(label) > BOOTH_LABEL_MAX_LENGTH:
        raise EventError(
            _("A booth label has at most %(n)d characters.") % {"n": BOOTH_LABEL_MAX_LENGTH}
        )
    if not exhibitor.wants_booth:
        raise EventError(
            _("%(employer)s presents online only and has no booth to label.")
            % {"employer": exhibitor.employer}
        )
    if exhibitor.status in (Exhibitor.Status.REJECTED, Exhibitor.Status.WITHDRAWN):
        raise EventError(_("Only an applied or approved exhibitor can have a booth label."))
    holder = (
        Exhibitor.objects.filter(event_id=exhibitor.event_id, booth_label__iexact=label)
        .exclude(pk=exhibitor.pk)
        .select_related("employer")
        .first()
    )
    if holder is not None:
        raise EventError(
            single_full_stops(
                _("Booth %(label)s is already given to %(employer)s. Choose another label.")
                % {"label": label, "employer": holder.employer}
            )
        )
    return label


# --- Actions --------------------------------------------------------------------------------


def _tell_members(exhibitor: Exhibitor, template: str) -> None:
    """One message per member of the organisation, each in the member's own language."""
    memberships = exhibitor.employer.memberships.select_related("user").order_by("pk")
    queue_mail_to_each(
        people=[membership.user for membership in memberships],
        template=template,
        context={"exhibitor": exhibitor, "event": exhibitor.event, "employer": exhibitor.employer},
    )


def _tell_clair(exhibitor: Exhibitor) -> None:
    """The notice of a new application to CLAIR's coordination division, in Japanese (its
    staff read Japanese), with the link to decide on it in admin."""
    queue_mail(
        to=[settings.CLAIR_DIVISION_EMAILS["coordination"]],
        template="exhibitor_application_notice",
        context={
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "employer": exhibitor.employer,
            "admin_url": absolute_url(
                reverse("admin:events_exhibitor_change", args=[exhibitor.pk])
            ),
        },
        language=CLAIR_LANGUAGE,
    )


def apply_for_booth(
    *,
    event: Event,
    employer: Employer,
    by: Any,
    wants_booth: bool,
    online_presentation: bool,
    note: str = "",
) -> Exhibitor:
    """A verified organisation applies for a booth, an online presentation, or both.

    Takes the fair, the organisation, the member applying (`by`), what it wants and a note to
    CLAIR; returns the new application. In the same transaction every member of the
    organisation is sent a confirmation in their own language, and CLAIR's coordination
    division a notice in Japanese (`settings.CLAIR_DIVISION_EMAILS["coordination"]`). Raises
    EventError when the organisation is not verified, `by` is not one of its members, nothing
    is asked for, the note is too long, the fair takes no applications, or the organisation
    has already applied.
    """
    if not employer.is_verified:
        raise EventError(
            _(
                "Only organisations verified by CLAIR can apply to exhibit. Your organisation "
                "can apply once CLAIR has verified it."
            )
        )
    if not (by.is_staff or employer.memberships.filter(user=by).exists()):
        raise EventError(_("Only members of the organisation can apply for it."))
    if not (wants_booth or online_presentation):
        raise EventError(_("Choose a booth at the venue, an online presentation, or both."))
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise EventError(_("The note has at most %(n)d characters.") % {"n": NOTE_MAX_LENGTH})
    with transaction.atomic():
        # Re-read the fair: staff may have cancelled or unpublished it since the form was shown.
        event = Event.objects.get(pk=event.pk)
        reason = refusal_to_exhibit(event)
        if reason:
            raise EventError(reason)
        if wants_booth and event.format == Event.Format.ONLINE:
            raise EventError(_("This fair is online only: apply for an online presentation."))
        existing = live_application(event=event, employer=employer)
        if existing is not None:
            if existing.status == Exhibitor.Status.REJECTED:
                raise EventError(
                    _("CLAIR has declined your organisation's application for this fair.")
                )
            raise EventError(_("Your organisation has already applied for this fair."))
        try:
            # A savepoint: two colleagues applying at the same moment meet the database
            # constraint (one live application per organisation and fair), not a 500.
            with transaction.atomic():
                exhibitor = Exhibitor.objects.create(
                    event=event,
                    employer=employer,
                    wants_booth=wants_booth,
                    online_presentation=online_presentation,
                    note=note,
                    applied_by=by,
                )
        except IntegrityError as exc:
            raise EventError(_("Your organisation has already applied for this fair.")) from exc
        _tell_members(exhibitor, "exhibitor_applied")
        _tell_clair(exhibitor)
    return exhibitor


def approve_exhibitor(*, exhibitor: Exhibitor, booth_label: str = "") -> Exhibitor:
    """Approve an application (staff) and tell every member. A booth is given only while the
    fair has one left: the count and the approval happen under the event's row lock."""
    with transaction.atomic():
        event = lock(Event, exhibitor.event_id)
        exhibitor = (
            Exhibitor.objects.select_for_update(of=("self",))
            .select_related("employer")
            .get(pk=exhibitor.pk)
        )
        exhibitor.event = event
        if exhibitor.status == Exhibitor.Status.APPROVED:
            raise EventError(
                _("%(employer)s is already approved for this fair.")
                % {"employer": exhibitor.employer}
            )
        if exhibitor.status == Exhibitor.Status.WITHDRAWN:
            raise EventError(
                _("%(employer)s has withdrawn its application.") % {"employer": exhibitor.employer}
            )
        if event.is_cancelled or event.is_past:
            raise EventError(_("This fair is cancelled or over."))
        capacity = event.booth_capacity
        # The count is read under the lock: the last booth cannot be given twice.
        if exhibitor.wants_booth and capacity is not None and booths_taken(event) >= capacity:
            raise EventError(
                _(
                    "No booth left for %(employer)s: all %(n)d booths of %(event)s are given. "
                    "Raise the booth capacity of the fair first."
                )
                % {"employer": exhibitor.employer, "n": capacity, "event": event.title}
            )
        label = check_booth_label(exhibitor=exhibitor, label=booth_label or exhibitor.booth_label)
        exhibitor.status = Exhibitor.Status.APPROVED
        exhibitor.booth_label = label
        exhibitor.status_reason_en = exhibitor.status_reason_ja = ""
        exhibitor.decided_at = timezone.now()
        _save(
            exhibitor,
            ["status", "booth_label", "status_reason_en", "status_reason_ja", "decided_at"],
        )
        _tell_members(exhibitor, "exhibitor_approved")
    return exhibitor


def reject_exhibitor(
    *, exhibitor: Exhibitor, reason_en: str = "", reason_ja: str = ""
) -> Exhibitor:
    """Decline an application, or take back an approval (staff), with a reason every member
    reads in the e-mail and on the fair's application page. A booth it held is free again, and
    its booked interviews are cancelled (both sides mailed).

    Takes the reason in English, Japanese or both; both are stored, and each member reads
    their own language, or the other when theirs is empty (Exhibitor.status_reason). Returns
    the exhibitor. Raises EventError without any reason, or for an application already
    rejected or withdrawn.
    """
    reason_en, reason_ja = reason_en.strip(), reason_ja.strip()
    if not (reason_en or reason_ja):
        raise EventError(_("Give a reason: the employer reads it in the e-mail."))
    with transaction.atomic():
        lock(Event, exhibitor.event_id)
        exhibitor = (
            Exhibitor.objects.select_for_update(of=("self",))
            .select_related("employer", "event")
            .get(pk=exhibitor.pk)
        )
        if exhibitor.status == Exhibitor.Status.REJECTED:
            raise EventError(
                _("%(employer)s is already rejected for this fair.")
                % {"employer": exhibitor.employer}
            )
        if exhibitor.status == Exhibitor.Status.WITHDRAWN:
            raise EventError(
                _("%(employer)s has withdrawn its application.") % {"employer": exhibitor.employer}
            )
        exhibitor.status = Exhibitor.Status.REJECTED
        exhibitor.status_reason_en, exhibitor.status_reason_ja = reason_en, reason_ja
        exhibitor.booth_label = ""
        exhibitor.decided_at = timezone.now()
        _save(
            exhibitor,
            ["status", "status_reason_en", "status_reason_ja", "booth_label", "decided_at"],
        )
        _tell_members(exhibitor, "exhibitor_rejected")
        interviews.release_exhibitor_bookings(exhibitor=exhibitor)  # an approval taken back
    return exhibitor


def withdraw_exhibitor(*, exhibitor: Exhibitor) -> Exhibitor:
    """The organisation withdraws its application or its approved place; the booth and its
    label are free again, and its booked interviews are cancelled (both sides mailed).
    Withdrawing twice changes nothing."""
    with transaction.atomic():
        event = lock(Event, exhibitor.event_id)
        exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
        if exhibitor.status == Exhibitor.Status.WITHDRAWN:
            return exhibitor
        if exhibitor.status == Exhibitor.Status.REJECTED:
            raise EventError(
                _("CLAIR has declined this application: there is nothing to withdraw.")
            )
        if event.is_past:
            raise EventError(_("This fair has already taken place."))
        exhibitor.status = Exhibitor.Status.WITHDRAWN
        exhibitor.booth_label = ""
        _save(exhibitor, ["status", "booth_label"])
        interviews.release_exhibitor_bookings(exhibitor=exhibitor)  # both sides are told
    return exhibitor


def assign_booth_label(*, exhibitor: Exhibitor, label: str) -> Exhibitor:
    """Staff give an exhibitor its booth label (an empty label clears it)."""
    with transaction.atomic():
        lock(Event, exhibitor.event_id)
        exhibitor = (
            Exhibitor.objects.select_for_update(of=("self",))
            .select_related("employer")
            .get(pk=exhibitor.pk)
        )
        exhibitor.booth_label = check_booth_label(exhibitor=exhibitor, label=label)
        _save(exhibitor, ["booth_label"])
    return exhibitor


def _save(exhibitor: Exhibitor, fields: list[str]) -> None:
    """Save; the database's unique booth label is the last word, turned into a clear error."""
    try:
        with transaction.atomic():
            exhibitor.save(update_fields=fields)
    except IntegrityError as exc:
        raise EventError(
            _("Booth %(label)s is already given at this fair. Choose another label.")
            % {"label": exhibitor.booth_label}
        ) from exc
