"""Name badges (issue #17): a PDF of the confirmed list on A-One 51002 sheets, for the desk."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from events import badges
from events.models import Event, Registration
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def person(event: Event, name: str, kana: str = "", **fields) -> Registration:
    profile = ProfileFactory(full_name=name, full_name_kana=kana)
    return RegistrationFactory(event=event, participant=profile, **fields)


def read(pdf: bytes) -> tuple[int, str]:
    """The PDF's page count and its text, each page's in turn."""
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def staff_in(group: str) -> Client:
    user = StaffFactory(
        email=f"{group[:5].lower()}@clair.example",
        is_superuser=False,
        groups=[Group.objects.get(name=group)],
    )
    client = Client()
    client.force_login(user)
    return client


# --- The sheet --------------------------------------------------------------------------------


def test_the_sheet_is_a_one_51002_and_its_cards_fill_a4_exactly() -> None:
    sheet = badges.A_ONE_51002
    assert (sheet.columns, sheet.rows, sheet.per_sheet) == (2, 5, 10)
    mm = 72 / 25.4
    assert round(sheet.label_width / mm, 3) == 91
    assert round(sheet.label_height / mm, 3) == 55
    width, height = sheet.page_size
    assert round((2 * sheet.left_margin + 2 * sheet.label_width) / mm, 3) == round(width / mm, 3)
    assert round((2 * sheet.top_margin + 5 * sheet.label_height) / mm, 3) == round(height / mm, 3)
    # Label 0 is the top left card, label 9 the bottom right one.
    assert sheet.origin(0) == (sheet.left_margin, height - sheet.top_margin - sheet.label_height)
    x, y = sheet.origin(9)
    assert round(x + sheet.label_width, 3) == round(width - sheet.left_margin, 3)
    assert round(y, 3) == round(sheet.top_margin, 3)


# --- The PDF ----------------------------------------------------------------------------------


def test_one_badge_per_confirmed_person_with_names_kana_and_prefecture_in_japanese() -> None:
    fair = EventFactory(title_ja="JETキャリアフェア東京")
    person(fair, "Hanako Sato", "サトウ ハナコ")
    person(fair, "山田 太郎", "ヤマダ タロウ")
    person(fair, "Zoë Müller", "ゾーイ ミュラー")
    person(fair, "Waiting Wendy", status=Registration.Status.WAITLISTED)
    person(fair, "Cancelled Carl", status=Registration.Status.CANCELLED)

    pages, text = read(badges.badges_pdf(event=fair, language="ja"))

    assert pages == 1
    for shown in ("Hanako Sato", "サトウ", "ハナコ", "山田 太郎", "ヤマダ タロウ", "Zoë Müller"):
        assert shown in text
    assert "長野県" in text  # the factory's prefecture, in Japanese
    assert "ALT" in text
    assert "JETキャリアフェア東京" in text
    assert "Wendy" not in text
    assert "Carl" not in text


def test_english_badges_write_the_prefecture_and_title_in_english() -> None:
    fair = EventFactory(title_en="JET Career Fair Tokyo")
    person(fair, "Hanako Sato", "サトウ ハナコ")
    _pages, text = read(badges.badges_pdf(event=fair, language="en"))
    assert "Nagano" in text
    assert "JET Career Fair Tokyo" in text
    assert "サトウ ハナコ" in text  # the reading is printed whatever the language


@pytest.mark.parametrize(
    ("people", "skip", "pages"),
    [(1, 0, 1), (10, 0, 1), (11, 0, 2), (21, 0, 3), (5, 5, 1), (6, 5, 2)],
)
def test_ten_badges_a_sheet_after_the_labels_already_used(
    people: int, skip: int, pages: int
) -> None:
    fair = EventFactory()
    for i in range(people):
        person(fair, f"Person {i:02d}")
    pdf = badges.badges_pdf(event=fair, skip=skip)
    count, text = read(pdf)
    assert count == pages == badges.page_count(people, skip)
    assert all(f"Person {i:02d}" in text for i in range(people))


def test_badges_are_in_name_order_accents_and_case_aside() -> None:
    fair = EventFactory()
    for name in ("charlie Brown", "Álvaro Díaz", "Bea Lee"):
        person(fair, name)
    _pages, text = read(badges.badges_pdf(event=fair))
    assert text.index("Álvaro") < text.index("Bea Lee") < text.index("charlie")


def test_erased_people_and_those_watching_a_hybrid_event_online_get_no_badge() -> None:
    fair = EventFactory(format=Event.Format.HYBRID)
    person(fair, "Venue Vera", attendance=Registration.Attendance.VENUE)
    person(fair, "Undecided Uma")  # chose nothing yet: may come, so she gets one
    person(fair, "Online Olga", attendance=Registration.Attendance.ONLINE)
    erased = person(fair, "Erased Eric")
    Registration.objects.filter(pk=erased.pk).update(participant=None)

    assert [r.participant.full_name for r in badges.badge_registrations(fair)] == [
        "Undecided Uma",
        "Venue Vera",
    ]
    _pages, text = read(badges.badges_pdf(event=fair))
    assert "Vera" in text
    assert "Uma" in text
    assert "Olga" not in text
    assert "Eric" not in text


def test_nobody_to_badge_gives_one_page_saying_so() -> None:
    pages, text = read(badges.badges_pdf(event=EventFactory(), language="en"))
    assert pages == 1
    assert "Nobody to print" in text


def test_a_skip_outside_the_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="skip"):
        badges.badges_pdf(event=EventFactory(), skip=10)


def test_long_names_shrink_then_take_two_lines_and_are_never_lost() -> None:
    width = badges.A_ONE_51002.label_width - 2 * badges.PADDING
    lines, size = badges._name_lines("Hanako Sato", width)
    assert (lines, size) == (["Hanako Sato"], badges.NAME_MAX_SIZE)
    lines, size = badges._name_lines("Zoë Müller-Lüdenscheidt", width)
    assert lines == ["Zoë Müller-Lüdenscheidt"]
    assert badges.NAME_TWO_LINES_BELOW <= size < badges.NAME_MAX_SIZE
    long_name = "Maximilian Alexander Featherstonehaugh-Worthington"
    lines, size = badges._name_lines(long_name, width)
    assert lines == ["Maximilian Alexander", "Featherstonehaugh-Worthington"]
    assert size > badges.NAME_TWO_LINES_BELOW

    fair = EventFactory()
    person(fair, long_name, "マクシミリアン アレクサンダー フェザストンホー ワージントン")
    _pages, text = read(badges.badges_pdf(event=fair))
    assert "Maximilian Alexander" in text
    assert "Featherstonehaugh-Worthington" in text
    assert "マクシミリアン アレクサンダー フェザストンホー ワージントン" in text
    assert "…" not in text


def test_letters_neither_font_draws_print_as_their_base_letter() -> None:
    assert badges._printable("Łukasz Wiśniewski") == "Lukasz Wisniewski"
    assert badges._printable("Nguyễn Thị Ngọc Ánh") == "Nguyen Thi Ngoc Ánh"
    assert badges._printable("Zoë Šimić") == "Zoë Šimic"  # Š is in WinAnsi, ć is not
    assert badges._printable("佐藤 花子") == "佐藤 花子"
    assert badges._font_for("Zoë") == badges.LATIN_FONT
    assert badges._font_for("佐藤") == badges.JAPANESE_FONT


def test_the_pdf_names_the_event_and_the_sheet() -> None:
    fair = EventFactory(title_en="Career Fair Osaka")
    person(fair, "Hanako Sato")
    with translation.override("en"):
        reader = PdfReader(io.BytesIO(badges.badges_pdf(event=fair, language="en")))
    assert reader.metadata.title == "Name badges: Career Fair Osaka"
    assert "A-One 51002" in reader.metadata.subject


# --- The view ---------------------------------------------------------------------------------


def test_the_desk_opens_the_pdf_inline_never_cached() -> None:
    fair = EventFactory(title_en="Career Fair Osaka")
    person(fair, "Hanako Sato", "サトウ ハナコ")
    client = staff_in(StaffGroup.EVENT_DESK)
    url = reverse("events:badges", args=[fair.slug])

    response = client.get(url, {"lang": "ja", "skip": "3", "outlines": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="badges-{fair.slug}.pdf"'
    assert "no-store" in response["Cache-Control"]
    pages, text = read(response.content)
    assert pages == 1
    assert "Hanako Sato" in text
    assert "長野県" in text
    # A language or skip the view does not know falls back instead of failing.
    fallback = client.get(url, {"lang": "xx", "skip": "99"})
    assert fallback.status_code == 200
    assert "Nagano" in read(fallback.content)[1]


@pytest.mark.parametrize("who", ["alice", "erika", "staff_none", "screening"])
def test_people_who_do_not_check_people_in_are_refused(who: str, alice, erika) -> None:
    fair = EventFactory()
    person(fair, "Hanako Sato")
    if who == "alice":
        user = alice
    elif who == "erika":
        user = erika
    elif who == "staff_none":
        user = StaffFactory(email="none@clair.example", is_superuser=False)
    else:
        user = StaffFactory(
            email="screening@clair.example",
            is_superuser=False,
            groups=[Group.objects.get(name=StaffGroup.INTERNSHIP_SCREENING)],
        )
    client = Client()
    client.force_login(user)
    response = client.get(reverse("events:badges", args=[fair.slug]))
    assert response.status_code == 403
    assert b"Hanako" not in response.content


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    fair = EventFactory()
    response = Client().get(reverse("events:badges", args=[fair.slug]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_desk_page_and_the_events_admin_page_link_to_the_badges() -> None:
    fair = EventFactory()
    client = staff_in(StaffGroup.EVENT_DESK)
    url = reverse("events:badges", args=[fair.slug])
    desk = client.get(reverse("events:checkin_desk", args=[fair.slug])).content.decode()
    assert f'href="{url}?lang=ja"' in desk
    assert f'href="{url}?lang=en"' in desk
    admin = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert f'href="{url}"' in admin
