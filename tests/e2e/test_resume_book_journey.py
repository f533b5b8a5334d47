"""The résumé book in the browser, as a Japanese recruiter uses it (issue #15): log in, open the
fair's résumé book from the organisation's page, shortlist two candidates with a note, filter to
the shortlist, and download it as .xlsx and CSV and its CVs as one ZIP. Screenshots at a
desktop (1280×900) and a phone (390×844) size.

Selectors name elements by id and address, not by their words: the page speaks Japanese."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from events.models import ShortlistEntry
from events.services import exhibitors, registrations
from participants import services as participants
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def consenting(fair, name: str, **profile: object):
    person = ProfileFactory(full_name=name, **profile)
    participants.replace_cv(profile=person, upload=pdf_upload(f"{name}.pdf"))
    participants.set_consent(profile=person, share=True)
    registrations.register(event=fair, profile=person)
    return person


def shortlist(page, person, note: str) -> None:
    """Add the person from their card, then write the note and save it."""
    card = page.locator(f"#p{person.pk}")
    card.locator(f"form[action$='/shortlist/{person.pk}/'] button[type=submit]").click()
    expect(card.locator(".badge.text-bg-warning")).to_be_visible()
    card.locator(f"#note-{person.pk}").fill(note)
    card.locator(f"form[action$='/shortlist/{person.pk}/'] button[type=submit]").click()
    expect(page.locator(f"#note-{person.pk}")).to_have_value(note)


def download(page, selector: str, filename: str) -> io.BytesIO:
    """Click a download link; the file's content, after checking the name it is saved as."""
    with page.expect_download() as info:
        page.locator(selector).click()
    assert info.value.suggested_filename == filename
    return io.BytesIO(Path(info.value.path()).read_bytes())


def test_a_recruiter_shortlists_two_candidates_and_exports_the_shortlist(page) -> None:
    fair = EventFactory(
        slug="tokyo-fair", title_en="CLAIR JET Career Fair: Tokyo", title_ja="JETキャリアフェア東京"
    )
    owner = OwnerFactory(
        user__email="hr@shinshu-seimitsu.example",
        user__preferred_language="ja",
        employer__name_en="Shinshu Precision",
        employer__name_ja="信州精密",
    )
    application = exhibitors.apply_for_booth(
        event=fair, employer=owner.employer, by=owner.user, wants_booth=True,
        online_presentation=False, note="",
    )  # fmt: skip
    exhibitors.approve_exhibitor(exhibitor=application, booth_label="A1")
    emily = consenting(fair, "Emily Carter", industry_1="manufacturing", jlpt_level=4)
    hanako = consenting(fair, "Hanako Yamada", industry_1="tourism", jlpt_level=5)
    consenting(fair, "Daniel Okafor", introduction="=HYPERLINK(1)")
    shy = ProfileFactory(full_name="Shy Person")  # registered, does not consent
    registrations.register(event=fair, profile=shy)

    log_in(page, "hr@shinshu-seimitsu.example")
    page.goto(page.base_url + "/employers/mine/")
    page.locator("#exhibitions a[href$='/tokyo-fair/resume-book/']").click()
    expect(page).to_have_url(re.compile(r"/events/tokyo-fair/resume-book/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("参加者名簿")  # "Résumé book"
    book = page.locator("#resume-book")
    expect(book.locator("article")).to_have_count(3)
    expect(book).not_to_contain_text("Shy Person")
    expect(page.locator("#id_industry option").first).to_have_text("すべての業種")
    screenshot(page, "resume-book-ja")

    shortlist(page, emily, "日本語が堪能。来週、面接の日程を相談する。")
    shortlist(page, hanako, "観光部門の候補。")
    screenshot(page, "resume-book-shortlisted")
    assert sorted(ShortlistEntry.objects.values_list("participant__full_name", flat=True)) == [
        "Emily Carter",
        "Hanako Yamada",
    ]

    page.locator("#id_shortlisted").check()
    page.locator("#resume-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"shortlisted=on"))
    expect(book.locator("article")).to_have_count(2)
    expect(book).not_to_contain_text("Daniel Okafor")
    screenshot(page, "resume-book-shortlist-desktop")

    workbook = openpyxl.load_workbook(
        download(page, "a[href*='/export/xlsx/']", "resume-book-tokyo-fair-shortlist.xlsx")
    )
    _header, *rows = workbook.active.iter_rows(values_only=True)
    # Name first; the shortlist's four columns last: shortlisted, note, added by, updated.
    notes = {row[0]: row[-3] for row in rows}
    assert notes == {
        "Emily Carter": "日本語が堪能。来週、面接の日程を相談する。",
        "Hanako Yamada": "観光部門の候補。",
    }
    content = download(
        page, "a[href*='/export/csv/']", "resume-book-tokyo-fair-shortlist.csv"
    ).getvalue()
    assert content.startswith("\ufeff".encode())  # Excel reads Japanese
    names = [r[0] for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
    assert sorted(names) == ["Emily Carter", "Hanako Yamada"]
    cvs = download(page, "a[href*='cvs.zip']", "cv-tokyo-fair-shortlist.zip")
    with zipfile.ZipFile(cvs) as bundle:
        assert sorted(bundle.namelist()) == [
            f"Emily Carter ({emily.pk}).pdf",
            f"Hanako Yamada ({hanako.pk}).pdf",
        ]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(book.locator("article")).to_have_count(2)
    screenshot(page, "resume-book-shortlist-phone")
