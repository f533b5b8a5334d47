"""Admin lists (issue #15): every list shows the newest rows first unless its admin chose
another order, and a text typed in two languages is one column in the reader's language."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.db.models import OrderBy
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EventSeries, Exhibitor
from jetcareer.accounts.models import User
from jetcareer.admin_lookups import LIST_PER_PAGE, leads_an_index, newest_first
from jetcareer.bilingual import without_language
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory, HostFactory
from tests.regional.factories import FurusatoCallFactory

pytestmark = pytest.mark.django_db

# Admins whose own ordering is by name, which their lists keep (not ours to change here).
BY_NAME = {
    "accounts.User": "email",  # jetcareer/accounts/admin.py
    "auth.Group": "name",  # Django's GroupAdmin: the five staff duties
}


def first_term(model_admin: admin.ModelAdmin, user: User) -> str:
    """The first term of the order of the admin's list as Django builds it."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    term = changelist.get_ordering(request, changelist.root_queryset)[0]
    if isinstance(term, OrderBy):
        return ("-" if term.descending else "") + term.expression.name
    return term


def test_every_admin_list_shows_the_newest_first(staff: User) -> None:
    orders = {
        model._meta.label: first_term(model_admin, staff)
        for model, model_admin in admin.site._registry.items()
    }

    oldest_first = {label: term for label, term in orders.items() if not term.startswith("-")}
    assert oldest_first == BY_NAME


# Lists whose tables stay small at national scale (a few hundred or thousand rows: one per
# employer, event, programme, call, survey or slot), where sorting the table costs less than an
# index. (An index on the events' start made the planner walk every event to find a person's
# few past ones on my page: 135 ms instead of 5.)
STAYS_SMALL = {
    "employers.Employer", "employers.Invitation", "events.ConsultationSlot", "events.Event",
    "events.EventMessage", "events.InterviewSlot", "internships.MatchRun",
    "internships.Position", "internships.Programme", "jobs.Job", "portal.Announcement",
    "regional.FurusatoCall", "regional.HostInvitation", "regional.ResultReport",
    "regional.SubsidyApplication", "surveys.Survey",
}  # fmt: skip


def test_every_growing_list_is_read_in_the_order_of_an_index(staff: User) -> None:
    """Issue #14: ordering 700,000 participant profiles by an unindexed `created_at` sorted
    the whole table on every page of the admin list (1.5 s); their ids come from an index."""
    unindexed = {
        model._meta.label: term
        for model, model_admin in admin.site._registry.items()
        if not leads_an_index(model, (term := first_term(model_admin, staff)).lstrip("-"))
    }

    assert set(unindexed) == STAYS_SMALL, unindexed


def test_which_fields_lead_an_index() -> None:
    from events.models import Event, Registration
    from participants.models import ParticipantProfile

    assert leads_an_index(ParticipantProfile, "pk")
    assert leads_an_index(ParticipantProfile, "user")  # one-to-one: unique
    assert not leads_an_index(ParticipantProfile, "created_at")
    assert leads_an_index(Registration, "created_at")  # Meta.indexes (created_at, id)
    assert leads_an_index(Event, "slug")
    assert not leads_an_index(Event, "no_such_field")


def test_the_newest_first_rule() -> None:
    from allauth.account.models import EmailAddress

    from events.models import Event
    from portal.models import Announcement

    # The model's own order when it is already newest first.
    assert newest_first(Announcement) == ["-published_at", "-pk"]
    # Else when the row came in (exhibitors are ordered by event and name).
    assert newest_first(Exhibitor) == ["-applied_at", "-pk"]
    # Else the model's order by a date, reversed (events by their start).
    assert newest_first(Event) == ["-starts_at"]
    # Else the id.
    assert newest_first(EmailAddress) == ["-pk"]
    # The id too when no index serves the arrival field (issue #14): the same order for the
    # rows the portal creates, read from the primary key's index.
    from participants.models import ParticipantProfile

    assert newest_first(ParticipantProfile) == ["-pk"]


def test_the_exhibitor_list_shows_the_latest_application_first(staff: User) -> None:
    fair = EventFactory()
    now = timezone.now()
    Exhibitor.objects.create(event=fair, employer=EmployerFactory(name_en="Aoki Older"),
                             applied_at=now - timedelta(days=2))  # fmt: skip
    Exhibitor.objects.create(event=fair, employer=EmployerFactory(name_en="Zenith Newer"),
                             applied_at=now)  # fmt: skip
    client = Client()
    client.force_login(staff)

    html = client.get(reverse("admin:events_exhibitor_changelist")).content.decode()

    assert html.index("Zenith Newer") < html.index("Aoki Older")


def list_page(user: User, url: str, language: str, **params: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, column: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(rf'<(?:th|td) class="field-{column}"[^>]*>(.*?)</(?:th|td)>', html)
    ]


def test_titles_are_shown_in_the_readers_language(staff: User) -> None:
    """The Furusato calls' list names `title_en`: one column, in the reader's language."""
    FurusatoCallFactory(slug="furusato-2027", title_en="Furusato 2027", title_ja="ふるさと2027")
    FurusatoCallFactory(slug="furusato-2028", title_en="Furusato 2028", title_ja="")  # English
    calls = reverse("admin:regional_furusatocall_changelist")

    japanese = list_page(staff, calls, "ja")
    english = list_page(staff, calls, "en")

    assert sorted(cells(japanese, "title")) == ["Furusato 2028", "ふるさと2027"]
    assert sorted(cells(english, "title")) == ["Furusato 2027", "Furusato 2028"]
    assert 'class="field-title_en"' not in japanese
    assert re.search(r'<th scope="col" class="sortable column-title[^"]*">.*?タイトル</a>',
                     japanese, re.S)  # fmt: skip


def test_the_title_column_sorts_by_what_it_shows(staff: User) -> None:
    """The series' list names the pair `title_en`, `title_ja`: one column, sorted by the
    reader's language, else the other (as it shows)."""
    EventSeries.objects.create(slug="a", title_en="Alpha Fair", title_ja="わかやまフェア")
    EventSeries.objects.create(slug="z", title_en="Zulu Fair", title_ja="あおもりフェア")
    EventSeries.objects.create(slug="m", title_en="Middle Fair", title_ja="")
    series = reverse("admin:events_eventseries_changelist")
    japanese = list_page(staff, series, "ja")
    sort = re.search(r'<th scope="col" class="sortable column-title[^"]*">.*?<a href="\?o=([^"]+)"',
                     japanese, re.S)[1]  # fmt: skip

    assert cells(list_page(staff, series, "ja", o=sort), "title") == [
        "Middle Fair", "あおもりフェア", "わかやまフェア",
    ]  # fmt: skip
    assert cells(list_page(staff, series, "en", o=sort), "title") == [
        "Alpha Fair", "Middle Fair", "Zulu Fair",
    ]  # fmt: skip
    assert "field-title_ja" not in japanese


def test_a_pair_in_the_list_becomes_one_column(staff: User) -> None:
    HostFactory(slug="nagano", kind="prefecture", name_en="Nagano Prefecture", name_ja="長野県")
    html = list_page(staff, reverse("admin:events_hostorganization_changelist"), "ja")

    assert cells(html, "name") == ["長野県"]
    assert "field-name_en" not in html
    assert "field-name_ja" not in html


@pytest.mark.parametrize(
    ("label", "shown"),
    [("title (English)", "title"), ("名称（日本語）", "名称"), ("co-host (English)", "co-host"),
     ("JLPT", "JLPT")],
)  # fmt: skip
def test_a_columns_heading_leaves_out_the_language(label: str, shown: str) -> None:
    assert without_language(label) == shown


def test_headings_follow_the_reader() -> None:
    from events.models import Event

    with translation.override("en"):
        assert Event.title.short_description == "title"
    with translation.override("ja"):
        assert Event.title.short_description == "タイトル"


def test_every_admin_list_shows_at_most_fifty_rows_a_page() -> None:
    """Issue #14: Django's 100 rows a page cost about 1 ms each to render."""
    too_long = {
        model._meta.label: model_admin.list_per_page
        for model, model_admin in admin.site._registry.items()
        if model_admin.list_per_page > LIST_PER_PAGE
    }

    assert LIST_PER_PAGE == 50
    assert too_long == {}


def test_the_selection_checkbox_is_djangos_html(staff: User) -> None:
    """Our checkbox is written without the template engine (issue #14); it must stay the HTML
    Django's admin.js selects and counts, the object's name escaped in its label."""
    from django.contrib.admin import ModelAdmin

    fair = EventFactory(title_en='Fair <b>"&" Co</b>')
    model_admin = admin.site._registry[type(fair)]

    ours = model_admin.action_checkbox(fair)

    assert ours == ModelAdmin.action_checkbox(model_admin, fair)
    assert 'name="_selected_action"' in ours
    assert f'value="{fair.pk}"' in ours
    assert "<b>" not in ours


def test_a_list_page_selects_its_rows_and_pages_by_fifty(staff: User) -> None:
    EventFactory.create_batch(LIST_PER_PAGE + 1)
    url = reverse("admin:events_event_changelist")

    html = list_page(staff, url, "en")

    assert html.count('class="action-select"') == LIST_PER_PAGE
    assert "?p=2" in html


def test_the_sidebar_marks_the_current_list_in_the_readers_language(staff: User) -> None:
    """The sidebar is cached per person, language and page: each page marks its own list."""
    events_url = reverse("admin:events_event_changelist")
    exhibitors_url = reverse("admin:events_exhibitor_changelist")

    on_events = list_page(staff, events_url, "en")
    on_exhibitors = list_page(staff, exhibitors_url, "en")
    in_japanese = list_page(staff, events_url, "ja")

    def current(html: str) -> str:
        return re.search(r'<a href="([^"]+)" aria-current="page">', html).group(1)

    assert current(on_events) == events_url
    assert current(on_exhibitors) == exhibitors_url
    assert "Start typing to filter" in on_events
    assert "Start typing to filter" not in in_japanese


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["By kind", "By organiser's kind"]),
        ("ja", ["種別で絞り込む", "主催者の種別で絞り込む"]),
    ],
)
def test_each_filter_of_the_event_list_has_its_own_title(
    staff: User, language: str, titles: list[str]
) -> None:
    """An event's kind and its organiser's kind were both "By kind" (a tester's finding)."""
    html = list_page(staff, reverse("admin:events_event_changelist"), language)

    shown = [unescape(t) for t in re.findall(r"<summary>\s*([^<]+?)\s*</summary>", html)]

    for title in titles:
        assert shown.count(title) == 1, shown
    assert len(shown) == len(set(shown)), shown


@pytest.mark.parametrize(
    ("language", "title", "present", "absent", "cancelled"),
    [
        ("en", "By check-in", "Checked in", "Not checked in", "Cancelled"),
        ("ja", "受付で絞り込む", "受付済み", "未受付", "キャンセル済み"),
    ],
)
def test_the_registration_list_says_checked_in_in_words(
    staff: User, language: str, title: str, present: str, absent: str, cancelled: str
) -> None:
    """Django's filter on the check-in time offered "Empty / Not empty" (a tester's finding),
    and a cancelled registration read 「中止」, the word of a cancelled event."""
    from events.services import registrations as svc
    from tests.participants.factories import ProfileFactory

    event = EventFactory()
    came = svc.register(event=event, profile=ProfileFactory(full_name="Came Early"))
    svc.check_in(registration=came, now=event.starts_at)
    svc.register(event=event, profile=ProfileFactory(full_name="Not Yet"))
    gone = svc.register(event=event, profile=ProfileFactory(full_name="Gone Away"))
    svc.cancel_registration(registration=gone)
    url = reverse("admin:events_registration_changelist")

    html = unescape(list_page(staff, url, language))
    arrived = list_page(staff, url, language, checked_in_at__isempty="0")
    waiting = list_page(staff, url, language, checked_in_at__isempty="1")

    assert title in html
    assert f'<a href="?checked_in_at__isempty=0">{present}</a>' in html
    assert f'<a href="?checked_in_at__isempty=1">{absent}</a>' in html
    assert "Empty" not in html
    assert ("Came Early" in arrived, "Not Yet" in arrived) == (True, False)
    assert ("Came Early" in waiting, "Not Yet" in waiting) == (False, True)
    assert cancelled in html
