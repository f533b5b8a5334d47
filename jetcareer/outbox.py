"""The e-mail outbox: queue mail in the caller's transaction, deliver it after commit.

Every message is a row of django-post-office's Email table, written in the same transaction as
the business change that caused it. When that transaction commits, a Celery task is asked to
deliver the queue. If the broker is down the request still succeeds: the message waits in the
table and the periodic `deliver_outbox` sweep (Celery beat) sends it later. Nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail
from post_office.signals import email_queued

logger = logging.getLogger(__name__)


def render_message(
    *, template: str, context: Mapping[str, Any], language: str
) -> tuple[str, str, str]:
    """Render templates/emails/<template>_subject.txt, .txt and .html in `language`."""
    with translation.override(language):
        ctx = {
            "site_url": settings.SITE_URL,
            "contact": settings.CLAIR_CONTACT,
            "LANGUAGE_CODE": language,
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", ctx)
        text = render_to_string(f"emails/{template}.txt", ctx)
        html = render_to_string(f"emails/{template}.html", ctx)
    return " ".join(subject.split()), text, html


def queue_mail(
    *,
    to: Iterable[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    attachments: Mapping[str, Any] | None = None,
    reply_to: Iterable[str] | None = None,
) -> None:
    """Store one message in the outbox; it is delivered after the surrounding commit. Replies
    go to `reply_to` when given, else to the sender."""
    subject, text, html = render_message(template=template, context=context, language=language)
    replies = list(reply_to or ())
    mail.send(
        recipients=list(to),
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        message=text,
        html_message=html,
        attachments=dict(attachments or {}),
        headers={"Reply-To": ", ".join(replies)} if replies else None,
        priority="medium",
    )


def request_delivery() -> None:
    """Ask a worker to deliver the queue; never let a broker outage break the caller."""
    from jetcareer.tasks import deliver_outbox

    try:
        deliver_outbox.delay()
    except Exception:  # the broker is unreachable: the beat sweep delivers later
        logger.warning("Could not reach the broker; queued mail waits for the sweep.")


def _on_email_queued(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(request_delivery, robust=True)


email_queued.connect(_on_email_queued, dispatch_uid="jetcareer.outbox")
