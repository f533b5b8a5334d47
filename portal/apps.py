from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public pages on top of the domain apps: home, announcements, contact form."""

    name = "portal"
    # The label the tables, permissions and migration history were created under.
    label = "portal"
    verbose_name = _("Portal")
