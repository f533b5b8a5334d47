from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Internships")

    def ready(self) -> None:
        # Register the tasks in every process: services enqueue them by name.
        from . import tasks  # noqa: F401
