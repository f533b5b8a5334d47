"""The résumé book for employers (issue #15): its filters (django-filter), the organisation's
shortlist with private notes that no one else sees, the downloads (CSV with a BOM, .xlsx, both
formula-safe) and the CVs as one ZIP, with consent read when each is asked for."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html import unescape

import openpyxl
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import Employer
from events import exhibitor_views
from events.exhibitor_forms import ResumeBookFilter
from events.models import Event, Exhibitor, Registration, ShortlistEntry
from events.services import EventError, registrations, shortlists
from events.services import exhibitors as svc
from events.shortlists import with_shortlist
from jetcareer.accounts.models import User
from participants import erasure
from participants import services as participants
from participants.models import ParticipantProfile
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.employers.factories import EmployerFactory, MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db

# What people type that a spreadsheet would run as a formula (tests/test_spreadsheets.py).
FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(1+2)", "＝1+2"]


# --- The world: employer X (erika, Tom) and employer Y (yuto) exhibit at the fair -----------


@pytest.fixture
def fair() -> Event:
    return EventFactory(slug="osaka-fair", title_en="Career Fair Osaka", booth_capacity=5)


def approved(event: Event, employer: Employer) -> Exhibitor:
    owner = employer.memberships.get(role="owner").user
    application = svc.apply_for_booth(
        event=event, employer=employer, by=owner, wants_booth=True, online_presentation=False,
        note="",
    )  # fmt: skip
    return svc.approve_exhibitor(exhibitor=application)


@pytest.fixture
def employer_x(erika: User, fair: Event) -> Employer:
    employer = OwnerFactory(user=erika, employer__name_en="Shinshu Precision").employer
    approved(fair, employer)
    return employer


@pytest.fixture
def tom(employer_x: Employer) -> User:
    """erika's colleague at X."""
    user = EmployerUserFactory(email="tom@employer-x.example")
    MembershipFactory(employer=employer_x, user=user)
    return user


@pytest.fixture
def employer_y(yuto: User, fair: Event) -> Employer:
    employer = OwnerFactory(user=yuto, employer__name_en="Kiso Travel").employer
    approved(fair, employer)
    return employer


def candidate(event: Event, cv: bool = True, **profile: object) -> ParticipantProfile:
    """A registrant of `event` who consents to share their profile (and a CV)."""
    person = ProfileFactory(**profile)
    if cv:
        participants.replace_cv(profile=person, upload=pdf_upload("cv.pdf"))
    participants.set_consent(profile=person, share=True)
    registrations.register(event=event, profile=person)
    person.refresh_from_db()
    return person


def logged_in(user: User, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def book(event: Event) -> str:
    return reverse("events:resume_book", kwargs={"slug": event.slug})


def export_url(event: Event, fmt: str) -> str:
    return reverse("events:resume_book_export", kwargs={"slug": event.slug, "fmt": fmt})


def zip_url(event: Event) -> str:
    return reverse("events:resume_book_cvs", kwargs={"slug": event.slug})


def save_url(event: Event, person: ParticipantProfile) -> str:
    return reverse("events:shortlist_save", kwargs={"slug": event.slug, "pk": person.pk})


def remove_url(event: Event, person: ParticipantProfile) -> str:
    return reverse("events:shortlist_remove", kwargs={"slug": event.slug, "pk": person.pk})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def names_on(html: str) -> list[str]:
    return re.findall(r'class="h5 card-title" id="p\d+-name">([^<]+)<', html)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel garbles Japanese"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[dict[str, openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = sheet.iter_rows()
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in rows]


# --- The filters (django-filter) --------------------------------------------------------------


def test_the_filters_read_as_words_and_staff_have_no_shortlist_filter(
    fair: Event, employer_x: Employer, erika: User, staff: User
) -> None:
    candidate(fair)
    html = logged_in(erika).get(book(fair)).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Any industry</option>' in html
    assert '<option value="" selected>Any level</option>' in html
    assert 'name="shortlisted"' in html
    staff_html = logged_in(staff).get(book(fair)).content.decode()
    assert "Any industry" in staff_html
    assert 'name="shortlisted"' not in staff_html  # CLAIR keeps no shortlist


def test_the_filterset_narrows_by_industry_and_jlpt_and_ignores_what_is_no_choice(
    fair: Event, employer_x: Employer
) -> None:
    tourism = candidate(fair, full_name="Tourism Fan", industry_1="tourism", jlpt_level=5)
    teacher = candidate(fair, full_name="Teacher Only", industry_1="education", jlpt_level=2)

    def names(data: dict[str, str]) -> set[str]:
        qs = ResumeBookFilter(data, queryset=svc.resume_book(fair)).qs
        return {p.full_name for p in qs}

    assert names({"industry": "tourism"}) == {tourism.full_name}
    assert names({"jlpt": "4"}) == {tourism.full_name}
    assert names({"jlpt": "2", "industry": "education"}) == {teacher.full_name}
    assert names({}) == {tourism.full_name, teacher.full_name}
    # Not a choice: left out of the filtering, the other filter still applies.
    assert names({"jlpt": "nonsense"}) == {tourism.full_name, teacher.full_name}
    assert names({"jlpt": "nonsense", "industry": "education"}) == {teacher.full_name}
    assert names({"industry": "piracy"}) == {tourism.full_name, teacher.full_name}
    # Without a shortlist (staff), ?shortlisted= is no filter at all.
    assert names({"shortlisted": "on"}) == {tourism.full_name, teacher.full_name}


def test_shortlisted_only_shows_the_organisations_own_shortlist(
    fair: Event, employer_x: Employer, employer_y: Employer, erika: User, yuto: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    candidate(fair, full_name="Daniel Okafor")
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika)

    html = logged_in(erika).get(book(fair), {"shortlisted": "on"}).content.decode()
    assert names_on(html) == ["Emily Carter"]
    assert "1 participant" in html
    # Y's shortlist is its own: empty.
    html = logged_in(yuto).get(book(fair), {"shortlisted": "on"}).content.decode()
    assert names_on(html) == []
    assert "shortlist has nobody" in html


# --- The shortlist: one organisation's, seen by its members only ------------------------------


def test_a_member_shortlists_with_a_note_and_every_colleague_sees_it(
    fair: Event, employer_x: Employer, erika: User, tom: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")

    entry = shortlists.add_to_shortlist(
        event=fair, participant_id=emily.pk, by=erika, note="  Strong Japanese; call her.  "
    )

    assert (entry.employer, entry.participant, entry.added_by) == (employer_x, emily, erika)
    assert entry.note == "Strong Japanese; call her."
    html = logged_in(tom).get(book(fair)).content.decode()
    assert "Strong Japanese; call her." in html
    assert "by erika@employer-x.example" in html
    shortlists.update_shortlist_note(event=fair, participant_id=emily.pk, by=tom, note="Met her.")
    assert ShortlistEntry.objects.get().note == "Met her."


def test_another_organisation_never_sees_nor_changes_the_shortlist(
    fair: Event, employer_x: Employer, employer_y: Employer, erika: User, yuto: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    shortlists.add_to_shortlist(
        event=fair, participant_id=emily.pk, by=erika, note="X's private thoughts"
    )

    html = logged_in(yuto).get(book(fair)).content.decode()
    assert "Emily Carter" in html  # she is in the résumé book for Y too
    assert "X&#x27;s private thoughts" not in html
    assert "text-bg-warning" not in html  # no "Shortlisted" badge
    export = logged_in(yuto).get(export_url(fair, "csv")).content.decode("utf-8-sig")
    assert "private thoughts" not in export
    # Y's actions work on Y's own list, never on X's.
    with pytest.raises(EventError, match="not on your organisation's shortlist"):
        shortlists.update_shortlist_note(
            event=fair, participant_id=emily.pk, by=yuto, note="overwrite"
        )
    assert shortlists.remove_from_shortlist(event=fair, participant_id=emily.pk, by=yuto) is False
    response = logged_in(yuto).post(remove_url(fair, emily))
    assert response.status_code == 302
    entry = ShortlistEntry.objects.get()
    assert (entry.employer, entry.note) == (employer_x, "X's private thoughts")


def test_only_members_of_an_approved_exhibitor_keep_a_shortlist(
    fair: Event, employer_x: Employer, erika: User, yuto: User, alice: User, staff: User
) -> None:
    emily = candidate(fair)
    OwnerFactory(user=yuto)  # Y has not applied to exhibit at this fair
    pending = OwnerFactory(employer__status=Employer.Status.PENDING).user
    rejected_fair = EventFactory()
    for who in (yuto, alice, staff, pending):
        with pytest.raises(EventError, match="exhibiting at this fair"):
            shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=who)
        assert logged_in(who).post(save_url(fair, emily)).status_code == 403
        assert logged_in(who).post(remove_url(fair, emily)).status_code == 403
    # erika's organisation exhibits at `fair`, not at another fair.
    with pytest.raises(EventError, match="exhibiting at this fair"):
        shortlists.add_to_shortlist(event=rejected_fair, participant_id=emily.pk, by=erika)
    assert not ShortlistEntry.objects.exists()


def test_an_organisation_that_loses_verification_loses_its_shortlist_doors(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika)
    Employer.objects.filter(pk=employer_x.pk).update(status=Employer.Status.PENDING)
    erika.refresh_from_db()
    with pytest.raises(EventError):
        shortlists.remove_from_shortlist(event=fair, participant_id=emily.pk, by=erika)
    assert logged_in(erika).get(export_url(fair, "csv")).status_code == 403
    assert logged_in(erika).get(zip_url(fair)).status_code == 403


def test_nobody_outside_the_resume_book_can_be_shortlisted(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    shy = ProfileFactory(full_name="Shy Person")  # registered, no consent
    registrations.register(event=fair, profile=shy)
    elsewhere = candidate(EventFactory(), full_name="Elsewhere Person")
    waiting = ProfileFactory(shares_with_employers=True)
    RegistrationFactory(event=fair, participant=waiting, status=Registration.Status.WAITLISTED)
    for person_id in (shy.pk, elsewhere.pk, waiting.pk, 10**12):
        with pytest.raises(EventError, match="no longer in the résumé book"):
            shortlists.add_to_shortlist(event=fair, participant_id=person_id, by=erika)
    assert not ShortlistEntry.objects.exists()


def test_after_consent_is_withdrawn_the_person_leaves_list_notes_exports_and_zip(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    dan = candidate(fair, full_name="Daniel Okafor")
    for person in (emily, dan):
        shortlists.add_to_shortlist(event=fair, participant_id=person.pk, by=erika, note="Yes")
    client = logged_in(erika)
    assert "Emily Carter" in client.get(book(fair)).content.decode()  # the page is loaded

    participants.set_consent(profile=emily, share=False)

    assert names_on(client.get(book(fair), {"shortlisted": "on"}).content.decode()) == [
        "Daniel Okafor"
    ]
    rows = csv_rows(client.get(export_url(fair, "csv"), {"shortlisted": "on"}).content)
    assert [row["Full name"] for row in rows] == ["Daniel Okafor"]
    with zipfile.ZipFile(io.BytesIO(b"".join(client.get(zip_url(fair)).streaming_content))) as z:
        assert z.namelist() == [f"Daniel Okafor ({dan.pk}).pdf"]
    with pytest.raises(EventError, match="no longer in the résumé book"):
        shortlists.update_shortlist_note(
            event=fair, participant_id=emily.pk, by=erika, note="Changed"
        )
    # Taking her off stays possible, so the list can always shrink.
    assert shortlists.remove_from_shortlist(event=fair, participant_id=emily.pk, by=erika)


def test_a_colleagues_change_meanwhile_is_not_overwritten(
    fair: Event, employer_x: Employer, erika: User, tom: User
) -> None:
    emily = candidate(fair)
    seen = shortlists.add_to_shortlist(
        event=fair, participant_id=emily.pk, by=erika, note="First"
    ).updated_at
    shortlists.update_shortlist_note(
        event=fair, participant_id=emily.pk, by=tom, note="Tom's", seen=seen
    )
    with pytest.raises(EventError, match="colleague changed this note"):
        shortlists.update_shortlist_note(
            event=fair, participant_id=emily.pk, by=erika, note="Erika's", seen=seen
        )
    # Both clicked "Add" on the same card: the second note does not replace the first.
    with pytest.raises(EventError, match="Your note was not saved"):
        shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="Mine")
    assert ShortlistEntry.objects.get().note == "Tom's"
    assert ShortlistEntry.objects.count() == 1


def test_a_note_is_at_most_2000_characters(fair: Event, employer_x: Employer, erika: User) -> None:
    emily = candidate(fair)
    with pytest.raises(EventError, match="2000"):
        shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="x" * 2001)
    response = logged_in(erika).post(save_url(fair, emily), {"note": "x" * 2001})
    assert response.status_code == 302
    assert not ShortlistEntry.objects.exists()
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="x" * 2000)


# --- The pages and forms ----------------------------------------------------------------------


def test_shortlisting_from_the_page_returns_to_the_same_filters_and_card(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter", industry_1="tourism")
    client = logged_in(erika)
    back = "industry=tourism&page=1&evil=https://elsewhere.example"

    response = client.post(save_url(fair, emily), {"back": back})
    assert response.status_code == 302
    assert response["Location"] == f"{book(fair)}?industry=tourism&page=1#p{emily.pk}"
    assert messages_of(response) == ["Added to your organisation's shortlist."]
    html = client.get(book(fair), {"industry": "tourism"}).content.decode()
    [seen] = re.findall(r'name="seen" value="([^"]+)"', html)

    response = client.post(save_url(fair, emily), {"note": "Call on Monday.", "seen": seen})
    assert messages_of(response) == ["Note saved. Every member of your organisation sees it."]
    assert ShortlistEntry.objects.get().note == "Call on Monday."
    response = client.post(remove_url(fair, emily), {"back": "shortlisted=on"})
    assert response["Location"] == f"{book(fair)}?shortlisted=on#p{emily.pk}"
    assert not ShortlistEntry.objects.exists()


@pytest.mark.parametrize("back", ["abc", "//evil.example", "https://evil.example", "/\\evil"])
def test_a_back_that_is_no_filter_of_the_book_returns_to_the_book(
    fair: Event, employer_x: Employer, erika: User, back: str
) -> None:
    """`back` is read as the book's filters only: never an address to follow."""
    emily = candidate(fair, full_name="Emily Carter")
    client = logged_in(erika)
    for url in (save_url(fair, emily), remove_url(fair, emily)):
        response = client.post(url, {"back": back})
        assert response.status_code == 302
        assert response["Location"] == f"{book(fair)}#p{emily.pk}"


@pytest.mark.parametrize("seen", ["abc", "2026-01-01T10:00:00", "9999-12-31T23:59:59+14:00"])
def test_a_broken_or_stale_form_changes_nothing_and_says_so(
    fair: Event, employer_x: Employer, erika: User, seen: str
) -> None:
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="Kept")
    response = logged_in(erika).post(save_url(fair, emily), {"note": "Lost", "seen": seen})
    assert response.status_code == 302
    assert messages_of(response)  # a reason, not a 500
    assert ShortlistEntry.objects.get().note == "Kept"


def test_the_page_costs_the_same_queries_with_a_long_shortlist(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    """The organisation's entries come with the page's one query (a join), not one each."""
    client = logged_in(erika)
    people = [candidate(fair, cv=False) for _ in range(3)]
    client.get(book(fair))
    with CaptureQueriesContext(connection) as few:
        client.get(book(fair))
    people += [candidate(fair, cv=False) for _ in range(30)]
    for person in people:
        shortlists.add_to_shortlist(event=fair, participant_id=person.pk, by=erika, note="n")
    with CaptureQueriesContext(connection) as many:
        html = client.get(book(fair)).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count('name="seen"') == exhibitor_views.RESUME_BOOK_PER_PAGE


# --- Downloads: CSV for Excel and .xlsx -------------------------------------------------------


def test_the_csv_is_the_filtered_list_with_a_bom_and_the_shortlist_notes(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter", industry_1="tourism", jlpt_level=4)
    candidate(fair, full_name="Teacher Only", industry_1="education", cv=False)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="Call")

    response = logged_in(erika).get(export_url(fair, "csv"), {"industry": "tourism"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="resume-book-osaka-fair.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    [row] = csv_rows(response.content)
    assert row["Full name"] == "Emily Carter"
    assert row["Industries wanted"] == "Tourism and travel"
    assert row["JLPT"] == "N2"
    assert row["CV"] == "Yes"
    assert (row["Shortlisted"], row["Private note"]) == ("Yes", "Call")
    assert row["Shortlisted by"] == "erika@employer-x.example"
    assert "E-mail address" not in row  # the page shows no address either


def test_the_shortlist_exports_on_its_own_and_staff_get_no_shortlist_columns(
    fair: Event, employer_x: Employer, erika: User, staff: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    candidate(fair, full_name="Daniel Okafor")
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika, note="Call")

    # An unusable filter beside it (a stale link) leaves the shortlist filter working.
    response = logged_in(erika).get(export_url(fair, "xlsx"), {"shortlisted": "on", "jlpt": "x"})
    assert "resume-book-osaka-fair-shortlist.xlsx" in response["Content-Disposition"]
    assert [r["Full name"].value for r in xlsx_rows(response.content)] == ["Emily Carter"]

    rows = csv_rows(logged_in(staff).get(export_url(fair, "csv"), {"shortlisted": "on"}).content)
    assert sorted(r["Full name"] for r in rows) == ["Daniel Okafor", "Emily Carter"]
    assert "Private note" not in rows[0]


def test_the_export_speaks_the_readers_language(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    candidate(fair, full_name="山田 花子", industry_1="tourism")
    [row] = csv_rows(logged_in(erika, "ja").get(export_url(fair, "csv")).content)
    assert row["氏名"] == "山田 花子"
    assert row["希望業種"] == "観光・旅行"


def test_exports_neutralise_formulas_in_profiles_and_notes(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    for text in FORMULAS:
        person = candidate(fair, full_name=text, introduction=text, cv=False)
        shortlists.add_to_shortlist(event=fair, participant_id=person.pk, by=erika, note=text)
    client = logged_in(erika)
    expected = sorted("'" + text for text in FORMULAS)

    rows = csv_rows(client.get(export_url(fair, "csv")).content)
    for column in ("Full name", "Introduction", "Private note"):
        assert sorted(row[column] for row in rows) == expected

    rows = xlsx_rows(client.get(export_url(fair, "xlsx")).content)
    for column in ("Full name", "Introduction", "Private note"):
        cells = [row[column] for row in rows]
        assert {cell.data_type for cell in cells} == {"s"}  # no formula cell
        assert sorted(cell.value for cell in cells) == expected


def test_the_xlsx_opens_with_numbers_and_dates_as_such(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    person = candidate(fair, full_name="Emily Carter", introduction="Good\x0bfair")
    years = person.years_on_jet(timezone.localdate())
    response = logged_in(erika).get(export_url(fair, "xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    [row] = xlsx_rows(response.content)
    assert years > 0
    assert (row["Years on JET"].data_type, row["Years on JET"].value) == ("n", years)
    assert row["Consent given"].is_date
    assert row["Introduction"].value == "Good\ufffdfair"  # not a failed export


# --- The CVs as one ZIP -----------------------------------------------------------------------


def zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("in_memory", [16 * 1024 * 1024, 1], ids=["in memory", "on disk"])
def test_the_zip_holds_the_cvs_of_the_filtered_people_with_readable_names(
    fair: Event,
    employer_x: Employer,
    erika: User,
    in_memory: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exhibitor_views, "CV_ZIP_IN_MEMORY_BYTES", in_memory)
    emily = candidate(fair, full_name="Emily Carter", industry_1="tourism")
    hanako = candidate(fair, full_name="山田 花子", industry_1="tourism")
    sneaky = candidate(fair, full_name="../../etc/passwd", industry_1="tourism")
    candidate(fair, full_name="No CV", industry_1="tourism", cv=False)
    candidate(fair, full_name="Teacher", industry_1="education")

    response = logged_in(erika).get(zip_url(fair), {"industry": "tourism"})

    assert "cv-osaka-fair.zip" in response["Content-Disposition"]
    with zip_of(response) as bundle:
        assert sorted(bundle.namelist()) == sorted(
            [
                f"Emily Carter ({emily.pk}).pdf",
                f"山田 花子 ({hanako.pk}).pdf",
                f"etc_passwd ({sneaky.pk}).pdf",
            ]
        )
        assert bundle.read(f"Emily Carter ({emily.pk}).pdf") == pdf_bytes()
        assert bundle.getinfo(f"山田 花子 ({hanako.pk}).pdf").flag_bits & 0x800  # UTF-8 name
        assert bundle.testzip() is None


def test_the_shortlists_cvs_come_as_one_zip(fair: Event, employer_x: Employer, erika: User) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    candidate(fair, full_name="Daniel Okafor")
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika)
    response = logged_in(erika).get(zip_url(fair), {"shortlisted": "on"})
    assert "cv-osaka-fair-shortlist.zip" in response["Content-Disposition"]
    assert zip_of(response).namelist() == [f"Emily Carter ({emily.pk}).pdf"]


def test_too_many_cvs_asks_to_narrow_the_filters(
    fair: Event, employer_x: Employer, erika: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exhibitor_views, "CV_ZIP_LIMIT", 2)
    for _ in range(3):
        candidate(fair, industry_1="it")
    response = logged_in(erika).get(zip_url(fair), {"industry": "it"})
    assert response.status_code == 302
    assert response["Location"] == f"{book(fair)}?industry=it"
    [message] = messages_of(response)
    assert "up to 2 CVs" in message


def test_a_list_without_cvs_gives_no_empty_zip(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    candidate(fair, cv=False)
    response = logged_in(erika).get(zip_url(fair))
    assert response.status_code == 302
    assert messages_of(response) == ["Nobody in this list has uploaded a CV yet."]


# --- Erasure: the person's entries go, and their export shows none -----------------------------


def test_erasing_a_participant_deletes_their_entries_and_their_export_shows_none(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair, full_name="Emily Carter")
    shortlists.add_to_shortlist(
        event=fair, participant_id=emily.pk, by=erika, note="Secret assessment"
    )
    dumped = json.dumps(erasure.export_data(user=emily.user), ensure_ascii=False)
    assert "Secret assessment" not in dumped
    assert "Shinshu Precision" not in dumped
    assert "ShortlistEntry" not in dumped

    erasure.erase_account(user=emily.user)

    assert not ShortlistEntry.objects.exists()


def test_deleting_a_profile_by_any_door_takes_the_entries_with_it(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika)
    User.objects.filter(pk=emily.user_id).delete()  # as admin's delete does
    assert not ShortlistEntry.objects.exists()


def test_the_member_who_added_someone_exports_a_mention_without_the_note(
    fair: Event, employer_x: Employer, erika: User, tom: User
) -> None:
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=tom, note="About her")
    mention = erasure.export_data(user=tom)["mentions"]["events.ShortlistEntry"]["rows"][0]
    assert mention["naming_you"] == ["added_by"]
    assert mention["participant"] == erasure.SOMEONE_ELSE
    assert "note" not in mention
    erasure.erase_account(user=tom)
    entry = ShortlistEntry.objects.get()
    assert (entry.added_by, entry.note) == (None, "About her")  # the organisation's, kept


def test_with_shortlist_joins_only_the_organisations_own_entry(
    fair: Event, employer_x: Employer, employer_y: Employer, erika: User, yuto: User
) -> None:
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=yuto, note="Y's")
    [row] = with_shortlist(svc.resume_book(fair), employer_x)
    assert (row.shortlist_id, row.shortlist_note) == (None, None)
    [row] = with_shortlist(svc.resume_book(fair), employer_y)
    assert row.shortlist_note == "Y's"


def test_an_employer_with_no_other_link_is_untouched_by_a_strangers_erasure(
    fair: Event, employer_x: Employer, erika: User
) -> None:
    """The cascade is the profile's only: another person's erasure leaves the list alone."""
    emily = candidate(fair)
    shortlists.add_to_shortlist(event=fair, participant_id=emily.pk, by=erika)
    erasure.erase_account(user=UserFactory())
    assert ShortlistEntry.objects.count() == 1
    assert EmployerFactory._meta.model.objects.filter(pk=employer_x.pk).exists()


def test_a_long_resume_book_pages_through_the_first_people_and_says_there_are_more(
    erika: User, employer_x: Employer, fair: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #14: the count reads at most RESUME_BOOK_PAGES_COVER + 1 rows, so a national
    fair's book costs the same as a small one's; the page says there are more and how to reach
    them, and the download holds everyone."""
    monkeypatch.setattr(exhibitor_views, "RESUME_BOOK_PER_PAGE", 2)
    monkeypatch.setattr(exhibitor_views, "RESUME_BOOK_PAGES_COVER", 3)
    people = [candidate(fair, cv=False, full_name=f"Person {n}") for n in range(5)]
    client = logged_in(erika)

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # A hook on the connection records every statement sent, whatever its query log holds.
    with connection.execute_wrapper(record):
        first = client.get(book(fair)).content.decode()
    beyond = client.get(book(fair), {"page": 9}).content.decode()
    export = client.get(export_url(fair, "csv")).content.decode("utf-8-sig")
    japanese = logged_in(erika, "ja").get(book(fair)).content.decode()

    counts = [sql for sql in statements if "COUNT(" in sql.upper()]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]
    assert "More than 3 participants: the first 3 are listed here." in first
    assert "Page 1 of 2" in first
    # The last page ends with the third person; a page beyond shows the last.
    assert "Page 2 of 2" in beyond
    assert [name for name in (p.full_name for p in people) if name in beyond] == ["Person 2"]
    assert all(p.full_name in export for p in people)
    assert "3名を超える" in japanese


def test_a_resume_book_within_the_pages_counts_exactly(
    erika: User, employer_x: Employer, fair: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exhibitor_views, "RESUME_BOOK_PAGES_COVER", 3)
    for n in range(3):
        candidate(fair, cv=False, full_name=f"Person {n}")

    html = logged_in(erika).get(book(fair)).content.decode()

    assert "3 participants" in html
    assert "More than" not in html


@pytest.mark.parametrize(
    ("language", "joined"),
    [
        ("en", "only for recruitment. Your organisation's shortlist"),
        ("ja", "ご利用ください。候補者リスト"),  # no half-width space between Japanese sentences
    ],
)
def test_the_introduction_joins_its_sentences_as_the_language_writes(
    fair: Event, employer_x: Employer, erika: User, language: str, joined: str
) -> None:
    candidate(fair, full_name="Emily Carter")

    html = logged_in(erika, language).get(book(fair)).content.decode()

    assert joined in unescape(" ".join(html.split()))
