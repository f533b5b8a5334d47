"""The admin's one mechanism for actions that ask first, and for running an action from an
object's own page.

- `confirm_page` is the intermediate page of every action that needs a reason, a message or
  only a "yes, do it": it says what will happen (and to how many people), lists the objects,
  shows the form's fields, and posts the same action back with "apply".
- `ObjectActionsMixin` puts buttons for some of a ModelAdmin's actions on the change page of
  one object; each button runs that action on that object alone, through the same code (and
  the same confirmation page) as the list's action menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

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
    title: str,
    intro: str,
    button: str,
    form: forms.Form | None = None,
    describe: Callable[[Any], str] = str,
) -> TemplateResponse:
    """The page for the admin action `action`: `intro` (what will happen, to how many people),
    each object as `describe` shows it, the fields of `form` (none when the action only needs a
    yes) and a `button` that runs the action again on the same selection.

    Returns the page; the action runs when it is posted back with "apply" (see `submitted`).
    From an object's page (ObjectActionsMixin) the page posts back to that object's action URL
    and "Cancel" returns to the object; from the list it returns to the list.
    """
    opts = modeladmin.model._meta
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    if object_id is not None:
        back = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[quote(unquote(object_id))],
            current_app=modeladmin.admin_site.name,
        )
    else:
        back = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist",
            current_app=modeladmin.admin_site.name,
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "action": action,
        "opts": opts,
        "selected": [(obj.pk, describe(obj)) for obj in objects],
        "form": form if form is not None else forms.Form(),
        "back": back,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, TEMPLATE, context)


class ObjectActionsMixin:
    """Buttons on a change page for the actions named in `object_actions`.

    Each button posts to `<object id>/act/<action>/` (URL name
    `admin:<app>_<model>_act`), which runs the admin action of that name on a queryset holding
    that one object, with the same permissions as the list's action menu. An action that
    returns a page (confirm_page) shows it; otherwise staff return to the object's page with
    the action's messages. Raises Http404 for an unknown action and PermissionDenied for one
    the user may not run.
    """

    object_actions: Sequence[str] = ()
    change_form_template = "admin/change_form_object_actions.html"

    def get_urls(self) -> list:
        opts = self.model._meta  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(require_POST(self.object_action_view))  # type: ignore[attr-defined]
        return [
            path(
                "<path:object_id>/act/<str:name>/",
                view,
                name=f"{opts.app_label}_{opts.model_name}_act",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def object_action_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        """Run the action `name` on the object `object_id` (see the class)."""
        if name not in self.object_actions:
            raise Http404
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        actions = self.get_actions(request)  # type: ignore[attr-defined]
        if name not in actions:
            raise PermissionDenied
        func = actions[name][0]
        queryset = self.get_queryset(request).filter(pk=obj.pk)  # type: ignore[attr-defined]
        response = func(self, request, queryset)
        if response is not None:
            return response
        opts = self.model._meta  # type: ignore[attr-defined]
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,  # type: ignore[attr-defined]
            )
        )

    def object_actions_for(self, request: HttpRequest, obj: Model) -> Mapping[str, str | None]:
        """The actions whose buttons `obj`'s page shows, in order, each with how it reads on
        one object's page (None: the action's own description). Override to leave out what
        the object's state makes pointless (approving what is approved); the action's URL
        still refuses what the service refuses. Default: every name in `object_actions`."""
        return dict.fromkeys(self.object_actions)

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        obj = context.get("original")
        buttons = []
        if obj is not None and obj.pk is not None:
            actions = self.get_actions(request)  # type: ignore[attr-defined]
            opts = self.model._meta  # type: ignore[attr-defined]
            for name, label in self.object_actions_for(request, obj).items():
                if name in actions and name in self.object_actions:
                    url = reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_act",
                        args=[quote(obj.pk), name],
                        current_app=self.admin_site.name,  # type: ignore[attr-defined]
                    )
                    buttons.append((url, label or actions[name][2]))
        context["object_action_buttons"] = buttons
        return super().render_change_form(request, context, *args, **kwargs)  # type: ignore[misc]
