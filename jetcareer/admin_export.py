"""The export action of every admin list staff download: CSV for Excel or .xlsx, formulas
neutralised by the rule of jetcareer.spreadsheets."""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.resources import ModelResource

from .spreadsheets import escape_formula
from .web.dates import format_label

# The library's own classes, not subclasses: it gives native numbers and dates only to formats
# listed in its BINARY_FORMATS (compared by exact type), so an .xlsx keeps -5 as a number.
FORMAT_LABELS = {
    base_formats.CSV: _("CSV for Excel (UTF-8)"),
    base_formats.XLSX: _("Excel workbook (.xlsx)"),
}


# The library's sentences on the export page, in the project's catalogue so that they read
# naturally in Japanese (the library leaves "Select all" untranslated and calls an export an
# import); makemessages reads only our code, so they are listed here.
LIBRARY_MESSAGES = [
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
]


def column_label(resource: type[ModelResource], name: str) -> str:
    """What the export page calls the column `name` of `resource`, in the reader's language,
    then the column's title in the file after a middle dot (the portal's separator; many
    names end in brackets already): 「申込日時 · created_at」, 「イベント：スラッグ · event」 (a
    field of a related record is named with the record), "Name (English) · name_en". A
    resource may name a column itself in its `labels` (columns computed by a method);
    otherwise the model field's verbose name. The library's is the field's name in English
    title case ("Created At"), in every language."""
    field = resource.fields[name]
    label = getattr(resource, "labels", {}).get(name) or _verbose_name(
        resource._meta.model, field.attribute or name
    )
    if label is None:
        label = name.replace("_", " ")
    return f"{capfirst(label)} · {field.column_name}"


def _verbose_name(model: type[models.Model], path: str) -> str | None:
    related, field = None, None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model:
            related, model = field, field.related_model
    if field is None or not hasattr(field, "verbose_name"):
        return None
    if related is not None and related is not field:
        # A reverse relation (a subsidy application's result report) has no verbose name of
        # its own: the related model's.
        record = getattr(related, "verbose_name", None) or related.related_model._meta.verbose_name
        return format_label(capfirst(record), field.verbose_name)
    return str(field.verbose_name)


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The library's export form with format names and column names staff understand, in
    their language."""

    def __init__(self, formats: list[type], resources: list[type], **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        field = self.fields["format"]
        field.label = _("File type")
        # The library starts at "---" and staff chose a format every time: CSV for Excel is
        # the usual one (a tester's finding).
        field.choices = [
            (value, FORMAT_LABELS.get(formats[int(value)], label))
            for value, label in field.choices
            if value
        ]
        field.initial = field.choices[0][0]

    def _get_field_label(self, resource: type[ModelResource], field_name: str) -> str:
        return column_label(resource, field_name)


class SpreadsheetExportMixin(ExportActionMixin):
    """Use instead of import_export's ExportActionMixin on every admin that exports.

    Every export path of the library (the list's action, the list's Export button, the change
    form's export) builds its data in get_data_for_export, so escaping there covers them all.
    The library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: in 4.4 it only drops a
    leading "=" (not +, -, @, tab or CR) and turns every cell, numbers too, into text.
    """

    export_formats = list(FORMAT_LABELS)
    export_form_class = SpreadsheetExportForm
    # Text formats (CSV) are encoded with a byte-order mark, so Excel reads UTF-8 Japanese.
    to_encoding = "utf-8-sig"

    def export_admin_action(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        """The list's export action. With "select all" the whole filtered list is wanted: that
        is the list's Export button with the same filters, so go there. The library would write
        each id into the next form, and Django refuses a form of more than 1,000 fields (400)."""
        if request.POST.get("select_across") == "1":
            opts = self.model._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_export",
                current_app=self.admin_site.name,
            )
            query = request.GET.urlencode()
            return HttpResponseRedirect(f"{url}?{query}" if query else url)
        return super().export_admin_action(request, queryset)

    def export_action(self, request: HttpRequest) -> HttpResponse:
        """The list's Export page. A filter value in the address that the list refuses
        (?jlpt_level__exact=abc) goes back to the list, which says so (SafeLookupsMixin): the
        library let the error through (a 500), and exporting the unfiltered list instead would
        hand out more than was asked for."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
            return HttpResponseRedirect(f"{url}?{ERROR_FLAG}=1")

    def get_data_for_export(
        self, request: HttpRequest, queryset: QuerySet, **kwargs: Any
    ) -> tablib.Dataset:
        """The library's dataset with every cell through escape_formula (column titles are
        ours, not typed by users)."""
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        escaped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            escaped.append([escape_formula(cell) for cell in row])
        return escaped
