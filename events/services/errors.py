"""Domain errors of the events app: their message is shown to the person."""

from __future__ import annotations


class EventError(Exception):
    """An event action was refused."""


class TryAgain(EventError):
    """The event is busy (a registration rush held its lock too long); nothing changed."""
