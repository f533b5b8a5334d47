"""Files staff open in a spreadsheet: the formula-escaping rule and the CSV response every
hand-written export uses (admin exports apply the same rule in jetcareer.admin_export)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TypeVar

from django.http import HttpResponse
from django.utils.http import content_disposition_header

T = TypeVar("T")

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (OWASP "CSV Injection"); a leading tab or carriage return is skipped before that check. Japanese
# Excel turns a full-width ＝＋－＠ typed at the start of a cell into a formula as well, so those
# are treated alike rather than trusting how each version parses a file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A plain number (-5, +81, -3.25, 1e5) cannot run anything: it stays a number in the sheet.
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")

# Excel assumes the system's legacy code page (Shift_JIS in Japan) for a CSV without a
# byte-order mark and garbles UTF-8 Japanese; with the mark it reads UTF-8.
BOM = "\ufeff"


def escape_formula(value: T) -> T | str:
    """Return `value` safe to put in a spreadsheet cell.

    Text that a spreadsheet would run as a formula (see FORMULA_STARTS) gets a leading single
    quote, which spreadsheets show as text; anything else (ordinary text, numbers, None, dates,
    and text that is only a plain number) comes back unchanged. Never raises.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_response(
    *, filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> HttpResponse:
    """A CSV download for staff: UTF-8 with a byte-order mark, every cell through
    escape_formula, None as an empty cell. (PrivateCacheControlMiddleware keeps downloads out of
    caches.)

    `filename` is the suggested download name (non-ASCII is encoded per RFC 6266); `header` is
    the first row; `rows` may be a generator, consumed once while the response is written.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([escape_formula(str(title)) for title in header])
    for row in rows:
        writer.writerow([escape_formula("" if cell is None else cell) for cell in row])
    return response
