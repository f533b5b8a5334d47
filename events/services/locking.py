"""The row lock that keeps seats, booths and slots from being given twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, models
from django.utils.translation import gettext as _

from .errors import TryAgain

M = TypeVar("M", bound=models.Model)

# A request waits at most this long for a row another request holds; then it says "try again".
LOCK_TIMEOUT_MS = 3000


def row_locks_enabled() -> bool:
    """False only when settings.EVENTS_ROW_LOCK is False: the concurrency tests' control run,
    which shows that without the lock seats are oversold."""
    return getattr(settings, "EVENTS_ROW_LOCK", True)


def wait_at_most() -> None:
    """Let the surrounding transaction wait for a row lock at most LOCK_TIMEOUT_MS
    (PostgreSQL); a longer wait fails, and `busy_means_try_again` says so politely."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")


def wait_at_most_prefix() -> str:
    """`wait_at_most` for a statement sent on its own: "SET LOCAL lock_timeout = N; " to put
    before it in the same execute() (PostgreSQL runs the two as one transaction, an implicit
    one outside a caller's), "" on other databases. The caller then moves to the statement's
    result with `cursor.nextset()`."""
    if connection.vendor != "postgresql":
        return ""
    return f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}; "


@contextmanager
def busy_means_try_again() -> Iterator[None]:
    """Turn a lock wait that timed out into TryAgain (the transaction is rolled back)."""
    try:
        yield
    except OperationalError as exc:
        raise TryAgain(
            _("Many people are registering right now. Please try again in a moment.")
        ) from exc


def lock(model: type[M], pk: int) -> M:
    """Lock one row until the end of the surrounding transaction (PostgreSQL: FOR UPDATE) and
    return it as it is then. Raises TryAgain after LOCK_TIMEOUT_MS. No lock when
    `row_locks_enabled()` is False."""
    if not row_locks_enabled():
        return model.objects.get(pk=pk)
    wait_at_most()
    with busy_means_try_again():
        return model.objects.select_for_update().get(pk=pk)
