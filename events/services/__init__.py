"""Event actions. Each module holds one family: registrations, exhibitors, consultations."""

from .errors import EventError, TryAgain

__all__ = ["EventError", "TryAgain"]
