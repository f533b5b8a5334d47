"""Every spreadsheet staff download (each admin export, the résumé book, the fiscal-year report)
neutralises text a spreadsheet would run as a formula, and opens in Excel with Japanese intact."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from import_export.admin import ExportMixin

from events.models import Exhibitor, Registration
from jetcareer.accounts.models import User
from surveys.models import Response, Survey
from tests.conftest import hidden_fields
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.internships.factories import ApplicationFactory, PositionFactory, published_offer
from tests.participants.factories import ProfileFactory
from tests.regional.factories import SubsidyApplicationFactory

pytestmark = pytest.mark.django_db

# What people type that a spreadsheet reads as a formula: the four trigger characters, and the
# same behind a tab or a carriage return (Excel and LibreOffice skip those before parsing).
PAYLOADS = ["=1+2", "+1+2", "-1+2", "@SUM(1+2)", "\t=1+2", "\r=1+2"]
NEUTRALISED = sorted("'" + p for p in PAYLOADS)


# --- The rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*PAYLOADS, "\tplain", "\rplain", "＝1+2", "－1+2"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    from jetcareer.spreadsheets import escape_formula

    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["Emily Carter", "山田 花子", "", "a=b", " =1+2", "-5", "+81", "-3.25", "1e5", -5, 3.5,
     Decimal("-5.00"), None, True],
)  # fmt: skip
def test_ordinary_text_and_numbers_are_left_alone(value: object) -> None:
    """A plain number (typed or stored) cannot run anything and stays a number in the sheet."""
    from jetcareer.spreadsheets import escape_formula

    assert escape_formula(value) == value


def test_every_exporting_admin_uses_the_safe_mixin() -> None:
    """A new admin that exports through the bare library mixin would skip the escaping."""
    from jetcareer.admin_export import SpreadsheetExportMixin

    exporting = [a for a in admin.site._registry.values() if isinstance(a, ExportMixin)]
    assert len(exporting) >= 8
    assert [a for a in exporting if not isinstance(a, SpreadsheetExportMixin)] == []


# --- Admin exports ----------------------------------------------------------------------------


def _exhibitor(text: str) -> Exhibitor:
    return Exhibitor.objects.create(event=EventFactory(), employer=EmployerFactory(name_en=text))


def _response(text: str) -> Response:
    event = EventFactory()
    survey = Survey.objects.create(kind=Survey.Kind.ATTENDEE, event=event, closes_at=event.ends_at)
    return Response.objects.create(survey=survey, satisfaction=1, comments=text)


@dataclass(frozen=True)
class AdminExport:
    admin: str  # "app_model" of the admin URL names
    resource: str  # the resource class, lower case, as the export form names its checkboxes
    field: str  # the resource field holding text people type
    column: str  # its column title in the file
    make: Callable[[str], Model]  # a row whose field holds the given text

    def __str__(self) -> str:
        return self.admin


ADMIN_EXPORTS = [
    AdminExport("employers_employer", "employerresource", "name_en", "name_en",
                lambda t: EmployerFactory(name_en=t)),
    AdminExport("participants_participantprofile", "participantresource", "full_name",
                "full_name", lambda t: ProfileFactory(full_name=t)),
    AdminExport("events_exhibitor", "exhibitorresource", "employer_en", "employer_en",
                _exhibitor),
    AdminExport("events_registration", "registrationresource", "name", "name",
                lambda t: RegistrationFactory(participant__full_name=t)),
    AdminExport("regional_subsidyapplication", "subsidyapplicationresource", "title_en",
                "title_en", lambda t: SubsidyApplicationFactory(title_en=t)),
    AdminExport("internships_application", "applicationresource", "name", "name",
                lambda t: ApplicationFactory(participant__full_name=t)),
    AdminExport("internships_outcome", "outcomeresource", "position_title", "position",
                lambda t: published_offer(PositionFactory(title_en=t), ApplicationFactory())),
    AdminExport("surveys_response", "responseresource", "comments", "comments", _response),
]  # fmt: skip


def export_through_admin(
    client: Client, case: AdminExport, pks: list[int], fmt: str, fields: list[str]
) -> bytes:
    """Staff select rows on the list, choose the export action, then a format and fields."""
    page = client.post(
        reverse(f"admin:{case.admin}_changelist"),
        {"action": "export_admin_action", "_selected_action": pks},
    )
    assert page.status_code == 200
    html = page.content.decode()
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html))
    [choice] = [value for value, label in options.items() if fmt in label.lower()]
    response = client.post(
        reverse(f"admin:{case.admin}_export"),
        {
            **hidden_fields(html),
            "format": choice,
            **{f"{case.resource}_{name}": "on" for name in fields},
        },
    )
    assert response.status_code == 200, response.content[:2000]
    return response.content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel garbles Japanese"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[dict[str, openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = sheet.iter_rows()
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in rows]


@pytest.mark.parametrize("case", ADMIN_EXPORTS, ids=str)
def test_admin_csv_export_neutralises_formulas(
    client: Client, staff: User, case: AdminExport
) -> None:
    client.force_login(staff)
    pks = [case.make(text).pk for text in PAYLOADS]
    ordinary = case.make("Ordinary text").pk
    content = export_through_admin(client, case, [*pks, ordinary], "csv", [case.field])
    values = sorted(row[case.column] for row in csv_rows(content))
    assert values == sorted([*NEUTRALISED, "Ordinary text"])


@pytest.mark.parametrize("case", ADMIN_EXPORTS, ids=str)
def test_admin_xlsx_export_writes_formulas_as_text(
    client: Client, staff: User, case: AdminExport
) -> None:
    client.force_login(staff)
    pks = [case.make(text).pk for text in PAYLOADS]
    content = export_through_admin(client, case, pks, "xlsx", [case.field])
    cells = [row[case.column] for row in xlsx_rows(content)]
    assert [cell.data_type for cell in cells] == ["s"] * len(PAYLOADS)  # no formula cell
    # XML reads a carriage return back as a line feed; the quote in front is what matters.
    assert sorted(cell.value for cell in cells) == [t.replace("\r", "\n") for t in NEUTRALISED]


def test_admin_exports_keep_negative_numbers_as_numbers(client: Client, staff: User) -> None:
    case = next(c for c in ADMIN_EXPORTS if c.admin == "internships_application")
    application = ApplicationFactory(participant__full_name="-1+2", document_score=Decimal("-5"))
    client.force_login(staff)
    fields = ["name", "document_score"]

    [row] = csv_rows(export_through_admin(client, case, [application.pk], "csv", fields))
    assert (row["name"], row["document_score"]) == ("'-1+2", "-5.00")

    [row] = xlsx_rows(export_through_admin(client, case, [application.pk], "xlsx", fields))
    assert row["name"].value == "'-1+2"
    assert row["document_score"].data_type == "n"
    assert row["document_score"].value == -5


def test_admin_exports_open_in_excel_with_japanese_names(client: Client, staff: User) -> None:
    case = next(c for c in ADMIN_EXPORTS if c.admin == "participants_participantprofile")
    profile = ProfileFactory(full_name="山田 花子", full_name_kana="やまだ はなこ")
    client.force_login(staff)
    fields = ["full_name", "full_name_kana"]

    content = export_through_admin(client, case, [profile.pk], "csv", fields)
    assert content.startswith("\ufeff".encode())
    [row] = csv_rows(content)
    assert (row["full_name"], row["full_name_kana"]) == ("山田 花子", "やまだ はなこ")

    [row] = xlsx_rows(export_through_admin(client, case, [profile.pk], "xlsx", fields))
    assert (row["full_name"].value, row["full_name_kana"].value) == ("山田 花子", "やまだ はなこ")


def test_admin_xlsx_export_survives_a_control_character(client: Client, staff: User) -> None:
    """Text pasted with a control character (not allowed in .xlsx) must not fail the export."""
    case = next(c for c in ADMIN_EXPORTS if c.admin == "surveys_response")
    response = _response("Good\x0bfair")
    client.force_login(staff)
    [row] = xlsx_rows(export_through_admin(client, case, [response.pk], "xlsx", ["comments"]))
    assert row["comments"].value == "Good\ufffdfair"


def test_admin_export_page_offers_excel_formats_by_name(client: Client, staff: User) -> None:
    profile = ProfileFactory()
    client.force_login(staff)
    page = client.post(
        reverse("admin:participants_participantprofile_changelist"),
        {"action": "export_admin_action", "_selected_action": [profile.pk]},
    )
    html = page.content.decode()
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', html)
    assert labels == ["CSV for Excel (UTF-8)", "Excel workbook (.xlsx)"]
    # Chosen already: staff picked the format from "---" every time (a tester's finding).
    assert re.search(r'<option value="0" selected>CSV for Excel', html)


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _exporting_admins() -> list:
    return [a for a in admin.site._registry.values() if isinstance(a, ExportMixin)]


@pytest.mark.parametrize(
    "model_admin", _exporting_admins(), ids=lambda a: a.model._meta.label_lower
)
def test_the_export_page_names_every_column_in_japanese(
    client: Client, staff: User, model_admin
) -> None:
    """Each admin's Export page, read in Japanese: the library's sentences and every column's
    name in Japanese, with the column's title in the file after it (the library wrote
    "Created At", "Select all" and "This exporter will export the following fields:")."""
    opts = model_admin.model._meta
    client.force_login(staff)
    page = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    assert "次の列をエクスポートします：" in page
    assert "すべて選択" in page
    assert "ファイル形式" in page
    assert "Select all" not in page
    assert "This exporter" not in page
    resource = model_admin.get_export_resource_classes(None)[0]
    names = re.findall(r'<label for="id_[^"]+">([^<]+)</label>', page)
    columns = [resource.fields[f].column_name for f in resource().get_export_order()]
    shown = [n.rsplit(" · ", 1) for n in names if " · " in n]
    assert [column for _, column in shown] == columns
    for name, column in shown:
        assert name == "ID" or JAPANESE.search(name), (column, name)


def test_a_column_of_a_related_record_is_named_with_the_record(client: Client, staff: User):
    client.force_login(staff)
    page = client.get(reverse("admin:events_registration_export"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Event: slug · event" in text
    assert "Participant: full name · name" in text or "Participant: Full name · name" in text
    assert "Created At" not in text


def test_the_changelist_export_button_neutralises_formulas_too(client: Client, staff: User) -> None:
    """The Export button of the list (every row, no action) takes the same path."""
    for text in PAYLOADS:
        EmployerFactory(name_en=text)
    client.force_login(staff)
    response = client.post(
        reverse("admin:employers_employer_export"),
        {"format": "0", "resource": "0", "employerresource_name_en": "on"},
    )
    assert sorted(row["name_en"] for row in csv_rows(response.content)) == NEUTRALISED


# --- Hand-written CSVs ------------------------------------------------------------------------


def test_resume_book_csv_neutralises_formulas(client: Client, staff: User) -> None:
    fair = EventFactory()
    for text in PAYLOADS:
        person = ProfileFactory(full_name=text, shares_with_employers=True, introduction=text)
        RegistrationFactory(event=fair, participant=person, status=Registration.Status.CONFIRMED)
    client.force_login(staff)
    response = client.get(reverse("events:resume_book_csv", kwargs={"slug": fair.slug}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # personal data: no cache keeps a copy
    rows = csv_rows(response.content)
    assert sorted(row["name"] for row in rows) == NEUTRALISED
    assert sorted(row["introduction"] for row in rows) == NEUTRALISED


def test_fiscal_year_csv_neutralises_event_titles(client: Client, staff: User) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    for day, text in enumerate(PAYLOADS, start=1):
        EventFactory(title_en=text, starts_at=datetime(2024, 6, day, 13, tzinfo=tokyo))
    client.force_login(staff)
    response = client.get(reverse("reports:fiscal_year_csv", args=[2024]))
    assert response.status_code == 200
    rows = csv_rows(response.content)
    events = [row for row in rows if row["Date"]]
    assert sorted(row["Event"] for row in events) == NEUTRALISED
    assert {row["Registered"] for row in events} == {"0"}  # counts stay plain numbers


def test_select_all_exports_the_filtered_list_whatever_its_length(
    client: Client, staff: User, settings
) -> None:
    """A tester chose "select all" on 2,275 registrations and exported: the library wrote one
    hidden field per row, and Django refused the form of more than 1,000 fields (400). Select
    all now exports as the list's Export button does, with the list's filters."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    for number in range(25):
        EmployerFactory(name_en=f"Kept {number:02}", status="verified")
    EmployerFactory(name_en="Filtered out", status="pending")
    client.force_login(staff)
    changelist = reverse("admin:employers_employer_changelist")

    chosen = client.post(
        f"{changelist}?status__exact=verified",
        {"action": "export_admin_action", "select_across": "1", "index": "0",
         "_selected_action": ["1"]},
    )  # fmt: skip

    export = reverse("admin:employers_employer_export")
    assert chosen.status_code == 302
    assert chosen["Location"] == f"{export}?status__exact=verified"
    page = client.get(chosen["Location"])
    assert page.status_code == 200
    response = client.post(
        chosen["Location"], {"format": "0", "resource": "0", "employerresource_name_en": "on"}
    )
    names = sorted(row["name_en"] for row in csv_rows(response.content))
    assert names == [f"Kept {number:02}" for number in range(25)]
