"""`{% may "events.check_in" user as allowed %}`: a rule of jetcareer.permissions in a template."""

from __future__ import annotations

from typing import Any

import rules
from django import template

register = template.Library()


@register.simple_tag
def may(name: str, user: Any, obj: Any = None) -> bool:
    """Whether `user` holds the portal permission `name` (on `obj`). Asks the rules of
    jetcareer.permissions only, so a person without staff duties costs no permission query
    (user.has_perm would go on to load their Django permissions)."""
    return rules.has_perm(name, user, obj)
