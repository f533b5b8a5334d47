"""Signal receivers of the jobs app: the hooks other apps reach without importing it."""

from __future__ import annotations

from typing import Any

from employers.models import Employer

from . import services


def employer_saved(
    sender: type[Employer], instance: Employer, created: bool, **kwargs: Any
) -> None:
    """An employer saved in any other state than verified (rejected by CLAIR, sent back for
    review) has its published jobs closed, in the transaction of the save (issue #18).
    employers sits below jobs and does not know it; this receiver is connected in
    JobsConfig.ready(). A new employer has no jobs yet."""
    if created or instance.status == Employer.Status.VERIFIED:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "status" not in update_fields:
        return
    services.unpublish_employer_jobs(employer=instance)
