"""Messages from staff to the people of an event (pretix's "send out e-mails"): who receives
them, what each person will read, and sending them once through the outbox's workers.

A message is written in English and Japanese and goes to one or more audiences of the event:
people with a confirmed seat, people on the waiting list, people who checked in, and the
members of the approved exhibitors. A person in several audiences is mailed once. The mails
are not rendered in the request: `send_message` stores the recipients' ids as mail batches in
its transaction, and a worker renders each mail in the recipient's stored language
(`mail_event_message`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jetcareer.outbox.rendering import render_message
from jetcareer.outbox.services import bulk_mailer, queue_bulk_mail, queue_mail

from ..models import Event, EventMessage, Exhibitor, Registration
from .errors import EventError

TEMPLATE = "event_message"
Audience = EventMessage.Audience


# --- Who receives it ------------------------------------------------------------------------


def audience_users(*, event: Event, audience: str) -> QuerySet:
    """The active accounts of one audience of `event` (an EventMessage.Audience value).

    Registrations of erased accounts have no person and are left out; "checked in" counts as
    the desk does (confirmed and checked in); exhibitors are the members of every organisation
    approved to exhibit at the event. Raises EventError for an unknown audience.
    """
    users = get_user_model().objects.filter(is_active=True)
    registrations = Registration.objects.filter(event=event, participant__isnull=False)
    if audience == Audience.CONFIRMED:
        chosen = registrations.confirmed()
    elif audience == Audience.WAITLISTED:
        chosen = registrations.filter(status=Registration.Status.WAITLISTED)
    elif audience == Audience.CHECKED_IN:
        chosen = registrations.checked_in()
    elif audience == Audience.EXHIBITORS:
        approved = Exhibitor.objects.filter(event=event, status=Exhibitor.Status.APPROVED)
        return users.filter(employer_membership__employer__in=approved.values("employer_id"))
    else:
        raise EventError(_("Unknown audience: %(audience)s.") % {"audience": audience})
    return users.filter(participant_profile__in=chosen.values("participant_id"))


def recipient_ids(*, event: Event, audiences: Iterable[str]) -> list[int]:
    """The ids of everyone in any of `audiences`, each once, in a stable order."""
    ids: set[int] = set()
    for audience in audiences:
        ids.update(audience_users(event=event, audience=audience).values_list("pk", flat=True))
    return sorted(ids)


@dataclass(frozen=True)
class Preview:
    """What staff see before sending: how many people each audience holds, how many distinct
    people get the mail, and the mail as rendered in English and in Japanese."""

    counts: list[tuple[str, int]]  # (audience label, people), in the order of Audience
    total: int
    english: tuple[str, str]  # (subject, text)
    japanese: tuple[str, str]


def preview(*, message: EventMessage) -> Preview:
    """The counts of the message's audiences now and the mail each language receives.

    Takes a message (saved or not); returns a Preview. Rendered by the same templates and
    context as the mails the worker queues, so what staff read is what people get.
    """
    chosen = set(message.audiences or ())
    counts = [
        (label, audience_users(event=message.event, audience=value).count())
        for value, label in Audience.choices
        if value in chosen
    ]
    rendered = {}
    for language in ("en", "ja"):
        subject, text, _html = render_message(
            template=TEMPLATE, context=_context(message), language=language
        )
        rendered[language] = (subject, text)
    return Preview(
        counts=counts,
        total=len(recipient_ids(event=message.event, audiences=chosen)),
        english=rendered["en"],
        japanese=rendered["ja"],
    )


# --- Checks and sending ---------------------------------------------------------------------


def check_audiences(audiences: Sequence[str]) -> None:
    """Refuse an empty choice of audiences, or an unknown one. Raises EventError."""
    if not audiences:
        raise EventError(_("Choose who receives the message."))
    unknown = set(audiences) - set(Audience.values)
    if unknown:
        raise EventError(
            _("Unknown audience: %(audience)s.") % {"audience": ", ".join(sorted(unknown))}
        )


def check_message(
    *, audiences: Sequence[str], subject_en: str, subject_ja: str, body_en: str, body_ja: str
) -> None:
    """Refuse a message that cannot be sent as written: no audience, an unknown one, or a
    subject or body missing in English or Japanese (each person reads their own language, so
    both must be there). Returns nothing; raises EventError naming what is missing. The admin's
    form runs it to show the error on the form; `save_draft` and `send_message` run it again."""
    check_audiences(audiences)
    missing = [
        label
        for label, value in [
            (_("the English subject"), subject_en),
            (_("the Japanese subject"), subject_ja),
            (_("the English message"), body_en),
            (_("the Japanese message"), body_ja),
        ]
        if not value.strip()
    ]
    if missing:
        raise EventError(
            _(
                "Write %(missing)s: each person receives the message in their own language, "
                "English or Japanese."
            )
            % {"missing": pgettext("list separator", ", ").join(missing)}
        )


def _check(message: EventMessage) -> None:
    """`check_message` on what `message` holds; raises EventError as it does."""
    check_message(
        audiences=message.audiences,
        subject_en=message.subject_en,
        subject_ja=message.subject_ja,
        body_en=message.body_en,
        body_ja=message.body_ja,
    )


EDITABLE_FIELDS = ["event", "audiences", "subject_en", "subject_ja", "body_en", "body_ja"]


def save_draft(*, message: EventMessage, by: Any) -> EventMessage:
    """Store a message written or changed by staff, not yet sent.

    Takes the message as written (new or stored) and the staff member; returns it saved. A new
    message records `by` as its author. Raises EventError when it cannot be sent as written
    (`check_message`) or has been sent meanwhile (a sent message stays as it was sent); nothing
    is saved then.
    """
    _check(message)
    with transaction.atomic():
        if message.pk is None:
            message.created_by = by
            message.save()
            return message
        stored = EventMessage.objects.select_for_update().get(pk=message.pk)
        if stored.is_sent:
            raise EventError(_("This message has already been sent: it can no longer be changed."))
        message.save(update_fields=EDITABLE_FIELDS)
    return message


def send_message(*, message: EventMessage, by: Any) -> int:
    """Send a written message to its audiences, once.

    Takes the stored message and the staff member sending it; returns how many people will be
    mailed. In one transaction: the message row is locked, checked (`check_message`, not sent
    before, someone to tell), marked sent with the number of recipients, and their ids are
    stored as mail batches (`queue_bulk_mail`), which workers render after commit, each mail in
    the recipient's language. Nothing is rendered or sent in the request. Raises EventError
    when the message was already sent, cannot be sent as written or reaches nobody; nothing is
    stored or queued then.
    """
    with transaction.atomic():
        message = (
            EventMessage.objects.select_for_update().select_related("event").get(pk=message.pk)
        )
        if message.is_sent:
            raise EventError(_("This message has already been sent."))
        _check(message)
        ids = recipient_ids(event=message.event, audiences=message.audiences)
        if not ids:
            raise EventError(_("Nobody is in the chosen groups yet: the message was not sent."))
        message.sent_at = timezone.now()
        message.sent_by = by
        message.recipient_count = len(ids)
        message.save(update_fields=["sent_at", "sent_by", "recipient_count"])
        queue_bulk_mail(mail_event_message, ids, message=message.pk)
    return len(ids)


def _context(message: EventMessage) -> dict[str, Any]:
    # `message.subject` and `message.body` are read while rendering, inside the recipient's
    # language (BilingualField), so one context serves both languages.
    return {"message": message, "event": message.event}


@bulk_mailer
def mail_event_message(ids: Sequence[int], *, message: int) -> int:
    """Worker side of `send_message`: mail the message to each account in `ids` in the
    account's stored language. Returns the number of mails queued (accounts deleted or
    deactivated meanwhile, or a message deleted meanwhile, are skipped)."""
    stored = EventMessage.objects.select_related("event").filter(pk=message).first()
    if stored is None:
        return 0
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")
    for user in users:
        queue_mail(
            to=[user.email],
            template=TEMPLATE,
            context={**_context(stored), "user": user},
            language=user.preferred_language,
        )
    return len(users)
