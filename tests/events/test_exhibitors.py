"""Exhibitors: applying for a booth, approval under the booth limit, rejection, withdrawal, booth
labels, the mail to every member, the pages, the résumé book with live consent, CV access, the
staff CSV and admin, first-time exhibitors, and the last booth under concurrent approvals."""

from __future__ import annotations

import csv
import io
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import Employer
from events import selectors
from events.models import Event, Exhibitor, Registration
from events.services import EventError, registrations
from events.services import exhibitors as svc
from jetcareer.accounts.models import User
from participants import services as participants
from tests.accounts.factories import EmployerUserFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import EmployerFactory, MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_concurrency import run_at_once
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def fair() -> Event:
    return EventFactory(
        slug="osaka-fair",
        title_en="Career Fair Osaka",
        title_ja="キャリアフェア大阪",
        booth_capacity=2,
    )


@pytest.fixture
def employer_x(erika: User) -> Employer:
    """erika (Japanese) owns X; a colleague who reads English is a member."""
    employer = OwnerFactory(
        user=erika, employer__name_en="Shinshu Precision", employer__name_ja="信州精密"
    ).employer
    MembershipFactory(
        employer=employer,
        user=EmployerUserFactory(email="tom@employer-x.example", preferred_language="en"),
    )
    return employer


@pytest.fixture
def employer_y(yuto: User) -> Employer:
    return OwnerFactory(user=yuto, employer__name_en="Kiso Travel").employer


def apply(event: Event, employer: Employer, **kwargs: object) -> Exhibitor:
    """An application by the organisation's owner (a booth unless told otherwise)."""
    defaults = {"wants_booth": True, "online_presentation": False, "note": ""}
    owner = employer.memberships.get(role="owner").user
    return svc.apply_for_booth(event=event, employer=employer, by=owner, **{**defaults, **kwargs})


def new_employer() -> Employer:
    return OwnerFactory().employer


def consenting_registrant(event: Event, **profile: object) -> object:
    person = ProfileFactory(**profile)
    participants.replace_cv(profile=person, upload=pdf_upload("cv.pdf"))
    participants.set_consent(profile=person, share=True)
    registrations.register(event=event, profile=person)
    return person


# --- Applying --------------------------------------------------------------------------------


def test_a_verified_member_applies_with_a_note(fair: Event, employer_x: Employer, erika) -> None:
    exhibitor = apply(fair, employer_x, online_presentation=True, note="  Two recruiters.  ")
    assert exhibitor.status == Exhibitor.Status.APPLIED
    assert exhibitor.applied_by == erika
    assert exhibitor.note == "Two recruiters."
    assert exhibitor.wants_booth
    assert exhibitor.online_presentation


@pytest.mark.parametrize("trait", ["pending", "rejected"])
def test_only_a_verified_organisation_may_apply(fair: Event, trait: str) -> None:
    employer = OwnerFactory(employer=EmployerFactory(**{trait: True})).employer
    with pytest.raises(EventError, match="verified by CLAIR"):
        apply(fair, employer)
    assert not Exhibitor.objects.exists()


def test_someone_outside_the_organisation_cannot_apply_for_it(
    fair: Event, employer_x: Employer, yuto, employer_y: Employer
) -> None:
    with pytest.raises(EventError, match="Only members"):
        svc.apply_for_booth(
            event=fair,
            employer=employer_x,
            by=yuto,
            wants_booth=True,
            online_presentation=False,
            note="",
        )


def test_an_application_asks_for_a_booth_or_a_presentation(
    fair: Event, employer_x: Employer
) -> None:
    with pytest.raises(EventError, match="booth at the venue, an online presentation, or both"):
        apply(fair, employer_x, wants_booth=False, online_presentation=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": Event.Kind.WEBINAR}, "career fairs only"),
        ({"is_published": False}, "not open for exhibitors"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "already started"),
    ],
)
def test_only_a_published_scheduled_future_career_fair_takes_applications(
    employer_x: Employer, changes: dict, message: str
) -> None:
    start = changes.get("starts_at", timezone.now() + timedelta(days=30))
    event = EventFactory(**{**changes, "starts_at": start, "ends_at": start + timedelta(hours=4)})
    with pytest.raises(EventError, match=message):
        apply(event, employer_x)


def test_an_online_fair_has_no_booths(employer_x: Employer) -> None:
    online = EventFactory(format=Event.Format.ONLINE)
    with pytest.raises(EventError, match="online only"):
        apply(online, employer_x)
    assert apply(online, employer_x, wants_booth=False, online_presentation=True).pk


def test_one_live_application_per_organisation_and_fair(fair: Event, employer_x: Employer) -> None:
    first = apply(fair, employer_x)
    with pytest.raises(EventError, match="already applied"):
        apply(fair, employer_x)
    svc.withdraw_exhibitor(exhibitor=first)
    again = apply(fair, employer_x)
    assert again.pk != first.pk
    assert Exhibitor.objects.filter(event=fair, employer=employer_x).count() == 2


def test_a_declined_organisation_is_told_so_when_applying_again(
    fair: Event, employer_x: Employer
) -> None:
    svc.reject_exhibitor(exhibitor=apply(fair, employer_x), reason_en="Full of IT firms.")
    with pytest.raises(EventError, match="declined"):
        apply(fair, employer_x)


def test_the_database_refuses_a_second_live_application(
    fair: Event, employer_x: Employer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two colleagues at the same moment: both pass the check, the constraint stops one."""
    apply(fair, employer_x)
    monkeypatch.setattr(svc, "live_application", lambda **kwargs: None)
    with pytest.raises(EventError, match="already applied"):
        apply(fair, employer_x)
    assert Exhibitor.objects.filter(event=fair).count() == 1


# --- Approving -------------------------------------------------------------------------------


def test_approval_mails_every_member_in_their_own_language(
    fair: Event, employer_x: Employer
) -> None:
    exhibitor = svc.approve_exhibitor(exhibitor=apply(fair, employer_x), booth_label="B-7")
    assert exhibitor.status == Exhibitor.Status.APPROVED
    assert exhibitor.booth_label == "B-7"
    assert exhibitor.decided_at is not None
    # The second mail each: the first confirmed the application (test_exhibitor_decisions.py).
    [_, ja] = outbox_for("erika@employer-x.example")
    [_, en] = outbox_for("tom@employer-x.example")
    assert "キャリアフェア大阪" in ja.subject
    assert "信州精密" in ja.subject
    assert 'lang="ja"' in ja.html_message
    assert "Career Fair Osaka" in en.subject
    assert en.subject == "Shinshu Precision exhibits at Career Fair Osaka"
    assert "B-7" in en.message
    assert "/events/osaka-fair/resume-book/" in en.message
    assert 'lang="en"' in en.html_message


def test_the_last_booth_cannot_be_given_twice(fair: Event, employer_x: Employer) -> None:
    first, second = (apply(fair, new_employer()) for _ in range(2))
    svc.approve_exhibitor(exhibitor=first)
    svc.approve_exhibitor(exhibitor=second)
    third = apply(fair, employer_x)
    with pytest.raises(EventError, match="No booth left"):
        svc.approve_exhibitor(exhibitor=third)
    third.refresh_from_db()
    assert third.status == Exhibitor.Status.APPLIED
    # Only the confirmation of the application: no approval was mailed.
    assert len(outbox_for("erika@employer-x.example")) == 1
    # An online presentation takes no booth.
    online = apply(fair, new_employer(), wants_booth=False, online_presentation=True)
    assert svc.approve_exhibitor(exhibitor=online).status == Exhibitor.Status.APPROVED


def test_without_a_booth_capacity_booths_are_not_limited(employer_x: Employer) -> None:
    event = EventFactory(booth_capacity=None)
    for _ in range(3):
        svc.approve_exhibitor(exhibitor=apply(event, new_employer()))
    assert svc.booths_taken(event) == 3


def test_a_booth_label_is_unique_per_fair(fair: Event, employer_x: Employer) -> None:
    svc.approve_exhibitor(exhibitor=apply(fair, new_employer()), booth_label="A1")
    mine = apply(fair, employer_x)
    with pytest.raises(EventError, match="Booth a1 is already given"):
        svc.approve_exhibitor(exhibitor=mine, booth_label="a1")
    mine.refresh_from_db()
    assert mine.status == Exhibitor.Status.APPLIED
    other_fair = EventFactory()
    assert svc.approve_exhibitor(exhibitor=apply(other_fair, employer_x), booth_label="A1")


def test_an_online_only_exhibitor_has_no_booth_label(fair: Event, employer_x: Employer) -> None:
    online = apply(fair, employer_x, wants_booth=False, online_presentation=True)
    with pytest.raises(EventError, match="no booth to label"):
        svc.approve_exhibitor(exhibitor=online, booth_label="C3")


@pytest.mark.parametrize(
    ("status", "message"),
    [("approved", "already approved"), ("withdrawn", "has withdrawn")],
)
def test_approve_refuses_what_cannot_be_approved(
    fair: Event, employer_x: Employer, status: str, message: str
) -> None:
    exhibitor = apply(fair, employer_x)
    Exhibitor.objects.filter(pk=exhibitor.pk).update(status=status)
    with pytest.raises(EventError, match=message):
        svc.approve_exhibitor(exhibitor=exhibitor)


def test_a_past_fair_approves_nobody(employer_x: Employer) -> None:
    event = EventFactory()
    exhibitor = apply(event, employer_x)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(EventError, match="cancelled or over"):
        svc.approve_exhibitor(exhibitor=exhibitor)


# --- Rejecting, withdrawing, labelling -------------------------------------------------------


def test_rejection_needs_a_reason_and_mails_it(fair: Event, employer_x: Employer) -> None:
    exhibitor = apply(fair, employer_x)
    with pytest.raises(EventError, match="Give a reason"):
        svc.reject_exhibitor(exhibitor=exhibitor, reason_en="   ")
    svc.reject_exhibitor(exhibitor=exhibitor, reason_en="We have too many IT firms this year.")
    exhibitor.refresh_from_db()
    assert exhibitor.status == Exhibitor.Status.REJECTED
    assert exhibitor.decided_at is not None
    [_, ja] = outbox_for("erika@employer-x.example")  # after the application's confirmation
    [_, en] = outbox_for("tom@employer-x.example")
    assert "キャリアフェア大阪" in ja.subject
    assert "We have too many IT firms this year." in en.message
    assert "We have too many IT firms this year." in ja.html_message
    with pytest.raises(EventError, match="already rejected"):
        svc.reject_exhibitor(exhibitor=exhibitor, reason_en="Again.")


def test_rejecting_an_approved_exhibitor_frees_its_booth(fair: Event) -> None:
    holders = [apply(fair, new_employer()) for _ in range(2)]
    for holder in holders:
        svc.approve_exhibitor(exhibitor=holder, booth_label=f"A{holder.pk}")
    svc.reject_exhibitor(exhibitor=holders[0], reason_en="Did not pay the fee.")
    holders[0].refresh_from_db()
    assert holders[0].booth_label == ""
    assert svc.booths_taken(fair) == 1
    assert svc.approve_exhibitor(exhibitor=apply(fair, new_employer())).status == "approved"


def test_withdrawing_frees_the_booth_and_its_label(fair: Event, employer_x: Employer) -> None:
    mine = svc.approve_exhibitor(exhibitor=apply(fair, employer_x), booth_label="A1")
    svc.approve_exhibitor(exhibitor=apply(fair, new_employer()))
    waiting = apply(fair, new_employer())
    with pytest.raises(EventError, match="No booth left"):
        svc.approve_exhibitor(exhibitor=waiting)
    svc.withdraw_exhibitor(exhibitor=mine)
    mine.refresh_from_db()
    assert (mine.status, mine.booth_label) == (Exhibitor.Status.WITHDRAWN, "")
    assert svc.approve_exhibitor(exhibitor=waiting, booth_label="A1").booth_label == "A1"
    # Withdrawing twice changes nothing.
    assert svc.withdraw_exhibitor(exhibitor=mine).status == Exhibitor.Status.WITHDRAWN


def test_a_declined_application_cannot_be_withdrawn(fair: Event, employer_x: Employer) -> None:
    exhibitor = svc.reject_exhibitor(exhibitor=apply(fair, employer_x), reason_en="No.")
    with pytest.raises(EventError, match="nothing to withdraw"):
        svc.withdraw_exhibitor(exhibitor=exhibitor)


def test_staff_assign_and_clear_booth_labels(fair: Event, employer_x: Employer) -> None:
    other = svc.approve_exhibitor(exhibitor=apply(fair, new_employer()), booth_label="A1")
    mine = svc.approve_exhibitor(exhibitor=apply(fair, employer_x))
    assert svc.assign_booth_label(exhibitor=mine, label="  A2 ").booth_label == "A2"
    with pytest.raises(EventError, match="already given to"):
        svc.assign_booth_label(exhibitor=mine, label="A1")
    with pytest.raises(EventError, match="at most 20 characters"):
        svc.assign_booth_label(exhibitor=mine, label="X" * 21)
    assert svc.assign_booth_label(exhibitor=other, label="").booth_label == ""
    assert svc.assign_booth_label(exhibitor=mine, label="A1").booth_label == "A1"


# --- First-time exhibitors (derived from history) --------------------------------------------


def test_first_time_is_derived_from_approvals_at_earlier_fairs() -> None:
    veteran, hopeful, newcomer, later = (new_employer() for _ in range(4))
    earlier = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    applied_before = EventFactory(starts_at=timezone.now() + timedelta(days=6))
    fair = EventFactory(starts_at=timezone.now() + timedelta(days=30), booth_capacity=None)
    after = EventFactory(starts_at=timezone.now() + timedelta(days=60))
    svc.approve_exhibitor(exhibitor=apply(earlier, veteran))
    # Only applied, rejected or withdrawn before: still first-time.
    apply(earlier, hopeful)
    svc.reject_exhibitor(exhibitor=apply(applied_before, hopeful), reason_en="Full.")
    svc.withdraw_exhibitor(exhibitor=svc.approve_exhibitor(exhibitor=apply(earlier, newcomer)))
    # An approval at a later fair does not make today's fair a return.
    svc.approve_exhibitor(exhibitor=apply(after, later))
    for employer in (veteran, hopeful, newcomer, later):
        svc.approve_exhibitor(exhibitor=apply(fair, employer))

    returning = {e.employer_id: e.is_returning for e in selectors.approved_exhibitors(fair)}
    assert returning == {veteran.pk: True, hopeful.pk: False, newcomer.pk: False, later.pk: False}


def test_the_fair_page_marks_first_time_and_online_exhibitors(client: Client) -> None:
    veteran = OwnerFactory(employer__name_en="Veteran Co").employer
    newcomer = OwnerFactory(employer__name_en="Newcomer Co").employer
    earlier = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    fair = EventFactory(starts_at=timezone.now() + timedelta(days=30))
    svc.approve_exhibitor(exhibitor=apply(earlier, veteran))
    svc.approve_exhibitor(exhibitor=apply(fair, veteran))
    svc.approve_exhibitor(exhibitor=apply(fair, newcomer, online_presentation=True))
    html = client.get(fair.get_absolute_url()).content.decode()
    newcomer_item = html.split("Newcomer Co")[1].split("</li>")[0]
    veteran_item = html.split("Veteran Co")[1].split("</li>")[0]
    assert "First time" in newcomer_item
    assert "Online presentation" in newcomer_item
    assert "First time" not in veteran_item


# --- Employer pages --------------------------------------------------------------------------


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_fairs_page_lists_upcoming_fairs_with_apply_links(
    fair: Event, employer_x: Employer, erika
) -> None:
    EventFactory(title_en="A webinar", kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    EventFactory(title_en="Draft fair", is_published=False)
    html = logged_in(erika).get(reverse("events:exhibitor_fairs")).content.decode()
    assert "Career Fair Osaka" in html or "キャリアフェア大阪" in html
    assert reverse("events:exhibit", kwargs={"slug": fair.slug}) in html
    assert "A webinar" not in html
    assert "Draft fair" not in html


def test_the_fairs_page_query_count_does_not_grow_with_fairs(
    employer_x: Employer, erika, django_assert_max_num_queries
) -> None:
    for n in range(15):
        fair = EventFactory()
        if n % 2:
            apply(fair, employer_x)
        svc.approve_exhibitor(exhibitor=apply(fair, new_employer()))
    client = logged_in(erika)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:exhibitor_fairs"))
    assert response.content.decode().count("View application") == 7


def test_a_member_applies_through_the_page(fair: Event, employer_x: Employer, erika) -> None:
    client = logged_in(erika)
    url = reverse("events:exhibit", kwargs={"slug": fair.slug})
    assert 'name="note"' in client.get(url).content.decode()
    response = client.post(url, {"wants_booth": "on", "note": "Two recruiters will attend."})
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get()
    assert (exhibitor.employer, exhibitor.note) == (employer_x, "Two recruiters will attend.")
    page = client.get(url).content.decode()
    assert 'id="application"' in page
    assert 'name="note"' not in page


def test_bad_input_on_the_page_explains_and_changes_nothing(
    fair: Event, employer_x: Employer, erika
) -> None:
    url = reverse("events:exhibit", kwargs={"slug": fair.slug})
    client = logged_in(erika)
    client.cookies.load({"django_language": "en"})
    response = client.post(url, {"note": "Neither booth nor online"})
    assert response.status_code == 200
    assert "an online presentation, or both" in response.content.decode()
    response = client.post(url, {"wants_booth": "on", "note": "x" * (svc.NOTE_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert not Exhibitor.objects.exists()


def test_an_unverified_member_is_told_why_with_a_403(fair: Event) -> None:
    member = OwnerFactory(employer=EmployerFactory(pending=True)).user
    client = logged_in(member)
    client.cookies.load({"django_language": "en"})
    url = reverse("events:exhibit", kwargs={"slug": fair.slug})
    response = client.get(url)
    assert response.status_code == 403
    assert "CLAIR is still verifying" in response.content.decode()
    response = client.post(url, {"wants_booth": "on"})
    assert response.status_code == 403
    assert not Exhibitor.objects.exists()


def test_a_participant_cannot_apply(fair: Event, alice) -> None:
    response = logged_in(alice).post(
        reverse("events:exhibit", kwargs={"slug": fair.slug}), {"wants_booth": "on"}
    )
    assert response.status_code == 403
    assert not Exhibitor.objects.exists()


def test_a_member_withdraws_through_the_page(fair: Event, employer_x: Employer, erika) -> None:
    svc.approve_exhibitor(exhibitor=apply(fair, employer_x), booth_label="A1")
    response = logged_in(erika).post(
        reverse("events:withdraw_exhibitor", kwargs={"slug": fair.slug})
    )
    assert response.status_code == 302
    assert Exhibitor.objects.get().status == Exhibitor.Status.WITHDRAWN


def test_the_dashboard_shows_applications_with_their_status(
    fair: Event, employer_x: Employer, erika
) -> None:
    svc.approve_exhibitor(exhibitor=apply(fair, employer_x))
    other = EventFactory(title_en="Tokyo Fair", title_ja="東京フェア")
    apply(other, employer_x)
    client = logged_in(erika)
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("employers:dashboard")).content.decode()
    section = html.split('id="exhibitions"')[1].split("</section>")[0]
    assert "Career Fair Osaka" in section
    assert "Approved" in section
    assert "Tokyo Fair" in section
    assert "Applied" in section
    assert reverse("events:resume_book", kwargs={"slug": fair.slug}) in section
    assert reverse("events:exhibitor_fairs") in section


def test_the_public_page_lists_approved_fairs_only(
    client: Client, fair: Event, employer_x: Employer
) -> None:
    svc.approve_exhibitor(exhibitor=apply(fair, employer_x), booth_label="A1")
    apply(EventFactory(title_en="Pending Fair"), employer_x)
    hidden = EventFactory(title_en="Hidden Fair")
    svc.approve_exhibitor(exhibitor=apply(hidden, employer_x))
    Event.objects.filter(pk=hidden.pk).update(is_published=False)
    html = client.get(employer_x.get_absolute_url()).content.decode()
    assert "Career Fair Osaka" in html
    assert "booth A1" in html
    assert "Pending Fair" not in html
    assert "Hidden Fair" not in html


def test_the_public_page_query_count_does_not_grow_with_fairs(
    client: Client, employer_x: Employer, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        svc.approve_exhibitor(exhibitor=apply(EventFactory(), employer_x))
    with django_assert_max_num_queries(4):
        client.get(employer_x.get_absolute_url())


# --- The résumé book -------------------------------------------------------------------------


@pytest.fixture
def approved_x(fair: Event, employer_x: Employer) -> Exhibitor:
    return svc.approve_exhibitor(exhibitor=apply(fair, employer_x))


def book_url(event: Event) -> str:
    return reverse("events:resume_book", kwargs={"slug": event.slug})


def test_the_resume_book_shows_consenting_confirmed_registrants_only(
    fair: Event, approved_x: Exhibitor, erika
) -> None:
    consenting_registrant(fair, full_name="Emily Carter", introduction="I love Osaka.")
    shy = ProfileFactory(full_name="Shy Person")
    registrations.register(event=fair, profile=shy)
    waiting = ProfileFactory(full_name="Waiting Person", shares_with_employers=True)
    RegistrationFactory(event=fair, participant=waiting, status=Registration.Status.WAITLISTED)
    gone = ProfileFactory(full_name="Cancelled Person", shares_with_employers=True)
    RegistrationFactory(event=fair, participant=gone, status=Registration.Status.CANCELLED)
    elsewhere = ProfileFactory(full_name="Elsewhere Person", shares_with_employers=True)
    RegistrationFactory(participant=elsewhere)

    html = logged_in(erika).get(book_url(fair)).content.decode()
    assert "Emily Carter" in html
    assert "I love Osaka." in html
    for hidden in ("Shy Person", "Waiting Person", "Cancelled Person", "Elsewhere Person"):
        assert hidden not in html


def test_withdrawing_consent_removes_the_person_at_once(
    fair: Event, approved_x: Exhibitor, erika
) -> None:
    emily = consenting_registrant(fair, full_name="Emily Carter")
    client = logged_in(erika)
    cv_url = reverse("participants:cv_download", kwargs={"pk": emily.pk})
    assert "Emily Carter" in client.get(book_url(fair)).content.decode()
    assert client.get(cv_url).status_code == 200
    participants.set_consent(profile=emily, share=False)
    assert "Emily Carter" not in client.get(book_url(fair)).content.decode()
    assert client.get(cv_url).status_code == 404


def test_the_resume_book_filters_by_industry_and_jlpt(
    fair: Event, approved_x: Exhibitor, erika
) -> None:
    consenting_registrant(fair, full_name="Tourism Fan", industry_2="tourism", jlpt_level=5)
    consenting_registrant(fair, full_name="Teacher Only", industry_1="education", jlpt_level=2)
    client = logged_in(erika)
    html = client.get(book_url(fair), {"industry": "tourism"}).content.decode()
    assert "Tourism Fan" in html
    assert "Teacher Only" not in html
    html = client.get(book_url(fair), {"jlpt": "4"}).content.decode()
    assert "Tourism Fan" in html
    assert "Teacher Only" not in html
    html = client.get(book_url(fair), {"jlpt": "nonsense"}).content.decode()
    assert "Tourism Fan" in html
    assert "Teacher Only" in html


@pytest.mark.parametrize("status", ["applied", "rejected", "withdrawn"])
def test_an_organisation_not_approved_for_the_fair_gets_403(
    fair: Event, employer_x: Employer, erika, status: str
) -> None:
    exhibitor = apply(fair, employer_x)
    Exhibitor.objects.filter(pk=exhibitor.pk).update(status=status)
    emily = consenting_registrant(fair)
    client = logged_in(erika)
    assert client.get(book_url(fair)).status_code == 403
    cv_url = reverse("participants:cv_download", kwargs={"pk": emily.pk})
    assert client.get(cv_url).status_code == 404


def test_others_cannot_open_the_resume_book(
    client: Client, fair: Event, approved_x: Exhibitor, employer_y: Employer, yuto, alice, staff
) -> None:
    # Approved at another fair only: not enough for this one.
    svc.approve_exhibitor(exhibitor=apply(EventFactory(), employer_y))
    assert logged_in(yuto).get(book_url(fair)).status_code == 403
    assert logged_in(alice).get(book_url(fair)).status_code == 403
    response = client.get(book_url(fair))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert logged_in(staff).get(book_url(fair)).status_code == 200


def test_cv_access_follows_the_fair_and_the_organisation(
    fair: Event, approved_x: Exhibitor, employer_y: Employer, erika, yuto
) -> None:
    emily = consenting_registrant(fair)
    other_fair = EventFactory()
    svc.approve_exhibitor(exhibitor=apply(other_fair, employer_y))
    dan = consenting_registrant(other_fair)
    url = lambda p: reverse("participants:cv_download", kwargs={"pk": p.pk})  # noqa: E731
    assert logged_in(erika).get(url(emily)).status_code == 200
    assert logged_in(erika).get(url(dan)).status_code == 404
    assert logged_in(yuto).get(url(emily)).status_code == 404
    assert logged_in(yuto).get(url(dan)).status_code == 200


def test_a_member_of_an_organisation_that_lost_verification_loses_access(
    fair: Event, approved_x: Exhibitor, employer_x: Employer, erika
) -> None:
    emily = consenting_registrant(fair)
    Employer.objects.filter(pk=employer_x.pk).update(status=Employer.Status.PENDING)
    assert logged_in(erika).get(book_url(fair)).status_code == 403
    cv_url = reverse("participants:cv_download", kwargs={"pk": emily.pk})
    assert logged_in(erika).get(cv_url).status_code == 404


def test_resume_book_query_count_does_not_grow_with_registrants(
    fair: Event, approved_x: Exhibitor, erika, django_assert_num_queries
) -> None:
    client = logged_in(erika)

    def add(n: int) -> None:
        for _ in range(n):
            person = ProfileFactory(shares_with_employers=True, industry_2="it", industry_3="hr")
            RegistrationFactory(event=fair, participant=person)

    add(2)
    client.get(book_url(fair))  # the first request may fill caches
    with CaptureQueriesContext(connection) as few:
        client.get(book_url(fair))
    add(60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(book_url(fair))
    html = response.content.decode()
    assert "62 participants" in html
    assert html.count("card-title") == 30  # a page at a time: a national fair has thousands
    second = client.get(book_url(fair), {"page": 3}).content.decode()
    assert second.count("card-title") == 2
    assert "Page 3 of 3" in second


def test_resume_book_page_is_ten_queries_with_80_registrants(
    fair: Event, approved_x: Exhibitor, erika, django_assert_num_queries
) -> None:
    """Session, user, fair, membership, employer, the approval check, the count, a page, and
    for the booth interviews (issue #17) the booth with its upcoming times and the page's
    invitations and bookings."""
    for _ in range(80):
        RegistrationFactory(event=fair, participant=ProfileFactory(shares_with_employers=True))
    client = logged_in(erika)
    with django_assert_num_queries(10):
        client.get(book_url(fair))


def test_staff_export_the_resume_book_as_csv(
    fair: Event, approved_x: Exhibitor, staff, erika
) -> None:
    consenting_registrant(fair, full_name="Emily Carter", introduction="=HYPERLINK(1)")
    registrations.register(event=fair, profile=ProfileFactory(full_name="Shy Person"))
    url = reverse("events:resume_book_csv", kwargs={"slug": fair.slug})
    assert logged_in(erika).get(url).status_code == 403
    response = logged_in(staff).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["name"] for row in rows] == ["Emily Carter"]
    assert rows[0]["has_cv"] == "yes"
    assert rows[0]["introduction"] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet


# --- Admin -----------------------------------------------------------------------------------


def changelist() -> str:
    return reverse("admin:events_exhibitor_changelist")


def test_admin_lists_and_searches_exhibitors(fair: Event, employer_x: Employer, staff) -> None:
    apply(fair, employer_x)
    apply(fair, new_employer())
    client = logged_in(staff)
    response = client.get(changelist(), {"q": "Shinshu"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_admin_approve_action_reports_refusals_without_crashing(fair: Event, staff) -> None:
    applications = [apply(fair, new_employer()) for _ in range(3)]
    client = logged_in(staff)
    response = client.post(
        changelist(),
        {"action": "approve_selected", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert response.status_code == 200
    texts = {(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)}
    assert any(level == "error" and "No booth left" in text for level, text in texts)
    assert any(level == "success" and "2 exhibitors approved" in text for level, text in texts)
    statuses = [Exhibitor.objects.get(pk=a.pk).status for a in applications]
    assert statuses == ["approved", "approved", "applied"]  # first come, first served


def test_admin_reject_action_asks_for_a_reason(fair: Event, employer_x: Employer, staff) -> None:
    exhibitor = apply(fair, employer_x)
    client = logged_in(staff)
    data = {"action": "reject_selected", "_selected_action": [exhibitor.pk]}
    response = client.post(changelist(), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Reject and send the reason"' in page
    assert "These applications will be rejected." in page
    assert f"{employer_x.name_en} / {employer_x.name_ja} @ {fair.title_en} (Applied)" in page
    exhibitor.refresh_from_db()
    assert exhibitor.status == Exhibitor.Status.APPLIED
    response = client.post(changelist(), {**data, "apply": "1", "reason_en": ""})
    assert response.status_code == 200  # the form again, with its error
    response = client.post(
        changelist(), {**hidden_fields(page), "reason_en": "Please apply next year."}, follow=True
    )
    assert response.status_code == 200
    assert "1 application rejected" in response.content.decode()
    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.status_reason_en) == ("rejected", "Please apply next year.")
    assert len(outbox_for("tom@employer-x.example")) == 2  # the application's, the rejection


def test_admin_edits_booth_labels_through_the_service(
    fair: Event, employer_x: Employer, staff
) -> None:
    taken = svc.approve_exhibitor(exhibitor=apply(fair, new_employer()), booth_label="A1")
    mine = svc.approve_exhibitor(exhibitor=apply(fair, employer_x))
    client = logged_in(staff)
    url = reverse("admin:events_exhibitor_change", args=[mine.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:events_exhibitor_history", args=[mine.pk])).status_code == 200
    response = client.post(url, {"booth_label": "A1"})
    assert response.status_code == 200
    assert "already given to" in response.content.decode()
    response = client.post(url, {"booth_label": "B2"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.booth_label == "B2"

    # The list's editable column uses the same check.
    form = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(mine.pk),
        "form-0-booth_label": "C3",
        "form-1-id": str(taken.pk),
        "form-1-booth_label": "A1",
        "_save": "Save",
    }
    response = client.post(changelist() + "?o=1", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.booth_label == "C3"
    assert mine.history.first().booth_label == "C3"


# --- The last booth under concurrent approvals (PostgreSQL) ----------------------------------


@pytest.fixture
def slow_booth_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between counting the booths and taking one, as a race needs."""
    real = svc.booths_taken

    def slow(event: Event) -> int:
        taken = real(event)
        time.sleep(0.02)
        return taken

    monkeypatch.setattr(svc, "booths_taken", slow)


def race_for_the_last_booth() -> list[object]:
    fair = EventFactory(booth_capacity=3)
    for _ in range(2):
        svc.approve_exhibitor(exhibitor=apply(fair, new_employer()))
    contenders = [apply(fair, new_employer()) for _ in range(12)]
    return run_at_once([lambda e=e: svc.approve_exhibitor(exhibitor=e) for e in contenders])


def postgres_only() -> None:
    """As in test_concurrency.py: skipped on SQLite, required under CI=true."""
    if connection.vendor != "postgresql":
        if django_settings.IN_CI:
            pytest.fail("concurrency tests need PostgreSQL under CI=true")
        pytest.skip("row locks are only meaningful on PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_give_the_last_booth_exactly_once(slow_booth_count: None) -> None:
    postgres_only()
    results = race_for_the_last_booth()
    approved = [r for r in results if isinstance(r, Exhibitor)]
    refused = [r for r in results if isinstance(r, EventError)]
    assert len(approved) == 1
    assert len(refused) == 11
    assert all("No booth left" in str(r) for r in refused)
    assert Exhibitor.objects.filter(status="approved", wants_booth=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_gives_the_last_booth_twice(
    slow_booth_count: None, settings
) -> None:
    postgres_only()
    settings.EVENTS_ROW_LOCK = False
    results = race_for_the_last_booth()
    approved = [r for r in results if isinstance(r, Exhibitor)]
    assert len(approved) > 1, results
