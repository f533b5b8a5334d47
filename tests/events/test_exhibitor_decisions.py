"""Booth applications (issue #15): applying sends a confirmation to the organisation's members
and a notice to CLAIR; staff approve or reject (with a reason that is mailed) from the
application's own page; booths are counted as booths."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from employers.models import Employer
from events.models import Event, Exhibitor
from events.services import EventError
from events.services import exhibitors as svc
from jetcareer.accounts.models import User
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import EmployerUserFactory, StaffFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

CLAIR = "coordination@clair.test"


@pytest.fixture(autouse=True)
def clair_address(settings) -> None:
    settings.CLAIR_DIVISION_EMAILS = {**settings.CLAIR_DIVISION_EMAILS, "coordination": CLAIR}


@pytest.fixture
def fair() -> Event:
    return EventFactory(
        slug="osaka-fair",
        title_en="Career Fair Osaka",
        title_ja="キャリアフェア大阪",
        booth_capacity=3,
    )


@pytest.fixture
def employer(erika: User) -> Employer:
    """Erika (Japanese) owns it; Tom reads English."""
    employer = OwnerFactory(
        user=erika, employer__name_en="Shinshu Precision", employer__name_ja="信州精密"
    ).employer
    MembershipFactory(
        employer=employer,
        user=EmployerUserFactory(email="tom@employer-x.example", preferred_language="en"),
    )
    return employer


def apply(fair: Event, employer: Employer, erika: User, **kwargs) -> Exhibitor:
    return svc.apply_for_booth(
        event=fair,
        employer=employer,
        by=erika,
        wants_booth=True,
        online_presentation=kwargs.get("online", False),
        note=kwargs.get("note", ""),
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(pk: int, name: str) -> str:
    return reverse("admin:events_exhibitor_act", args=[pk, name])


# --- Applying: a confirmation to the members, a notice to CLAIR -----------------------------


def test_applying_confirms_to_every_member_in_their_language_and_tells_clair_in_japanese(
    fair: Event, employer: Employer, erika: User
) -> None:
    exhibitor = apply(fair, employer, erika, online=True, note="Two recruiters will attend.")

    [japanese] = outbox_for("erika@employer-x.example")
    [english] = outbox_for("tom@employer-x.example")
    assert japanese.subject != english.subject
    assert "Career Fair Osaka" in english.subject
    assert "Shinshu Precision" in english.message
    assert "A booth at the venue" in english.message
    assert "An online presentation" in english.message
    assert "Two recruiters will attend." in english.message
    assert "キャリアフェア大阪" in japanese.subject
    assert "信州精密" in japanese.message

    [notice] = outbox_for(CLAIR)
    assert "信州精密" in notice.subject
    assert "キャリアフェア大阪" in notice.subject
    assert "Career Fair Osaka" not in notice.message  # Japanese throughout
    assert "erika@employer-x.example" in notice.message
    assert "Two recruiters will attend." in notice.message
    assert reverse("admin:events_exhibitor_change", args=[exhibitor.pk]) in notice.message


def test_a_refused_application_mails_nobody(fair: Event, employer: Employer, erika: User) -> None:
    apply(fair, employer, erika)
    with pytest.raises(EventError, match="already applied"):
        apply(fair, employer, erika)
    assert len(outbox_for("tom@employer-x.example")) == 1
    assert len(outbox_for(CLAIR)) == 1


# --- Decisions on the application's own page ----------------------------------------------


def test_staff_approve_a_booth_from_its_page(
    fair: Event, employer: Employer, erika: User, staff: User
) -> None:
    exhibitor = apply(fair, employer, erika)
    client = logged_in(staff)
    change = reverse("admin:events_exhibitor_change", args=[exhibitor.pk])
    page = client.get(change).content.decode()
    assert act(exhibitor.pk, "approve_selected") in page
    assert act(exhibitor.pk, "reject_selected") in page

    response = client.post(act(exhibitor.pk, "approve_selected"), follow=True)
    assert response.redirect_chain[-1][0] == change
    assert "1 exhibitor approved" in response.content.decode()
    exhibitor.refresh_from_db()
    assert exhibitor.status == Exhibitor.Status.APPROVED
    assert any("exhibits at" in m.subject for m in outbox_for("tom@employer-x.example"))

    # Approved: only taking it back (with a reason) is offered.
    page = client.get(change).content.decode()
    assert act(exhibitor.pk, "approve_selected") not in page
    assert act(exhibitor.pk, "reject_selected") in page


def test_staff_reject_from_its_page_with_a_reason_every_member_reads(
    fair: Event, employer: Employer, erika: User, staff: User
) -> None:
    exhibitor = apply(fair, employer, erika)
    client = logged_in(staff)
    change = reverse("admin:events_exhibitor_change", args=[exhibitor.pk])

    asked = client.post(act(exhibitor.pk, "reject_selected"))
    html = asked.content.decode()
    assert "These applications will be rejected." in html
    assert 'name="reason_ja"' in html
    assert 'name="reason_en"' in html
    assert f'href="{change}"' in html  # "Cancel" returns to the application
    without = client.post(act(exhibitor.pk, "reject_selected"), {**hidden_fields(html)})
    assert "Please write the reason in Japanese, in English or in both." in (
        without.content.decode()
    )
    assert Exhibitor.objects.get(pk=exhibitor.pk).status == Exhibitor.Status.APPLIED

    reason = "All booths for this fair go to organisations in the Kansai region."
    response = client.post(
        act(exhibitor.pk, "reject_selected"), {**hidden_fields(html), "reason_en": reason}
    )
    assert response["Location"] == change
    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.status_reason_en) == ("rejected", reason)
    rejected = [m for m in outbox_for("tom@employer-x.example") if "application" in m.subject]
    assert len(rejected) == 1
    assert reason in rejected[0].message
    assert reason in rejected[0].html_message
    assert any(reason in m.message for m in outbox_for("erika@employer-x.example"))


def test_status_and_decision_are_read_only_on_the_change_form(
    fair: Event, employer: Employer, erika: User, staff: User
) -> None:
    exhibitor = apply(fair, employer, erika)
    client = logged_in(staff)
    change = reverse("admin:events_exhibitor_change", args=[exhibitor.pk])
    html = client.get(change).content.decode()
    for field in ("status", "status_reason_en", "status_reason_ja", "decided_at", "wants_booth"):
        assert f'name="{field}"' not in html
    client.post(change, {"booth_label": "", "status": "approved", "status_reason_en": "x",
                         "status_reason_ja": "x"})  # fmt: skip
    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.status_reason_en, exhibitor.status_reason_ja) == (
        "applied",
        "",
        "",
    )


def test_the_event_desk_cannot_decide_and_verification_can(
    fair: Event, employer: Employer, erika: User, staff_groups: None
) -> None:
    exhibitor = apply(fair, employer, erika)
    desk = StaffFactory(is_superuser=False, groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)])
    assert logged_in(desk).post(act(exhibitor.pk, "approve_selected")).status_code == 403
    assert Exhibitor.objects.get(pk=exhibitor.pk).status == Exhibitor.Status.APPLIED

    verifier = StaffFactory(
        is_superuser=False, groups=[Group.objects.get(name=StaffGroup.EMPLOYER_VERIFICATION)]
    )
    logged_in(verifier).post(act(exhibitor.pk, "approve_selected"))
    assert Exhibitor.objects.get(pk=exhibitor.pk).status == Exhibitor.Status.APPROVED


# --- Booths counted as booths ---------------------------------------------------------------


def test_the_application_page_counts_booths_not_seats(
    fair: Event, employer: Employer, erika: User
) -> None:
    client = logged_in(erika)
    url = reverse("events:exhibit", args=[fair.slug])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 of 3 booths left" in english
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "残り3ブース" in japanese
    assert "席" not in japanese
    assert "適用" not in japanese
    assert "申し込む" in japanese
