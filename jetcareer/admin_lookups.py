"""Django admin and bad input: list filters, object ids and autocomplete values that name
nothing get a message, never a server error (issue #13). And every list newest first (#15).

Every registered ModelAdmin starts with `SafeLookupsMixin` (tests/portal/test_bad_input.py
checks it); an inline with autocomplete or date fields starts with `SafeFormFieldsMixin`.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from jetcareer.date_limits import limit_dates
from jetcareer.web.links import object_url

# Rows on a page of an admin list (Django's default is 100).
LIST_PER_PAGE = 50

# What converting a lookup value from the address raises when it is no value of the field.
BAD_VALUE = (ValueError, OverflowError, ValidationError)


def titled_filter(title: Any) -> type[admin.ChoicesFieldListFilter]:
    """A list filter for a field with choices, under its own `title` (lazy text): for a path
    whose field shares its name with another filter's, which Django would title alike ("By
    kind" twice: an event's kind and its organiser's). Use as
    `list_filter = [("organizer__kind", titled_filter(_("organiser's kind")))]`."""

    class TitledChoicesFilter(admin.ChoicesFieldListFilter):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledChoicesFilter


def presence_filter(title: Any, present: Any, absent: Any) -> type[admin.EmptyFieldListFilter]:
    """A filter on whether a field holds a value, under `title`, its choices said in words
    (`present`, `absent`: lazy text): Django's offers "Empty / Not empty", which staff did not
    read as an answer to "checked in?" or "accepted?". The address stays Django's
    (`<field>__isempty=1` for absent), so links made for Django's filter keep working. Use as
    `list_filter = [("checked_in_at", presence_filter(_("check-in"), _("Checked in"),
    _("Not checked in")))]`."""

    class PresenceFilter(admin.EmptyFieldListFilter):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

        def choices(self, changelist: Any) -> Any:
            # Django's choices in its order (all, empty, not empty), each renamed; the count
            # Django adds with facets ("Empty (3)") is kept.
            words = {"1": absent, "0": present}
            for choice, value in zip(super().choices(changelist), (None, "1", "0"), strict=True):
                if value is not None:
                    count = re.search(r" \(\d+\)$", str(choice["display"]))
                    choice["display"] = f"{words[value]}{count.group() if count else ''}"
                yield choice

    return PresenceFilter


class GuardedChangeList(ChangeList):
    """Django's changelist, with a bad lookup value in the address treated as Django treats
    most of them already: IncorrectLookupParameters, so the list is shown unfiltered.

    Django lets two through: a date_hierarchy year past 9998 or beyond a C long (ticket
    #37357, fixed after 5.2), and a value a SimpleListFilter passes to a query unchecked."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> Any:
        try:
            queryset = super().get_queryset(request, exclude_parameters)
            # Compile the SQL now: a field lookup such as ?created_at__year=99999 only fails
            # when its bounds are computed, which would be while the page renders (a 500).
            # Only values from the address can do that: a list opened without any is not
            # compiled twice (issue #14).
            if request.GET:
                with contextlib.suppress(EmptyResultSet, FullResultSet):
                    queryset.query.sql_with_params()
            return queryset
        except BAD_VALUE as error:
            raise IncorrectLookupParameters(error) from error

    def url_for_result(self, result: Any) -> str:
        # Django's, through object_url: one reverse per list rather than one per row.
        return object_url(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            object_id=quote(getattr(result, self.pk_attname)),
            current_app=self.model_admin.admin_site.name,
        )


def _converts(field: models.Field, value: Any) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class _KnownValuesOnly:
    """An autocomplete widget that shows again only values its field can hold. Django's looks
    every submitted value up in the database to label it, and a value that is no id of the
    related model ("abc") raises ValueError there: a 500 on a form that only had an error."""

    def optgroups(self, name: str, value: list[str], attr: Any = None) -> list[Any]:
        opts = self.field.remote_field.model._meta
        target = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        known = [v for v in value if _converts(target, v)]
        return super().optgroups(name, known, attr)


class KnownValuesAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeFormFieldsMixin:
    """For a ModelAdmin or an inline: its autocomplete_fields use the widgets above, and its
    date fields take the years of jetcareer.date_limits."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            limit_dates([formfield])
        return formfield

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Fields that say when a row came in, in the order they are looked for.
ARRIVAL_FIELDS = (
    "created_at", "created", "submitted_at", "applied_at", "date_joined", "sent_at",
    "erased_on", "date",
)  # fmt: skip


def _descending(term: Any) -> bool:
    return isinstance(term, str) and term.startswith("-")


def leads_an_index(model: type[models.Model], name: str) -> bool:
    """Whether the database can read `model`'s rows in the order of field `name` (or "pk")
    from an index, without sorting the table: the primary key, a field with `db_index` or
    `unique`, or the first field of one of the model's indexes or unconditional unique
    constraints. Takes the field's name, not its column."""
    if name in ("pk", model._meta.pk.name):
        return True
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if getattr(field, "db_index", False) or getattr(field, "unique", False):
        return True
    leading = [index.fields[0].lstrip("-") for index in model._meta.indexes if index.fields]
    leading += [
        constraint.fields[0]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    leading += [fields[0] for fields in model._meta.unique_together]
    return name in leading


def newest_first(model: type[models.Model]) -> list[str]:
    """The order of an admin list that sets none: the newest rows first (issue #15).

    The model's own ordering when it already starts newest first (announcements by
    publication, surveys by opening); else by the field that says when the row came in
    (ARRIVAL_FIELDS), then the id, when an index serves that order; else the model's ordering
    reversed when it starts with a date (events by start); else the id, which grows with each
    new row. Without an index, ordering by the arrival field sorted the whole table on every
    page: 1.5 s for 700,000 participant profiles (issue #14), where the id is read backwards
    from its index in a millisecond and gives the same order for rows the portal created."""
    ordering = list(model._meta.ordering)
    if ordering and _descending(ordering[0]):
        return ordering
    fields = {field.name: field for field in model._meta.concrete_fields}
    for name in ARRIVAL_FIELDS:
        # A DateTimeField is a DateField too.
        if isinstance(fields.get(name), models.DateField):
            return [f"-{name}", "-pk"] if leads_an_index(model, name) else ["-pk"]
    if (
        ordering
        and isinstance(fields.get(ordering[0]), models.DateField)
        and all(isinstance(term, str) for term in ordering)
    ):
        return [term[1:] if _descending(term) else f"-{term}" for term in ordering]
    return ["-pk"]


class SafeLookupsMixin(SafeFormFieldsMixin):
    """For every ModelAdmin: bad list filters show the whole list with a message, an action
    on a selection that is no id changes nothing and says so, and the history page of an id
    that is no id answers like Django's change page does. A list whose admin sets no
    `ordering` shows the newest rows first (`newest_first`), LIST_PER_PAGE rows a page."""

    # Django's 100 rows cost about 1 ms each to render (issue #14: an admin list took 140 ms);
    # an admin may set its own.
    list_per_page = LIST_PER_PAGE

    def __init__(self, model: type[models.Model], admin_site: Any) -> None:
        super().__init__(model, admin_site)  # type: ignore[call-arg]
        # An admin's own ordering stays its choice. Set on the instance rather than returned
        # by get_ordering(): Django's list also reads `ordering` itself to mark the sorted
        # column's heading, which would then show the model's order.
        if not self.ordering:
            self.ordering = newest_first(model)

    def action_checkbox(self, obj: models.Model) -> str:
        """The row's selection checkbox, the same HTML as Django's, written directly: Django
        renders a form widget through the template engine for each row, a quarter of a
        list's time (bench/pages.py --profile "admin participants")."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        # An admin that needs its own changelist subclasses GuardedChangeList.
        return GuardedChangeList

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Django redirects a bad lookup to ?e=1 and shows the list unfiltered, without a word.
        if ERROR_FLAG in request.GET:
            messages.warning(
                request,
                _(
                    "A filter in the address was not valid, so the whole list is shown. "
                    "Choose the filter again (beside the list, or below it on a phone)."
                ),
            )
        return super().changelist_view(request, extra_context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: models.Model | None = None,
    ) -> HttpResponse:
        # A page where nothing can be changed (every field read-only, no inline rows) offered
        # Save buttons that saved nothing (a tester's finding on a registration's page).
        form = context.get("adminform")
        nothing_to_change = form is not None and not form.form.fields
        if change and nothing_to_change and not context.get("inline_admin_formsets"):
            context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        # Django filters the queryset by the selected ids unchecked: a value that is no id
        # raises ValueError there.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(_converts(self.opts.pk, value) for value in selected):
            self.message_user(
                request,
                _("The selection was not valid, so nothing was changed. Please select again."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # django-simple-history looks the id up unchecked (its issue #1108).
        if not _converts(self.opts.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)
