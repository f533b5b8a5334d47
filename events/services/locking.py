"""The row lock that keeps seats, booths and slots from being given twice."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, models
from django.utils.translation import gettext as _

from .errors import TryAgain

M = TypeVar("M", bound=models.Model)

# A request waits at most this long for a row another request holds; then it says "try again".
LOCK_TIMEOUT_MS = 3000


def lock(model: type[M], pk: int) -> M:
    """Lock one row until the end of the surrounding transaction (PostgreSQL: FOR UPDATE).

    settings.EVENTS_ROW_LOCK = False switches the lock off; only the concurrency tests do that,
    to show that without it seats are oversold.
    """
    if not getattr(settings, "EVENTS_ROW_LOCK", True):
        return model.objects.get(pk=pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
    try:
        return model.objects.select_for_update().get(pk=pk)
    except OperationalError as exc:
        raise TryAgain(
            _("Many people are registering right now. Please try again in a moment.")
        ) from exc
