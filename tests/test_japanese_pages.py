"""Japanese pages and e-mails read as Japanese (issue #16): dates as 2027年2月6日（土）13:00,
never an ISO date nor "02/06"; lists joined with 「、」 and labels with 「：」, never an ASCII
comma or colon between Japanese words.

Key pages are rendered in Japanese with realistic data, and e-mails as the outbox renders them
for a recipient who reads Japanese; only the text a person sees is checked (no tags,
attributes, scripts nor web addresses, where machine dates such as <time datetime> belong).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import ConsultationSlot, Event, Registration, Session
from events.services import consultations, registrations, shortlists
from events.services import exhibitors as exhibitor_svc
from internships.models import Application, Programme
from jetcareer.accounts.models import User
from jetcareer.outbox.rendering import render_message
from participants import services as participants
from participants.models import ParticipantProfile
from portal import services as portal_services
from portal.models import Inquiry
from surveys import services as surveys
from surveys.models import Survey
from tests.conftest import outbox_for
from tests.employers.factories import EmployerFactory, InvitationFactory, OwnerFactory
from tests.events.factories import EventFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)
from tests.participants.factories import ProfileFactory
from tests.portal.factories import AnnouncementFactory
from tests.regional.factories import (
    FurusatoCallFactory,
    HostMemberFactory,
    ResultReportFactory,
    SubsidyApplicationFactory,
)

pytestmark = pytest.mark.django_db

JA = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"  # kana, kanji, full-width forms, 「」、（）
PROBLEMS = {
    "ISO date": re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),
    "numeric day/month": re.compile(r"\d{1,2}/\d{1,2}"),
    # A word with Japanese in it ("ハービスHALL"), a comma, then Japanese.
    "ASCII comma between Japanese words": re.compile(rf"{JA}[^\s,]*, ?{JA}"),
    "ASCII colon after a Japanese label": re.compile(rf"{JA}: "),
}


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, comments, tags (with their attributes) nor web
    addresses, entities decoded, white space folded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    page = html.unescape(page)
    page = re.sub(r"\b[a-z]+://\S+", " ", page)
    return re.sub(r"\s+", " ", page)


def problems(text: str) -> list[str]:
    """Each problem found, with the text around it."""
    found = []
    for name, pattern in PROBLEMS.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{name}: …{text[start:end]}…")
    return found


def test_the_check_catches_what_it_is_for() -> None:
    """The check itself: each kind of mistake is caught, Japanese style passes."""
    assert problems(visible_text("<p>開催日 2027-02-06</p>"))
    assert problems(visible_text("<p>締切 02/06 13:00</p>"))
    assert problems(visible_text("<p>ハービスHALL, 大阪府</p>"))
    assert problems(visible_text("<p>教育, 翻訳</p>"))
    assert problems(visible_text("<p>受付日時: 2027年2月6日（土）13:00</p>"))
    good = '<time datetime="2027-02-06T13:00:00+09:00">2027年2月6日（土）13:00–17:00</time>'
    assert not problems(visible_text(f"{good}<p>東京、大阪</p><p>受付日時：13:00</p>"))
    assert not problems(visible_text('<a href="https://x.example/a/1/2/">見る</a>'))


# --- The world, in Japanese ----------------------------------------------------------------


@dataclass
class World:
    me: ParticipantProfile
    fair: Event
    networking: Event
    registration: Registration
    programme: Programme
    application: Application
    owner: User
    host_member: User
    subsidy_report_application_id: int
    survey: Survey
    survey_link: str
    furusato_slug: str


def japanese_client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "ja"
    return client


@pytest.fixture
def world() -> World:
    soon = timezone.now() + timedelta(days=30)
    me = ProfileFactory(
        full_name="Emily Carter",
        user__preferred_language="ja",
        job_types=["teaching", "translation"],
        industry_1="education",
    )
    participants.set_consent(profile=me, share=True)

    fair = EventFactory(slug="osaka-fair", starts_at=soon, ends_at=soon + timedelta(hours=4))
    Session.objects.create(
        event=fair,
        title_en="Working in Japan",
        title_ja="日本で働く",
        starts_at=soon + timedelta(hours=1),
        ends_at=soon + timedelta(hours=2),
        speakers_en="Sato Hanako",
        speakers_ja="佐藤花子",
    )
    registration = registrations.register(event=fair, profile=me)
    EventFactory(  # registration opens later: the badge shows when
        slug="later-fair",
        starts_at=soon + timedelta(days=20),
        ends_at=soon + timedelta(days=20, hours=4),
        registration_opens_at=timezone.now() + timedelta(days=3),
    )

    networking = EventFactory(
        slug="online-evening",
        kind=Event.Kind.NETWORKING,
        format=Event.Format.ONLINE,
        starts_at=soon + timedelta(days=5),
        ends_at=soon + timedelta(days=5, hours=3),
    )
    registrations.register(event=networking, profile=me)
    advisor = ProfileFactory(
        status="alumni",
        term_end_date=date(2024, 7, 31),
        is_advisor=True,
        advisor_fields=["it"],
        advisor_bio_en="Engineer in Tokyo.",
        advisor_bio_ja="東京でエンジニアをしています。",
        user__preferred_language="ja",
    )
    slot = consultations.offer_slot(
        event=networking, advisor=advisor, field="it", minutes=30, starts_at=networking.starts_at
    )
    consultations.book_slot(slot=slot, profile=me)
    consultations.offer_slot(
        event=networking,
        advisor=advisor,
        field="it",
        minutes=30,
        starts_at=networking.starts_at + timedelta(hours=1),
    )

    owner = OwnerFactory(user__preferred_language="ja").user
    employer = owner.employer_membership.employer
    exhibitor = exhibitor_svc.apply_for_booth(
        event=fair, employer=employer, by=owner, wants_booth=True, online_presentation=True,
        note="プロジェクターを使います。",
    )  # fmt: skip
    exhibitor_svc.approve_exhibitor(exhibitor=exhibitor, booth_label="A-3")
    InvitationFactory(employer=employer, invited_by=owner)
    shortlists.add_to_shortlist(event=fair, participant_id=me.pk, by=owner)
    EmployerFactory()  # a second one in the directory

    programme = ProgrammeFactory(
        slug="internships-2027",
        positions_allowed=["ALT", "CIR"],
        co_host_en="Keidanren",
        co_host_ja="日本経済団体連合会",
        response_deadline=timezone.now() + timedelta(days=40),
    )
    position = PositionFactory(programme=programme)
    application = ApplicationFactory(
        programme=programme,
        participant=me,
        industry_2="it",
        interview_at=timezone.now() + timedelta(days=10),
    )
    published_offer(position, application)

    host_member = HostMemberFactory(user__preferred_language="ja").user
    report = ResultReportFactory(application__host=host_member.host_membership.host)
    SubsidyApplicationFactory(
        host=report.application.host, ends_on=timezone.localdate() + timedelta(days=62)
    )

    AnnouncementFactory(for_current=True)
    furusato = FurusatoCallFactory(slug="furusato-2027")

    past = EventFactory(
        slug="past-online",
        format=Event.Format.ONLINE,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
    )
    Registration.objects.create(event=past, participant=me, status=Registration.Status.CONFIRMED)
    surveys.open_event_surveys(event=past)
    survey = Survey.objects.get(event=past, kind=Survey.Kind.ATTENDEE)

    portal_services.submit_inquiry(
        name="Emily Carter", email=me.user.email, topic="internships",
        message="インターンシップについて教えてください。", language="ja",
    )  # fmt: skip
    return World(
        me=me,
        fair=fair,
        networking=networking,
        registration=registration,
        programme=programme,
        application=application,
        owner=owner,
        host_member=host_member,
        subsidy_report_application_id=report.application_id,
        survey=survey,
        survey_link=surveys.link_for(survey, me.user),
        furusato_slug=furusato.slug,
    )


JA_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日（.）")
UNDATED = {"employer directory"}  # pages that show no date, only lists and labels
PAGES = {
    "event list": (lambda w: reverse("events:list"), lambda w: None),
    "event detail": (lambda w: w.fair.get_absolute_url(), lambda w: w.me.user),
    "ticket": (lambda w: w.registration.get_absolute_url(), lambda w: w.me.user),
    "my events": (lambda w: reverse("events:mine"), lambda w: w.me.user),
    "my page": (lambda w: reverse("participants:my_page"), lambda w: w.me.user),
    "consultations": (
        lambda w: reverse("events:consultations", args=[w.networking.slug]),
        lambda w: w.me.user,
    ),
    "internship programmes": (lambda w: reverse("internships:list"), lambda w: w.me.user),
    "internship programme": (
        lambda w: reverse("internships:programme", args=[w.programme.slug]),
        lambda w: w.me.user,
    ),
    "internship application": (
        lambda w: reverse("internships:application", args=[w.application.pk]),
        lambda w: w.me.user,
    ),
    "employer dashboard": (lambda w: reverse("employers:dashboard"), lambda w: w.owner),
    "employer directory": (lambda w: reverse("employers:list"), lambda w: None),
    "employer page": (
        lambda w: reverse("employers:public", args=[w.owner.employer_membership.employer.slug]),
        lambda w: None,
    ),
    "résumé book": (
        lambda w: reverse("events:resume_book", args=[w.fair.slug]),
        lambda w: w.owner,
    ),
    "regional host dashboard": (lambda w: reverse("regional:host"), lambda w: w.host_member),
    "subsidy application": (
        lambda w: reverse("regional:application", args=[w.subsidy_report_application_id]),
        lambda w: w.host_member,
    ),
    "Furusato call": (lambda w: reverse("regional:furusato"), lambda w: None),
    "announcements": (lambda w: reverse("portal:announcements"), lambda w: w.me.user),
    "survey": (lambda w: w.survey_link.split("://", 1)[-1].split("/", 1)[-1], lambda w: None),
}


@pytest.mark.parametrize("name", PAGES)
def test_japanese_page_has_japanese_dates_and_lists(name: str, world: World) -> None:
    url, who = PAGES[name]
    path = url(world)
    path = path if path.startswith("/") else f"/{path}"
    response = japanese_client(who(world)).get(path)
    assert response.status_code == 200, path
    text = visible_text(response.content.decode())
    if name not in UNDATED:
        assert JA_DATE.search(text), f"{name}: no date in Japanese style on the page"
    assert problems(text) == [], name


def test_japanese_mails_from_the_services_have_japanese_dates_and_lists(world: World) -> None:
    """Mail the services queued for people who read Japanese (registration, consultation,
    survey, inquiry, exhibitor decisions), as the outbox rendered it."""
    mails = outbox_for(world.me.user.email) + outbox_for(world.owner.email)
    assert len(mails) >= 5, [m.subject for m in mails]
    for mail in mails:
        for part in (mail.subject, mail.message, visible_text(mail.html_message or "")):
            assert problems(part) == [], mail.subject


def test_japanese_mails_rendered_in_japanese(world: World) -> None:
    """Mails with a date, a list or a label, rendered by the outbox in Japanese."""
    event, slot = world.networking, ConsultationSlot.objects.filter(booked_by=world.me).get()
    application = world.application
    outcome = application.outcomes.get()
    subsidy = SubsidyApplicationFactory(host=world.host_member.host_membership.host)
    inquiry = Inquiry.objects.get()
    exhibitor = world.fair.exhibitors.get()
    contexts = {
        "registration_confirmed": (
            "registration_confirmed",
            {"event": world.fair, "registration": world.registration},
        ),
        "consultation_booked": ("consultation_booked", {"event": event, "slot": slot}),
        "consultation_cancelled": ("consultation_cancelled", {"event": event, "slot": slot}),
        "internship_interview": (
            "internship_interview",
            {"application": application, "programme": application.programme},
        ),
        "internship_result": (
            "internship_result",
            {"outcome": outcome, "programme": application.programme, "reasons": []},
        ),
        "internship_offer_lapsed": (
            "internship_offer_lapsed",
            {"outcome": outcome, "position": outcome.position, "programme": application.programme},
        ),
        "survey_reminder": ("survey_reminder", {"survey": world.survey, "link": world.survey_link}),
        "inquiry_received": ("inquiry_received", {"inquiry": inquiry}),
        "inquiry_division": (
            "inquiry_division",
            {"inquiry": inquiry, "admin_url": "https://x.example/admin/"},
        ),
        "exhibitor_application_notice": (
            "exhibitor_application_notice",
            {
                "event": world.fair,
                "employer": exhibitor.employer,
                "exhibitor": exhibitor,
                "admin_url": "https://x.example/admin/",
            },
        ),
        "regional_application_approved": (
            "regional_application_approved",
            {"host": subsidy.host, "application": subsidy, "application_url": "https://x.example/"},
        ),
    }
    for name, (template, context) in contexts.items():
        subject, text, page = render_message(template=template, context=context, language="ja")
        for part in (subject, text, visible_text(page or "")):
            assert problems(part) == [], name
        assert JA_DATE.search(text), f"{name}: no date in Japanese style"
