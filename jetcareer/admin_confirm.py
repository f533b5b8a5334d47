"""The admin's intermediate page that asks staff for a reason or a message before an action."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, QueryDict
from django.template.response import TemplateResponse

TEMPLATE = "admin/reason_confirm.html"


def submitted(request: HttpRequest) -> QueryDict | None:
    """The data of the page once staff send it, or None while the action is only chosen."""
    # The page's form posts "apply"; the changelist's action form does not.
    return request.POST if "apply" in request.POST else None


def confirm_page(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    action: str,
    objects: Iterable[Model],
    form: forms.Form,
    title: str,
    intro: str,
    button: str,
    describe: Callable[[Any], str] = str,
) -> TemplateResponse:
    """The page for the admin action `action`: `intro`, each object as `describe` shows it,
    the fields of `form` and a `button` that runs the action again on the same selection."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "action": action,
        "opts": modeladmin.model._meta,
        "selected": [(obj.pk, describe(obj)) for obj in objects],
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, TEMPLATE, context)
