"""Admin actions that call a service on each selected object: a refused object is told as a
message and does not stop the others, and staff are told how many went through.

The rule stays in the service (house style, "Every door"); this is only the loop around it
that every app's admin wrote for itself (`run_each`), and the body of an action that asks
first on `jetcareer.admin_confirm`'s page and then runs that loop (`ask_then_run`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .admin_confirm import confirm_page

T = TypeVar("T")


def run_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[T],
    call: Callable[[T], object],
    *,
    refused: type[Exception] | tuple[type[Exception], ...],
    done: Any = None,
    level: int = messages.WARNING,
) -> int:
    """Call `call(obj)` for each of `objects`, in their order.

    A refusal (`refused`: the app's domain error, whose text is translated) is shown to staff
    as a message at `level` and the next object is tried; any other exception propagates.
    When at least one went through and `done` is given, an
    `ngettext_lazy(singular, plural, "count")` with a `%(count)d`, it is shown as a success
    with that number. Returns how many went through.
    """
    count = 0
    for obj in objects:
        try:
            call(obj)
        except refused as error:
            modeladmin.message_user(request, str(error), level)
        else:
            count += 1
    if count and done is not None:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return count


def ask_then_run(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form: forms.Form,
    call: Callable[[Any, Mapping[str, Any]], object],
    refused: type[Exception] | tuple[type[Exception], ...],
    done: Any = None,
    level: int = messages.WARNING,
    **page: Any,
) -> HttpResponse | None:
    """The whole body of an action that asks first (a reason, a message, or only a yes: a form
    with no fields) and then calls a service on each selected object.

    `form` is bound to `submitted(request)`. Once staff send the page and it is valid, calls
    `call(obj, form.cleaned_data)` on each object of `queryset` through `run_each` (with
    `refused`, `done`, `level`) and returns None: staff go back to the list or the object.
    Until then returns `confirm_page` with the form and `page` (action, title, intro, button,
    and optionally describe, or objects when the page should list another queryset).
    """
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        run_each(
            modeladmin,
            request,
            queryset,
            lambda obj: call(obj, data),
            refused=refused,
            done=done,
            level=level,
        )
        return None
    page.setdefault("objects", queryset)
    return confirm_page(modeladmin, request, form=form, **page)
