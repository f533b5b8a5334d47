from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from employers.models import Employer

        from . import receivers, tasks  # noqa: F401 (tasks: registered for enqueue by name)

        # Every door that takes an employer's verification away (the service, an admin form, a
        # history revert) unpublishes its jobs in the same transaction: employers sits below
        # jobs and never imports it (docs/architecture.md), so jobs listens.
        post_save.connect(
            receivers.employer_saved, sender=Employer, dispatch_uid="jobs.employer_saved"
        )
