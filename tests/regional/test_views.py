"""Regional pages: the host's own pages, the invitation link, the Furusato pages, and the
staff's admin pages and actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from regional.models import FurusatoProposal, HostMembership, SubsidyApplication
from regional.services import members, subsidies
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.conftest import hidden_fields, outbox_for
from tests.events.factories import EventFactory, HostFactory
from tests.participants.factories import ProfileFactory
from tests.regional.factories import (
    PROPOSAL,
    AlumnusFactory,
    FurusatoCallFactory,
    HostMemberFactory,
    PrefectureHostFactory,
    ProposalFactory,
    ResultReportFactory,
    SubsidyApplicationFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nagano():
    return PrefectureHostFactory()


@pytest.fixture
def iwate():
    return PrefectureHostFactory(
        slug="iwate-pref", prefecture="03", name_en="Iwate Prefecture", name_ja="岩手県"
    )


@pytest.fixture
def member(nagano):
    return HostMemberFactory(host=nagano, user=UserFactory(email="kobayashi@pref.nagano.example"))


@pytest.fixture
def client_(member) -> Client:
    return logged_in(member.user)


FORM = {
    "kind": "career_fair",
    "title_en": "Nagano Career Fair",
    "title_ja": "長野県合同企業説明会",
    "starts_on": str(in_days(60)),
    "ends_on": str(in_days(60)),
    "venue": "Shinshu Science & Technology Center",
    "city": "Ueda",
    "expected_participants": "100",
    "expected_companies": "30",
    "budget_yen": "2000000",
    "requested_subsidy_yen": "1000000",
    "contact_name": "Kobayashi Emi",
    "contact_phone": "026-235-7000",
    "contact_email": "kokusai@pref.nagano.example",
    "notes": "",
}


# --- The host's own pages -------------------------------------------------------------------


def test_dashboard_lists_only_the_hosts_own_applications(
    client_, nagano, iwate, django_assert_max_num_queries
) -> None:
    for i in range(3):
        SubsidyApplicationFactory(host=nagano, title_en=f"Ours {i}")
    ResultReportFactory(application__host=nagano, application__title_en="Reported")
    SubsidyApplicationFactory(host=iwate, title_en="Theirs")
    EventFactory(organizer=nagano, title_en="Our fair", is_published=False)

    with django_assert_max_num_queries(8):  # session, user, membership, lists: not per row
        response = client_.get(reverse("regional:host"))

    html = response.content.decode()
    assert "Ours 0" in html
    assert "Ours 2" in html
    assert "Reported" in html
    assert "Theirs" not in html
    assert "Our fair" in html
    assert "Complete and publish" in html


def test_apply_creates_the_application(client_, member) -> None:
    response = client_.post(reverse("regional:application_new"), FORM)

    application = SubsidyApplication.objects.get()
    assert response.url == application.get_absolute_url()
    assert (application.host, application.submitted_by) == (member.host, member.user)


def test_apply_with_subsidy_over_budget_shows_the_error_and_saves_nothing(client_) -> None:
    response = client_.post(
        reverse("regional:application_new"), {**FORM, "requested_subsidy_yen": "3000000"}
    )

    assert response.status_code == 200
    assert "cannot be more than the total budget" in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_apply_with_end_before_start_is_refused(client_) -> None:
    response = client_.post(
        # The day before FORM's first day, even if midnight passed since FORM was built.
        reverse("regional:application_new"),
        {**FORM, "ends_on": str(date.fromisoformat(FORM["starts_on"]) - timedelta(days=1))},
    )
    assert "The last day cannot be before the first day." in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_another_hosts_application_answers_404(client_, iwate) -> None:
    theirs = SubsidyApplicationFactory(host=iwate, status="approved")
    for name in ("regional:application", "regional:application_edit", "regional:report"):
        assert client_.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client_.post(reverse("regional:create_activity", args=[theirs.pk])).status_code == 404
    assert not Event.objects.exists()


def test_non_members_get_403(alice, erika, staff, nagano) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    for user in (alice, erika, staff):
        client = logged_in(user)
        assert client.get(reverse("regional:host")).status_code == 403
        assert client.get(application.get_absolute_url()).status_code == 403


def test_changes_requested_edit_resubmits(client_, nagano, staff) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    subsidies.request_changes(application=application, by=staff, message_en="Lower the subsidy.")
    edit = reverse("regional:application_edit", args=[application.pk])

    page = client_.get(edit).content.decode()
    assert "Lower the subsidy." in page
    assert "Resubmit to CLAIR" in page
    client_.post(edit, {**FORM, "requested_subsidy_yen": "500000"})

    application.refresh_from_db()
    assert (application.status, application.requested_subsidy_yen) == ("submitted", 500_000)


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("en", "Lower the subsidy.", "補助額を下げてください。"),
     ("ja", "補助額を下げてください。", "Lower the subsidy.")],
)  # fmt: skip
def test_clairs_message_reads_in_the_readers_language(
    client_, nagano, staff, language, shown, hidden
) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    subsidies.request_changes(
        application=application,
        by=staff,
        message_en="Lower the subsidy.",
        message_ja="補助額を下げてください。",
    )
    for url in (application.get_absolute_url(),
                reverse("regional:application_edit", args=[application.pk])):  # fmt: skip
        page = client_.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert shown in page
        assert hidden not in page


def test_create_the_event_from_an_approved_application_once(client_, nagano) -> None:
    application = SubsidyApplicationFactory(host=nagano, status="approved")
    url = reverse("regional:create_activity", args=[application.pk])

    assert "Create the event" in client_.get(application.get_absolute_url()).content.decode()
    first = client_.post(url)
    event = Event.objects.get()
    assert first.url == reverse("regional:event_edit", args=[event.slug])
    again = client_.post(url, follow=True)

    assert "already on the portal" in again.content.decode()
    assert Event.objects.count() == 1


def test_create_activity_is_post_only(client_, nagano) -> None:
    application = SubsidyApplicationFactory(host=nagano, status="approved")
    response = client_.get(reverse("regional:create_activity", args=[application.pk]))
    assert response.status_code == 405


def test_result_report_refuses_more_jet_than_participants(client_, nagano) -> None:
    application = SubsidyApplicationFactory(
        host=nagano, status="realised", starts_on=date(2018, 11, 3), ends_on=date(2018, 11, 3)
    )
    url = reverse("regional:report", args=[application.pk])
    data = {
        "held_on": "2018-11-03",
        "participants": "49",
        "jet_participants": "50",
        "companies": "17",
        "comments": "",
    }

    refused = client_.post(url, data)
    assert "JET participants cannot be more than all participants." in refused.content.decode()
    client_.post(url, {**data, "jet_participants": "14"})

    assert application.result_report.jet_participants == 14


def test_uncounted_jet_participants_are_said_so(client_, nagano) -> None:
    report = ResultReportFactory(application__host=nagano, participants=35, jet_participants=None)

    detail = client_.get(report.application.get_absolute_url()).content.decode()
    dashboard = client_.get(reverse("regional:host")).content.decode()

    assert "JET participants not counted" in detail
    assert "35 participants" in dashboard


def test_host_completes_and_publishes_its_draft_event(client_, nagano) -> None:
    event = EventFactory(organizer=nagano, is_published=False)
    url = reverse("regional:event_edit", args=[event.slug])
    starts = (timezone.localtime(event.starts_at)).strftime("%Y-%m-%dT%H:%M")
    ends = (timezone.localtime(event.ends_at)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title_en": "Nagano Fair",
        "title_ja": "長野フェア",
        "description_en": "Come!",
        "description_ja": "",
        "venue_en": "Hall",
        "venue_ja": "",
        "city_en": "Nagano",
        "city_ja": "長野市",
        "starts_at": starts,
        "ends_at": ends,
        "capacity": "80",
        "registration_opens_at": "",
        "registration_closes_at": "",
    }

    assert client_.post(url, data).status_code == 302
    published = client_.post(reverse("regional:event_publish", args=[event.slug]))

    event.refresh_from_db()
    assert (event.title_en, event.capacity, event.is_published) == ("Nagano Fair", 80, True)
    assert published.url == event.get_absolute_url()
    assert "please contact CLAIR" in client_.get(url).content.decode()


def test_another_hosts_event_answers_404(client_) -> None:
    event = EventFactory(organizer=HostFactory(), is_published=False)
    assert client_.get(reverse("regional:event_edit", args=[event.slug])).status_code == 404
    assert client_.post(reverse("regional:event_publish", args=[event.slug])).status_code == 404


# --- The invitation link --------------------------------------------------------------------


def test_invitation_link_signs_up_then_joins(nagano, staff) -> None:
    invitation = members.invite_host_member(host=nagano, email="new@pref.nagano.example", by=staff)
    url = reverse("regional:accept_invitation", args=[members.invitation_token(invitation)])

    page = Client().get(url).content.decode()
    assert "Nagano Prefecture" in page
    assert "/accounts/signup/?email=new%40pref.nagano.example&amp;next=%2Fregional%2F" in page
    assert Client().post(url).status_code == 302  # to the login page

    newcomer = EmployerUserFactory(email="new@pref.nagano.example")
    response = logged_in(newcomer).post(url)

    assert response.url == reverse("regional:host")
    assert HostMembership.objects.get(user=newcomer).host == nagano


def test_invitation_for_someone_else_explains(nagano, staff, alice) -> None:
    invitation = members.invite_host_member(host=nagano, email="new@pref.nagano.example", by=staff)
    url = reverse("regional:accept_invitation", args=[members.invitation_token(invitation)])

    response = logged_in(alice).post(url)

    assert "but you are logged in as alice@example.com" in response.content.decode()
    assert not HostMembership.objects.exists()


def test_a_broken_invitation_link_explains(alice) -> None:
    response = logged_in(alice).get(reverse("regional:accept_invitation", args=["nonsense"]))
    assert "This invitation link is not valid." in response.content.decode()


# --- JET Furusato Vision Project ------------------------------------------------------------


def test_public_page_lists_published_selected_projects(django_assert_max_num_queries) -> None:
    call = FurusatoCallFactory(title_en="JET Furusato Vision Project 2017", year=2017)
    ProposalFactory(
        call=call,
        proposer__full_name="Mia Thompson",
        status="coordinated",
        schedule="b",
        is_published=True,
        municipality="Anan",
    )
    ProposalFactory(call=call, proposer__full_name="Hidden Person", status="selected", schedule="a")
    FurusatoCallFactory()

    with django_assert_max_num_queries(4):
        response = Client().get(reverse("regional:furusato"))

    html = response.content.decode()
    assert "Mia Thompson" in html
    assert "Anan" in html
    assert "Sat 6 November 2027 – Thu 11 November 2027" in html
    assert "Hidden Person" not in html
    assert "Propose a project" in html


def test_an_alumnus_proposes_and_edits() -> None:
    call = FurusatoCallFactory()
    alumnus = AlumnusFactory()
    client = logged_in(alumnus.user)
    url = reverse("regional:furusato_propose", args=[call.slug])

    page = client.get(url).content.decode()
    assert "Schedule A (Tue 26 October 2027 – Sun 31 October 2027)" in page
    assert client.post(url, PROPOSAL).status_code == 302
    client.post(url, {**PROPOSAL, "municipality": "Hamada City"})

    proposal = FurusatoProposal.objects.get()
    assert (proposal.proposer, proposal.municipality) == (alumnus, "Hamada City")
    assert "You can change it until" in client.get(url).content.decode()


def test_a_current_participant_is_told_why_not(alice) -> None:
    ProfileFactory(user=alice)
    call = FurusatoCallFactory()
    client = logged_in(alice)
    url = reverse("regional:furusato_propose", args=[call.slug])

    page = client.get(url)
    posted = client.post(url, PROPOSAL)

    assert page.status_code == 200
    assert "for JET alumni, and your profile says" in page.content.decode()
    assert 'name="plan"' not in page.content.decode()
    assert posted.status_code == 200
    assert not FurusatoProposal.objects.exists()


def test_employers_and_staff_cannot_propose(erika, staff) -> None:
    url = reverse("regional:furusato_propose", args=[FurusatoCallFactory().slug])
    assert logged_in(erika).get(url).status_code == 403
    assert logged_in(staff).get(url).status_code == 403


def test_after_the_call_closes_the_proposal_is_read_only() -> None:
    proposal = ProposalFactory()
    proposal.call.closes_at = timezone.now() - timedelta(minutes=1)
    proposal.call.save()
    client = logged_in(proposal.proposer.user)
    url = reverse("regional:furusato_propose", args=[proposal.call.slug])

    client.post(url, {**PROPOSAL, "municipality": "Somewhere else"})

    html = client.get(url).content.decode()
    assert "not accepting proposals" in html
    assert 'name="plan"' not in html
    proposal.refresh_from_db()
    assert proposal.municipality == "Hamada"


# --- Staff admin ----------------------------------------------------------------------------


@pytest.fixture
def admin_client_(staff) -> Client:
    return logged_in(staff)


def test_admin_pages_render(admin_client_, member, staff) -> None:
    report = ResultReportFactory(application__host=member.host)
    proposal = ProposalFactory()
    members.invite_host_member(host=member.host, email="x@pref.nagano.example", by=staff)
    urls = [
        reverse(f"admin:regional_{name}_changelist")
        for name in (
            "hostmembership",
            "hostinvitation",
            "subsidyapplication",
            "resultreport",
            "furusatocall",
            "furusatoproposal",
        )
    ] + [
        reverse("admin:regional_subsidyapplication_changelist") + "?status__exact=approved",
        reverse("admin:regional_subsidyapplication_changelist") + "?q=Nagano",
        reverse("admin:regional_subsidyapplication_change", args=[report.application.pk]),
        reverse("admin:regional_subsidyapplication_history", args=[report.application.pk]),
        reverse("admin:regional_resultreport_change", args=[report.pk]),
        reverse("admin:regional_furusatocall_change", args=[proposal.call.pk]),
        reverse("admin:regional_furusatoproposal_change", args=[proposal.pk]),
        reverse("admin:regional_hostinvitation_add"),
        reverse("admin:regional_hostmembership_add"),
    ]
    for url in urls:
        assert admin_client_.get(url).status_code == 200, url


def test_admin_invitation_add_sends_it(admin_client_, nagano) -> None:
    response = admin_client_.post(
        reverse("admin:regional_hostinvitation_add"),
        {"host": nagano.pk, "email": "Lead@Pref.Nagano.example", "role": "lead", "language": "en"},
    )

    assert response.status_code == 302
    [mail] = outbox_for("lead@pref.nagano.example")
    assert "Nagano Prefecture" in mail.subject


def test_admin_invitation_add_refuses_a_member_of_another_host(admin_client_, member, iwate):
    response = admin_client_.post(
        reverse("admin:regional_hostinvitation_add"),
        {"host": iwate.pk, "email": member.user.email, "role": "member", "language": "ja"},
    )
    assert "already acts for Nagano Prefecture" in response.content.decode()
    assert outbox_for(member.user.email) == []


def test_admin_approve_asks_for_a_message_then_mails(admin_client_, member) -> None:
    application = SubsidyApplicationFactory(host=member.host)
    changelist = reverse("admin:regional_subsidyapplication_changelist")
    data = {"action": "approve", ACTION_CHECKBOX_NAME: [application.pk], "index": 0}

    ask = admin_client_.post(changelist, data)
    page = ask.content.decode()
    assert 'name="message_ja"' in page
    assert 'name="message_en"' in page
    assert "These applications will be approved." in page
    assert f"{application.title_en} · {member.host} (Submitted)" in page
    assert 'value="Approve and send"' in page
    done = admin_client_.post(
        changelist,
        {**hidden_fields(page), "message_ja": "頑張ってください。", "message_en": "Good luck."},
        follow=True,
    )

    assert "1 application updated" in done.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"
    assert (application.staff_message_ja, application.staff_message_en) == (
        "頑張ってください。",
        "Good luck.",
    )
    [mail] = outbox_for(member.user.email)
    expected = "頑張ってください。" if member.user.preferred_language == "ja" else "Good luck."
    assert expected in mail.message


def test_admin_reject_needs_a_message(admin_client_, member) -> None:
    application = SubsidyApplicationFactory(host=member.host)
    changelist = reverse("admin:regional_subsidyapplication_changelist")
    data = {
        "action": "reject",
        ACTION_CHECKBOX_NAME: [application.pk],
        "index": 0,
        "apply": "1",
        "message_ja": "",
        "message_en": " ",
    }

    response = admin_client_.post(changelist, data)

    assert response.status_code == 200  # the form again, with its error
    assert "Please write the message in Japanese, in English or in both." in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == "submitted"


def test_admin_proposal_actions_call_the_services(admin_client_) -> None:
    proposal = ProposalFactory()
    changelist = reverse("admin:regional_furusatoproposal_changelist")
    for action in ("select_proposals", "schedule_b", "publish"):
        admin_client_.post(changelist, {"action": action, ACTION_CHECKBOX_NAME: [proposal.pk]})

    proposal.refresh_from_db()
    assert (proposal.status, proposal.schedule, proposal.is_published) == ("selected", "b", True)
    response = admin_client_.post(
        changelist, {"action": "coordinated", ACTION_CHECKBOX_NAME: [proposal.pk]}, follow=True
    )
    assert "Write down the coordination" in response.content.decode()


def test_admin_creates_the_report_meeting_event(admin_client_) -> None:
    HostFactory()
    call = FurusatoCallFactory(year=2017)
    changelist = reverse("admin:regional_furusatocall_changelist")
    data = {"action": "create_report_meeting", ACTION_CHECKBOX_NAME: [call.pk], "index": 0}

    page = admin_client_.post(changelist, data).content.decode()
    assert 'name="starts_at"' in page
    assert f"<li>{call.title_en}</li>" in page
    assert 'value="Create the event"' in page
    admin_client_.post(
        changelist,
        {
            **hidden_fields(page),
            "schedule": "b",
            "starts_at": "2017-11-10T15:45",
            "ends_at": "2017-11-10T17:50",
        },
    )

    event = call.report_meetings.get(schedule="b").event
    assert (event.kind, event.audience, event.is_published) == ("networking", "open", False)
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2017-11-10 15:45"


# --- Host members in admin: every door calls services.members ------------------------------


def test_admin_adds_a_member_through_the_service(admin_client_, nagano, staff, alice) -> None:
    response = admin_client_.post(
        reverse("admin:regional_hostmembership_add"),
        {"user": alice.pk, "host": nagano.pk, "role": "lead"},
    )

    assert response.status_code == 302
    membership = HostMembership.objects.get(user=alice)
    assert (membership.host, membership.role, membership.created_by) == (nagano, "lead", staff)


def test_admin_add_refuses_a_member_of_another_host(admin_client_, member, iwate) -> None:
    response = admin_client_.post(
        reverse("admin:regional_hostmembership_add"),
        {"user": member.user.pk, "host": iwate.pk, "role": "member"},
    )

    assert response.status_code == 200  # the form again, saying why
    assert "already acts for Nagano Prefecture" in response.content.decode()
    assert HostMembership.objects.get(user=member.user).host == member.host


def test_admin_change_form_cannot_move_a_member_or_change_the_role(
    admin_client_, member, iwate
) -> None:
    url = reverse("admin:regional_hostmembership_change", args=[member.pk])

    page = admin_client_.get(url).content.decode()
    assert 'name="host"' not in page
    assert 'name="role"' not in page
    assert "Make lead contact" in page  # the action's button on the member's own page
    admin_client_.post(url, {"user": member.user.pk, "host": iwate.pk, "role": "lead"})

    member.refresh_from_db()
    assert (member.host.slug, member.role) == ("nagano-pref", "member")


def test_admin_role_actions_call_the_service_and_say_why_not(admin_client_, member) -> None:
    changelist = reverse("admin:regional_hostmembership_changelist")
    data = {"action": "make_lead", ACTION_CHECKBOX_NAME: [member.pk]}

    done = admin_client_.post(changelist, data, follow=True).content.decode()
    member.refresh_from_db()
    assert member.role == "lead"
    assert "1 item updated." in done
    again = admin_client_.post(changelist, data, follow=True).content.decode()
    assert "already has the role “Lead contact” at Nagano Prefecture" in again
    assert "item updated" not in again


def test_admin_role_button_on_the_members_page(admin_client_, member) -> None:
    member.role = "lead"
    member.save()
    url = reverse("admin:regional_hostmembership_act", args=[member.pk, "make_member"])

    response = admin_client_.post(url)

    assert response.url == reverse("admin:regional_hostmembership_change", args=[member.pk])
    member.refresh_from_db()
    assert member.role == "member"


@pytest.mark.parametrize("door", ["page", "action"])
def test_admin_delete_removes_the_member_through_the_service(
    admin_client_, member, door, monkeypatch
) -> None:
    calls = []
    remove = members.remove_host_member
    monkeypatch.setattr(
        members, "remove_host_member", lambda **kw: calls.append(kw) or remove(**kw)
    )
    if door == "page":
        url = reverse("admin:regional_hostmembership_delete", args=[member.pk])
        admin_client_.post(url, {"post": "yes"})
    else:
        admin_client_.post(
            reverse("admin:regional_hostmembership_changelist"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: [member.pk], "post": "yes"},
        )

    assert [call["membership"].pk for call in calls] == [member.pk]
    assert not HostMembership.objects.filter(pk=member.pk).exists()
    assert member.user.__class__.objects.filter(pk=member.user.pk).exists()


def test_admin_resend_refuses_an_accepted_invitation(admin_client_, nagano, staff, alice) -> None:
    invitation = members.invite_host_member(host=nagano, email=alice.email, by=staff)
    members.accept_host_invitation(user=alice, token=members.invitation_token(invitation))

    page = admin_client_.post(
        reverse("admin:regional_hostinvitation_changelist"),
        {"action": "resend", ACTION_CHECKBOX_NAME: [invitation.pk]},
        follow=True,
    ).content.decode()

    assert "The invitation to alice@example.com is no longer open." in page
    assert len(outbox_for(alice.email)) == 1
