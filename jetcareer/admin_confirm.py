"""The admin's one mechanism for actions that ask first, and for running an action from an
object's own page.

- `confirm_page` is the intermediate page of every action that needs a reason, a message or
  only a "yes, do it": it says what will happen (and to how many people), lists the objects,
  shows the form's fields, and posts the same action back with "apply".
- `ReasonForm` asks for the reason of a decision in Japanese and English side by side (either is
  enough): the services store both and each person reads it in their language.
- `ObjectActionsMixin` puts buttons for some of a ModelAdmin's actions on the change page of
  one object; each button runs that action on that object alone, through the same code (and
  the same confirmation page) as the list's action menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import AdminForm
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .bilingual import LANGUAGES, side_by_side

TEMPLATE = "admin/reason_confirm.html"
# The page names this many of the objects and counts the rest: "select all" on a list of
# thousands would otherwise print them all.
CONFIRM_LISTS_AT_MOST = 100


def submitted(request: HttpRequest) -> QueryDict | None:
    """The data of the page once staff send it, or None while the action is only chosen."""
    # The page's form posts "apply"; the changelist's action form does not.
    return request.POST if "apply" in request.POST else None


class ReasonForm(forms.Form):
    """The reason of a staff decision (a rejection, a refusal), in Japanese and in English side
    by side. Either is enough: the service stores both, and each person it is sent to or shown
    reads their language, or the other when theirs was left empty (jetcareer.bilingual.pick).

    `cleaned_data` holds `reason_ja` and `reason_en`, stripped; a form with neither is refused
    with one message above the fields.
    """

    # Shown above the pair by confirm_page.
    description = _(
        "Write it in one language or both: when only one is written, everyone reads it."
    )

    reason_ja = forms.CharField(
        label=_("Reason (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40, "lang": "ja"}),
        help_text=_("People who chose Japanese read this one."),
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text=_("People who chose English read this one."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("reason_ja") or data.get("reason_en")):
            raise forms.ValidationError(
                _("Please write the reason in Japanese, in English or in both."),
                code="no_reason",
            )
        return data


def _fieldsets(form: forms.Form) -> AdminForm:
    """The form's fields as the admin shows an object's: one per row, except the English and
    the Japanese of one text (`<name>_en`, `<name>_ja`), which share a row (admin_bilingual.css),
    under the form's `description` if it has one."""
    names = list(form.fields)
    stems = {name[:-3] for name in names if name[-3:] in ("_en", "_ja")}
    pairs = [stem for stem in stems if all(f"{stem}_{lang}" in names for lang in LANGUAGES)]
    options = {"fields": side_by_side(names, pairs)}
    if getattr(form, "description", None):
        options["description"] = form.description
    return AdminForm(form, [(None, options)], {})


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

    With "select all" (`select_across`), the page posts back the choice, the ticks of the list's
    page and the list's filters (in its address), as Django's list does, not each id: Django
    refuses a form of more than DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields with a 400.

    Returns the page; the action runs when it is posted back with "apply" (see `submitted`).
    From an object's page (ObjectActionsMixin) the page posts back to that object's action URL
    and "Cancel" returns to the object; from the list it returns to the list.
    """
    opts = modeladmin.model._meta
    form = form if form is not None else forms.Form()
    selected = list(objects)
    select_across = request.POST.get("select_across", "0")
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
        "selected": selected,
        "shown": [(obj.pk, describe(obj)) for obj in selected[:CONFIRM_LISTS_AT_MOST]],
        "more": max(0, len(selected) - CONFIRM_LISTS_AT_MOST),
        "form": form,
        "adminform": _fieldsets(form),
        "back": back,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "select_across": select_across,
        # What the page posts back as the selection: each object, or with "select all" the
        # ticks of the list's page (Django wants at least one, and then takes the filters).
        "posted_back": (
            request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            if select_across == "1"
            else [obj.pk for obj in selected]
        ),
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
