"""Permission rules of the jobs app that query its models, added to the shared rule set under
the names jetcareer.permissions uses, so that the ground floor never imports this app.

`rules` imports this module at start-up in every process (rules.apps.AutodiscoverRulesConfig
in INSTALLED_APPS looks for a `rules` module in each app).
"""

from __future__ import annotations

from typing import Any

import rules

from jetcareer.permissions import APPLIED_TO_MEMBERS_JOB, is_verified_employer_member

from .models import JobApplication


@rules.predicate
def applied_to_members_job(user: Any, profile: Any) -> bool:
    """The person applied to a job of the user's organisation, which CLAIR verifies: applying
    is the person's consent to that organisation, and no other, reading the profile and CV
    (issue #18). Withdrawing the application takes the consent back; an application whose
    account was erased names nobody. Part of `participants.download_cv`."""
    if profile is None or not is_verified_employer_member(user):
        return False
    return (
        JobApplication.objects.filter(
            participant=profile, job__employer_id=user.employer_membership.employer_id
        )
        .exclude(stage=JobApplication.Stage.WITHDRAWN)
        .exists()
    )


rules.set_rule(APPLIED_TO_MEMBERS_JOB, applied_to_members_job)
