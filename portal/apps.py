from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public pages on top of the domain apps: home, announcements, contact form."""

    name = "portal"
    # The label the tables, permissions and migration history were created under.
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from .models import Announcement
        from .views import announcements_changed

        # Every door that edits an announcement makes the cached home page stale.
        for signal in (post_save, post_delete):
            signal.connect(announcements_changed, sender=Announcement, dispatch_uid=signal)
