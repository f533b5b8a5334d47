"""EMAIL_BACKEND: whatever Django or a library sends goes into the outbox, not to SMTP."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from .services import store


class OutboxBackend(BaseEmailBackend):
    """Stores each message with `outbox.services.store` (delivered by a worker after commit).

    Django's password reset, admin error mail and any library mail take this door, so they are
    kept exactly as rendered (no second template pass) and delivered exactly once.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            store(message)
        return len(email_messages)
