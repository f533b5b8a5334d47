"""The export action of every admin list staff download: CSV for Excel or .xlsx, formulas
neutralised by the rule of jetcareer.spreadsheets."""

from __future__ import annotations

from typing import Any

import tablib
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from .spreadsheets import escape_formula

# The library's own classes, not subclasses: it gives native numbers and dates only to formats
# listed in its BINARY_FORMATS (compared by exact type), so an .xlsx keeps -5 as a number.
FORMAT_LABELS = {
    base_formats.CSV: _("CSV for Excel (UTF-8)"),
    base_formats.XLSX: _("Excel workbook (.xlsx)"),
}


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The library's export form with format names staff understand, in their language."""

    def __init__(self, formats: list[type], resources: list[type], **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        field = self.fields["format"]
        field.choices = [
            (value, FORMAT_LABELS.get(formats[int(value)], label) if value else label)
            for value, label in field.choices
        ]


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
