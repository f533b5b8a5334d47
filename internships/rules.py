"""Permission rules of the internships app that query its models, added to the shared rule set
under the names jetcareer.permissions uses, so that the ground floor never imports this app.

`rules` imports this module at start-up in every process (rules.apps.AutodiscoverRulesConfig
in INSTALLED_APPS looks for a `rules` module in each app).
"""

from __future__ import annotations

from typing import Any

import rules

from jetcareer.permissions import HOSTS_MATCHED_INTERN, is_verified_employer_member

from .models import Outcome


@rules.predicate
def hosts_matched_intern(user: Any, profile: Any) -> bool:
    """The user's organisation, verified by CLAIR, hosts the person: a published offer to one of
    its positions that holds a place now (accepted, or pending within the answer deadline).
    Applying to the programme is the person's consent (DESIGN.md); a rejected employer, a
    declined or lapsed offer gives no access (issue #12). Part of `participants.download_cv`."""
    if profile is None or not is_verified_employer_member(user):
        return False
    return (
        Outcome.objects.holding_places()
        .filter(
            application__participant=profile,
            position__employer_id=user.employer_membership.employer_id,
        )
        .exists()
    )


rules.set_rule(HOSTS_MATCHED_INTERN, hosts_matched_intern)
