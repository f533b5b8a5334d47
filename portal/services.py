"""Business actions of the portal: publishing announcements, and receiving inquiries from the
contact form (stored, routed to a CLAIR division, acknowledged, rate limited).

Every function takes keyword arguments and runs in one transaction; mail is queued through
the outbox in that transaction, so an inquiry and its two e-mails are committed together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer import ratelimit
from jetcareer.outbox.services import queue_mail

from .models import TOPIC_DIVISIONS, Announcement, Audience, Division, Inquiry, Topic

# --- Settings read at call time, so tests and deployments can change them -------------------

DEFAULT_DIVISION_EMAILS = {
    Division.COORDINATION.value: "gyomu@clair.or.jp",  # printed in CLAIR's documents
    Division.TRAINING.value: "kenshu@clair.example",  # placeholder until CLAIR gives one
}
DEFAULT_INQUIRIES_PER_HOUR = 5
# Division staff read Japanese; the sender is answered in the language they chose.
DIVISION_LANGUAGE = "ja"


def division_emails() -> dict[str, str]:
    """Where each division receives inquiries: `CLAIR_DIVISION_EMAILS` over the defaults."""
    return {**DEFAULT_DIVISION_EMAILS, **getattr(settings, "CLAIR_DIVISION_EMAILS", {})}


def inquiries_per_hour() -> int:
    """How many inquiries one IP address, and one e-mail address, may send in an hour."""
    return int(getattr(settings, "CONTACT_INQUIRIES_PER_HOUR", DEFAULT_INQUIRIES_PER_HOUR))


class PortalError(Exception):
    """A portal action was refused; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InquiryRateLimited(PortalError):
    """Too many inquiries from one address or one e-mail address within the hour."""


# --- Announcements --------------------------------------------------------------------------


def create_announcement(
    *,
    title_en: str,
    title_ja: str,
    body_en: str,
    body_ja: str,
    audiences: Iterable[Audience | str],
    publish: bool = True,
    published_at: datetime | None = None,
    slug: str = "",
) -> Announcement:
    """A new announcement for the given audiences, published now (or at `published_at`)."""
    chosen = list(audiences)
    if not chosen:
        raise PortalError(_("Choose at least one audience."))
    if not (title_en or title_ja):
        raise PortalError(_("Give the announcement a title in English or Japanese."))
    announcement = Announcement(
        slug=slug,
        title_en=title_en,
        title_ja=title_ja,
        body_en=body_en,
        body_ja=body_ja,
        is_published=publish,
        published_at=published_at,
    )
    announcement.set_audiences(chosen)
    with transaction.atomic():
        announcement.save()
    return announcement


@transaction.atomic
def publish_announcements(*, announcements: Iterable[Announcement]) -> int:
    """Publish each announcement not yet published; a missing time becomes now. Saved one by
    one (not a queryset update) so the change history records every publication."""
    count = 0
    for announcement in announcements:
        if announcement.is_published:
            continue
        announcement.is_published = True
        announcement.save(update_fields=["is_published", "published_at", "updated_at"])
        count += 1
    return count


@transaction.atomic
def unpublish_announcements(*, announcements: Iterable[Announcement]) -> int:
    """Take announcements off the site; their publication time is kept for the record."""
    count = 0
    for announcement in announcements:
        if not announcement.is_published:
            continue
        announcement.is_published = False
        announcement.save(update_fields=["is_published", "updated_at"])
        count += 1
    return count


# --- Inquiries ------------------------------------------------------------------------------


def _rate_key(kind: str, value: str) -> str:
    # Hashed: cache keys stay short and free of characters some backends refuse, and the
    # cache never holds an address in clear (as jetcareer.ratelimit asks of its keys).
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"portal:inquiry-rate:{kind}:{digest}"


def consume_inquiry_allowance(*, ip: str, email: str) -> None:
    """Count one submission against the hour's allowance (`CONTACT_INQUIRIES_PER_HOUR`, 5 by
    default) of the sender's IP address and of the e-mail address; raise `InquiryRateLimited`
    when either is used up.

    Both allowances are counted on every call (no short cut), so a refused attempt uses up
    both; the window and its atomicity are jetcareer.ratelimit's.
    """
    limit = inquiries_per_hour()
    allowed = [
        ratelimit.consume(_rate_key(kind, value), limit=limit)
        for kind, value in (("ip", ip), ("email", email))
    ]
    if not all(allowed):
        raise InquiryRateLimited(
            _(
                "You have already sent several messages in the last hour. Please wait an hour "
                "and send your message again, or write to us by e-mail."
            )
        )


def submit_inquiry(
    *, name: str, email: str, topic: Topic | str, message: str, language: str
) -> Inquiry:
    """Store an inquiry, e-mail it to the division of its topic (in Japanese) and acknowledge
    it to the sender in their language, all in one transaction."""
    if topic not in TOPIC_DIVISIONS:
        raise PortalError(_("Please choose what your message is about."))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    division = TOPIC_DIVISIONS[topic]
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            name=name.strip(),
            email=email.strip(),
            topic=topic,
            division=division,
            message=message.strip(),
            language=language,
        )
        admin_url = settings.SITE_URL.rstrip("/") + reverse(
            "admin:portal_inquiry_change", args=[inquiry.pk]
        )
        queue_mail(
            to=[division_emails()[division]],
            template="inquiry_division",
            context={"inquiry": inquiry, "admin_url": admin_url},
            language=DIVISION_LANGUAGE,
            reply_to=[inquiry.email],  # staff answer the sender straight from their mailbox
        )
        queue_mail(
            to=[inquiry.email],
            template="inquiry_received",
            context={"inquiry": inquiry},
            language=language,
        )
    return inquiry


@transaction.atomic
def mark_inquiries_answered(*, inquiries: Iterable[Inquiry], by: object) -> int:
    """Mark new inquiries answered by a staff member; answered ones keep their first answer."""
    count = 0
    now = timezone.now()
    for inquiry in inquiries:
        if inquiry.status == Inquiry.Status.ANSWERED:
            continue
        inquiry.status = Inquiry.Status.ANSWERED
        inquiry.answered_at = now
        inquiry.answered_by = by
        inquiry.save(update_fields=["status", "answered_at", "answered_by"])
        count += 1
    return count
