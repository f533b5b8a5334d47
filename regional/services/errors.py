"""The domain error of the regional app, and the staff check every module's staff actions use."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class RegionalError(Exception):
    """A regional action was refused; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refuse_unless_staff(user: Any) -> None:
    """Raise RegionalError unless `user` is logged-in CLAIR staff (is_staff)."""
    if not (user is not None and user.is_authenticated and user.is_staff):
        raise RegionalError(_("Only CLAIR staff can do this."))
