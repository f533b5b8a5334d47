"""Who may see what: the one place where role checks live."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def is_participant(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_participant)


def is_employer(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_employer)


def _role_required(
    check: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


participant_required = _role_required(is_participant)
employer_required = _role_required(is_employer)
