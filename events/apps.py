from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from . import selectors
        from .models import Event

        # Every door that edits an event (admin, services, a history revert, the shell) makes
        # the cached event lists stale.
        for signal in (post_save, post_delete):
            signal.connect(selectors.events_changed, sender=Event, dispatch_uid=signal)
