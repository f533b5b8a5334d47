"""Values every page needs: the CLAIR contact for the footer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"clair_contact": settings.CLAIR_CONTACT}
