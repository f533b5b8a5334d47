"""Who may use the regional pages: host members act for their own host organisation only.

A person who is not a member of any host gets 403; another host's objects answer 404 (the views
look them up within the member's own host).
"""

from __future__ import annotations

from typing import Any

import rules

from jetcareer.permissions import requires


@rules.predicate
def is_host_member(user: Any) -> bool:
    # The reverse one-to-one raises (an AttributeError) when there is no membership.
    return bool(user.is_authenticated and hasattr(user, "host_membership"))


rules.add_perm("regional.act_for_host", is_host_member)

# 403 for anyone who does not act for a host organisation; put after login_required.
host_member_required = requires(is_host_member)
