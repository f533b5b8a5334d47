from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from employers.models import Employer

        from . import selectors
        from .models import Event, Exhibitor

        # Every door that edits an event (admin, services, a history revert, the shell) makes
        # the cached event lists stale; an exhibitor or an employer, the fairs' exhibitor lists.
        # (An update() of many rows sends no signal: the lists then follow within their minute.)
        for signal in (post_save, post_delete):
            signal.connect(selectors.events_changed, sender=Event, dispatch_uid=signal)
            for sender in (Exhibitor, Employer):
                signal.connect(
                    selectors.exhibitors_changed,
                    sender=sender,
                    dispatch_uid=(signal, sender._meta.label),
                )
