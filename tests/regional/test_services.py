"""Regional services: invitations, subsidy applications and their review, the event or
programme made from an approved application, result reports, the host's events, Furusato."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event
from internships.models import Programme
from regional import selectors
from regional.models import (
    FurusatoProposal,
    HostInvitation,
    HostMembership,
    ResultReport,
    SubsidyApplication,
)
from regional.services import RegionalError, furusato, host_events, members, subsidies
from tests.accounts.factories import UserFactory
from tests.conftest import outbox_for
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
JAPAN = ZoneInfo("Asia/Tokyo")


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
    """A member of Nagano Prefecture who reads Japanese."""
    return HostMemberFactory(
        host=nagano,
        user=UserFactory(email="kobayashi@pref.nagano.example", preferred_language="ja"),
    ).user


@pytest.fixture
def colleague(nagano):
    """A second member of Nagano Prefecture, an English reader (a CIR)."""
    return HostMemberFactory(
        host=nagano, user=UserFactory(email="cir@pref.nagano.example", preferred_language="en")
    ).user


@pytest.fixture
def outsider(iwate):
    return HostMemberFactory(host=iwate, user=UserFactory(email="sato@pref.iwate.example")).user


def application_data(**overrides: object) -> dict[str, object]:
    data = {
        "kind": SubsidyApplication.Kind.CAREER_FAIR,
        "title_en": "Nagano Career Fair for Foreign Job Seekers",
        "title_ja": "長野県 外国人求職者向け合同企業説明会",
        "starts_on": in_days(60),
        "ends_on": in_days(60),
        "venue": "Shinshu Science & Technology Center",
        "city": "Ueda",
        "expected_participants": 100,
        "expected_companies": 30,
        "budget_yen": 2_000_000,
        "requested_subsidy_yen": 1_000_000,
        "contact_name": "Kobayashi Emi",
        "contact_phone": "026-235-7000",
        "contact_email": "kokusai@pref.nagano.example",
        "notes": "",
    }
    return {**data, **overrides}


# --- Invitations ----------------------------------------------------------------------------


def test_invite_mails_a_signed_link_in_the_chosen_language(nagano, staff) -> None:
    invitation = members.invite_host_member(
        host=nagano, email=" New.Member@Pref.Nagano.example ", by=staff, language="ja"
    )

    assert invitation.email == "new.member@pref.nagano.example"
    [mail] = outbox_for("new.member@pref.nagano.example")
    assert "長野県" in mail.subject  # the host's Japanese name: the mail is in Japanese
    assert 'lang="ja"' in mail.html_message
    token = mail.message.split("/regional/invitations/")[1].split("/")[0]
    assert signing.loads(token, salt="regional.host-invitation") == invitation.pk
    assert "/accounts/signup/?email=new.member" in mail.message  # no account yet


def test_invite_writes_to_an_existing_account_in_its_own_language(nagano, staff) -> None:
    UserFactory(email="cir@pref.nagano.example", preferred_language="en")

    members.invite_host_member(
        host=nagano, email="cir@pref.nagano.example", by=staff, language="ja"
    )

    [mail] = outbox_for("cir@pref.nagano.example")
    assert "Nagano Prefecture" in mail.subject
    assert "/accounts/signup/" not in mail.message


def test_inviting_again_resends_the_open_invitation(nagano, staff) -> None:
    first = members.invite_host_member(host=nagano, email="a@pref.nagano.example", by=staff)
    again = members.invite_host_member(host=nagano, email="a@pref.nagano.example", by=staff)

    assert first.pk == again.pk
    assert HostInvitation.objects.count() == 1
    assert len(outbox_for("a@pref.nagano.example")) == 2


def test_only_staff_invite(nagano, member) -> None:
    with pytest.raises(RegionalError, match="Only CLAIR staff"):
        members.invite_host_member(host=nagano, email="x@example.com", by=member)


def test_invite_refuses_a_member_of_another_host(nagano, outsider, staff) -> None:
    with pytest.raises(RegionalError, match="already acts for Iwate Prefecture"):
        members.invite_host_member(host=nagano, email=outsider.email, by=staff)


def test_accept_creates_the_membership_with_the_role(nagano, staff, alice) -> None:
    invitation = members.invite_host_member(host=nagano, email=alice.email, by=staff, role="lead")

    membership = members.accept_host_invitation(
        user=alice, token=members.invitation_token(invitation)
    )

    assert (membership.host, membership.role, membership.created_by) == (nagano, "lead", staff)
    assert alice.account_type == "participant"  # the account keeps its type
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(RegionalError, match="already been used"):
        members.accept_host_invitation(user=alice, token=members.invitation_token(invitation))


def test_accept_refuses_another_address(nagano, staff, alice, bob) -> None:
    invitation = members.invite_host_member(host=nagano, email=alice.email, by=staff)

    with pytest.raises(RegionalError, match=r"sent to alice@example\.com"):
        members.accept_host_invitation(user=bob, token=members.invitation_token(invitation))
    assert not HostMembership.objects.exists()


def test_accept_refuses_an_expired_or_withdrawn_link(nagano, staff, alice, monkeypatch) -> None:
    invitation = members.invite_host_member(host=nagano, email=alice.email, by=staff)
    token = members.invitation_token(invitation)
    later = time.time() + timedelta(days=7, minutes=1).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later)
        with pytest.raises(RegionalError, match="expired"):
            members.accept_host_invitation(user=alice, token=token)

    members.revoke_host_invitation(invitation=invitation, by=staff)
    with pytest.raises(RegionalError, match="withdrawn"):
        members.accept_host_invitation(user=alice, token=token)
    with pytest.raises(RegionalError, match="not valid"):
        members.accept_host_invitation(user=alice, token=token + "x")


def test_resend_gives_an_open_invitation_a_fresh_link_and_refuses_a_closed_one(
    nagano, staff, alice
) -> None:
    invitation = members.invite_host_member(host=nagano, email=alice.email, by=staff, role="lead")

    members.resend_host_invitation(invitation=invitation, by=staff)
    assert len(outbox_for(alice.email)) == 2
    members.accept_host_invitation(user=alice, token=members.invitation_token(invitation))
    invitation.refresh_from_db()
    with pytest.raises(RegionalError, match="no longer open"):
        members.resend_host_invitation(invitation=invitation, by=staff)
    assert len(outbox_for(alice.email)) == 2


# --- Host members: added, role changed, removed by staff ------------------------------------


def test_staff_add_an_existing_account_as_a_member(nagano, iwate, staff, alice) -> None:
    membership = members.add_host_member(host=nagano, user=alice, by=staff, role="lead")

    assert (membership.host, membership.role, membership.created_by) == (nagano, "lead", staff)
    with pytest.raises(RegionalError, match="already acts for Nagano Prefecture"):
        members.add_host_member(host=iwate, user=alice, by=staff)


def test_staff_make_a_member_the_lead_contact_and_back(nagano, member, staff) -> None:
    membership = member.host_membership

    members.set_host_role(membership=membership, role="lead", by=staff)
    membership.refresh_from_db()
    assert membership.role == "lead"
    assert membership.history.first().history_change_reason == "Role set to lead"
    with pytest.raises(RegionalError, match="already has the role “Lead contact”"):
        members.set_host_role(membership=membership, role="lead", by=staff)
    members.set_host_role(membership=membership, role="member", by=staff)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_an_unknown_role_is_refused(member, staff) -> None:
    with pytest.raises(RegionalError, match="Choose a role"):
        members.set_host_role(membership=member.host_membership, role="owner", by=staff)
    member.host_membership.refresh_from_db()
    assert member.host_membership.role == "member"


def test_only_staff_change_roles_and_remove_members(member, colleague) -> None:
    membership = colleague.host_membership
    with pytest.raises(RegionalError, match="Only CLAIR staff"):
        members.set_host_role(membership=membership, role="lead", by=member)
    with pytest.raises(RegionalError, match="Only CLAIR staff"):
        members.remove_host_member(membership=membership, by=member)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_removed_member_no_longer_acts_for_the_host(nagano, iwate, member, staff) -> None:
    members.remove_host_member(membership=member.host_membership, by=staff)

    assert not HostMembership.objects.filter(user=member).exists()
    assert members.membership_of(member) is None
    member.refresh_from_db()  # the account stays, free to act for another host
    members.add_host_member(host=iwate, user=member, by=staff)


# --- Subsidy applications -------------------------------------------------------------------


def test_member_applies_for_a_subsidy(nagano, member) -> None:
    application = subsidies.submit_application(host=nagano, by=member, data=application_data())

    assert application.status == SubsidyApplication.Status.SUBMITTED
    assert (application.host, application.submitted_by) == (nagano, member)


def test_non_member_cannot_apply(nagano, outsider) -> None:
    with pytest.raises(RegionalError, match="Only members of Nagano Prefecture"):
        subsidies.submit_application(host=nagano, by=outsider, data=application_data())
    assert not SubsidyApplication.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"requested_subsidy_yen": 2_000_001}, "cannot be more than the budget"),
        ({"ends_on": in_days(59)}, "last day cannot be before the first day"),
        ({"budget_yen": -1}, "must be a whole number, 0 or more"),
        ({"expected_participants": "many"}, "must be a whole number"),
        ({"venue": "  "}, "Please fill in venue"),
        ({"kind": "concert"}, "career fair or an internship"),
    ],
)
def test_bad_application_is_refused_and_changes_nothing(nagano, member, overrides, message):
    with pytest.raises(RegionalError, match=message):
        subsidies.submit_application(host=nagano, by=member, data=application_data(**overrides))
    assert not SubsidyApplication.objects.exists()


def test_the_database_also_keeps_the_subsidy_within_the_budget(nagano) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyApplicationFactory(host=nagano, budget_yen=10, requested_subsidy_yen=11)


def test_approval_tells_every_member_in_their_language(nagano, member, colleague, staff):
    application = SubsidyApplicationFactory(host=nagano)

    subsidies.approve_application(
        application=application, by=staff, message_en="Well planned.", message_ja="よい計画です。"
    )

    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.APPROVED
    assert (application.decided_by, application.staff_message_en) == (staff, "Well planned.")
    [ja] = outbox_for(member.email)
    [en] = outbox_for(colleague.email)
    assert application.title_ja in ja.subject
    assert 'lang="ja"' in ja.html_message
    assert application.title_en in en.subject
    assert "CLAIR approved the subsidy" in en.subject
    assert "Well planned." in en.message
    assert "よい計画です。" not in en.message
    assert "よい計画です。" in ja.message
    assert "よい計画です。" in ja.html_message
    assert "Well planned." not in ja.message
    assert f"/regional/host/applications/{application.pk}/" in en.message


def test_reject_and_ask_for_changes_need_a_message(nagano, member, staff) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    for action in (subsidies.reject_application, subsidies.request_changes):
        with pytest.raises(RegionalError, match="Write a message"):
            action(application=application, by=staff, message_en="  ", message_ja="")
    assert outbox_for(member.email) == []


def test_a_message_in_one_language_reaches_every_member(nagano, member, colleague, staff):
    application = SubsidyApplicationFactory(host=nagano)

    subsidies.reject_application(
        application=application, by=staff, message_ja="予算が不足しています。"
    )

    application.refresh_from_db()
    assert (application.staff_message_en, application.staff_message_ja) == (
        "",
        "予算が不足しています。",
    )
    for mail in (*outbox_for(member.email), *outbox_for(colleague.email)):  # ja, then en
        assert "予算が不足しています。" in mail.message
        assert "予算が不足しています。" in mail.html_message


def test_changes_requested_then_edited_is_resubmitted(nagano, member, colleague, staff) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    subsidies.request_changes(application=application, by=staff, message_en="Add the budget lines.")
    [mail] = outbox_for(colleague.email)
    assert "Add the budget lines." in mail.message
    assert "asks for changes" in mail.subject

    subsidies.update_application(
        application=application, by=member, data=application_data(budget_yen=2_500_000)
    )

    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.SUBMITTED
    assert application.budget_yen == 2_500_000
    assert application.history.count() == 3  # created, changes asked, resubmitted


def test_a_decided_application_cannot_be_edited_or_decided_again(nagano, member, staff):
    application = SubsidyApplicationFactory(host=nagano)
    subsidies.reject_application(
        application=application, by=staff, message_ja="予算が残っていません。"
    )

    with pytest.raises(RegionalError, match="can no longer be changed"):
        subsidies.update_application(application=application, by=member, data=application_data())
    with pytest.raises(RegionalError, match="Only a submitted application can be approved"):
        subsidies.approve_application(application=application, by=staff)


def test_another_hosts_member_cannot_edit(nagano, outsider) -> None:
    application = SubsidyApplicationFactory(host=nagano)
    with pytest.raises(RegionalError, match="Only members of Nagano Prefecture"):
        subsidies.update_application(application=application, by=outsider, data=application_data())


# --- The event or programme made from an approved application --------------------------------


def test_an_approved_fair_becomes_an_unpublished_open_event(nagano, member) -> None:
    application = SubsidyApplicationFactory(
        host=nagano, status="approved", starts_on=date(2031, 5, 17), ends_on=date(2031, 5, 17)
    )

    event = subsidies.create_activity(application=application, by=member)

    assert (event.kind, event.format, event.audience) == ("career_fair", "in_person", "open")
    assert event.organizer == nagano
    assert event.prefecture == "20"
    assert not event.is_published
    assert (event.title_en, event.title_ja) == (application.title_en, application.title_ja)
    assert (event.venue_en, event.city_en) == ("Shinshu Science & Technology Center", "Ueda")
    assert event.starts_at == datetime(2031, 5, 17, 13, tzinfo=JAPAN)
    assert event.ends_at == datetime(2031, 5, 17, 17, tzinfo=JAPAN)
    assert event.booth_capacity == 30
    application.refresh_from_db()
    assert (application.event, application.status) == (event, "realised")


def test_the_activity_is_created_once(nagano, member, colleague) -> None:
    application = SubsidyApplicationFactory(host=nagano, status="approved")
    subsidies.create_activity(application=application, by=member)

    with pytest.raises(RegionalError, match="already on the portal"):
        subsidies.create_activity(application=application, by=colleague)
    assert Event.objects.count() == 1


def test_an_approved_internship_becomes_a_draft_programme(nagano, member) -> None:
    application = SubsidyApplicationFactory(
        host=nagano,
        status="approved",
        kind="internship",
        starts_on=date(2031, 10, 1),
        ends_on=date(2031, 12, 20),
    )

    programme = subsidies.create_activity(application=application, by=member)

    assert programme.state == Programme.State.DRAFT
    assert not programme.is_published
    assert (programme.organizer_en, programme.organizer_ja) == ("Nagano Prefecture", "長野県")
    assert programme.year == 2031
    [period] = programme.periods.all()
    assert (period.starts_on, period.ends_on) == (date(2031, 10, 1), date(2031, 12, 20))
    application.refresh_from_db()
    assert application.programme == programme
    assert application.event is None


@pytest.mark.parametrize("status", ["submitted", "changes_requested", "rejected"])
def test_only_an_approved_application_becomes_an_activity(nagano, member, status) -> None:
    application = SubsidyApplicationFactory(host=nagano, status=status)
    with pytest.raises(RegionalError, match="Only an application CLAIR approved"):
        subsidies.create_activity(application=application, by=member)
    assert not Event.objects.exists()


def test_another_host_cannot_create_the_activity(nagano, outsider) -> None:
    application = SubsidyApplicationFactory(host=nagano, status="approved")
    with pytest.raises(RegionalError, match="Only members of Nagano Prefecture"):
        subsidies.create_activity(application=application, by=outsider)


def test_event_slugs_never_collide(nagano, member) -> None:
    slugs = set()
    for _i in range(3):
        application = SubsidyApplicationFactory(
            host=nagano, status="approved", title_en="Nagano Fair"
        )
        slugs.add(subsidies.create_activity(application=application, by=member).slug)
    assert len(slugs) == 3


# --- Result reports and the selector for the reports ----------------------------------------


def past_application(host, **kwargs):
    return SubsidyApplicationFactory(
        host=host,
        status="realised",
        starts_on=date(2018, 11, 3),
        ends_on=date(2018, 11, 3),
        **kwargs,
    )


def report_data(**overrides: object) -> dict[str, object]:
    data = {
        "held_on": date(2018, 11, 3),
        "participants": 49,
        "jet_participants": 14,
        "companies": 17,
        "comments": "",
    }
    return {**data, **overrides}


def test_member_reports_and_corrects_results(nagano, member) -> None:
    application = past_application(nagano)

    report = subsidies.submit_result_report(application=application, by=member, data=report_data())
    subsidies.submit_result_report(
        application=application, by=member, data=report_data(companies=18)
    )

    report.refresh_from_db()
    assert (report.participants, report.jet_participants, report.companies) == (49, 14, 18)
    assert ResultReport.objects.count() == 1


def test_jet_participants_cannot_exceed_participants(nagano, member) -> None:
    with pytest.raises(RegionalError, match=r"JET participants \(50\) cannot be more than all"):
        subsidies.submit_result_report(
            application=past_application(nagano),
            by=member,
            data=report_data(jet_participants=50),
        )
    assert not ResultReport.objects.exists()


def test_jet_participants_may_be_left_uncounted(nagano, iwate, member) -> None:
    # The 2018 Nagano fair, open to all foreign job seekers, published 35 participants only.
    subsidies.submit_result_report(
        application=past_application(nagano),
        by=member,
        data=report_data(
            held_on=date(2018, 5, 19), participants=35, jet_participants=None, companies=32
        ),
    )
    ResultReportFactory(
        application=past_application(iwate),
        held_on=date(2018, 11, 3),
        participants=49,
        jet_participants=14,
        companies=17,
    )

    [nagano_row, _iwate_row] = selectors.regional_results(2018)
    assert nagano_row.jet_participants is None
    assert selectors.regional_totals(2018)["jet_participants"] == 14


def test_results_wait_for_the_activity(nagano, member) -> None:
    application = SubsidyApplicationFactory(host=nagano, status="approved")
    with pytest.raises(RegionalError, match="once the activity has taken place"):
        subsidies.submit_result_report(
            application=application, by=member, data=report_data(held_on=in_days(1))
        )


def test_results_only_for_approved_activities(nagano, member) -> None:
    application = past_application(nagano)
    application.status = "rejected"
    application.save()
    with pytest.raises(RegionalError, match="approved activities only"):
        subsidies.submit_result_report(application=application, by=member, data=report_data())


def test_a_locked_report_cannot_be_changed(nagano, member, staff) -> None:
    report = ResultReportFactory(application=past_application(nagano))
    subsidies.set_report_locked(report=report, by=staff, locked=True)

    with pytest.raises(RegionalError, match="locked"):
        subsidies.submit_result_report(
            application=report.application, by=member, data=report_data()
        )


def test_regional_results_by_fiscal_year(nagano, iwate) -> None:
    # FY2018 runs from April 2018 to March 2019 (the Japanese fiscal year).
    ResultReportFactory(
        application=past_application(nagano, title_en="Nagano Fair"),
        held_on=date(2018, 5, 19),
        participants=35,
        jet_participants=0,
        companies=32,
    )
    ResultReportFactory(
        application=past_application(iwate, title_en="Iwate Fair"),
        held_on=date(2018, 11, 3),
        participants=49,
        jet_participants=14,
        companies=17,
    )
    ResultReportFactory(
        application=past_application(iwate, title_en="Early Iwate Fair"), held_on=date(2018, 3, 10)
    )

    rows = selectors.regional_results(fiscal_year=2018)

    assert [
        (r.host.slug, r.title, r.date, r.participants, r.jet_participants, r.companies)
        for r in rows
    ] == [
        ("nagano-pref", "Nagano Fair", date(2018, 5, 19), 35, 0, 32),
        ("iwate-pref", "Iwate Fair", date(2018, 11, 3), 49, 14, 17),
    ]
    assert len(selectors.regional_results()) == 3
    assert selectors.regional_totals(2018) == {
        "activities": 2,
        "participants": 84,
        "jet_participants": 14,
        "companies": 49,
    }


def test_regional_results_take_one_query(nagano, django_assert_max_num_queries):
    for _i in range(5):
        ResultReportFactory(application=past_application(nagano))
    with django_assert_max_num_queries(1):
        rows = selectors.regional_results()
        assert {row.host.name_en for row in rows} == {"Nagano Prefecture"}


# --- The host's own events ------------------------------------------------------------------


def test_member_completes_and_publishes_a_draft_event(nagano, member) -> None:
    event = EventFactory(organizer=nagano, is_published=False)
    starts = timezone.now() + timedelta(days=40)

    host_events.update_host_event(
        event=event,
        by=member,
        data={
            "description_en": "Meet employers.",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=3),
            "capacity": 80,
        },
    )
    host_events.publish_host_event(event=event, by=member)

    event.refresh_from_db()
    assert (event.description_en, event.capacity, event.is_published) == (
        "Meet employers.",
        80,
        True,
    )
    with pytest.raises(RegionalError, match="ask CLAIR to change it"):
        host_events.update_host_event(event=event, by=member, data={"capacity": 10})


def test_host_event_times_are_checked(nagano, member) -> None:
    event = EventFactory(organizer=nagano, is_published=False)
    with pytest.raises(RegionalError, match="end after it starts"):
        host_events.update_host_event(event=event, by=member, data={"ends_at": event.starts_at})
    event.refresh_from_db()
    assert event.ends_at > event.starts_at


def test_members_cannot_touch_another_hosts_events(member) -> None:
    event = EventFactory(organizer=HostFactory(), is_published=False)  # CLAIR's own event
    with pytest.raises(RegionalError, match="Only members of CLAIR"):
        host_events.publish_host_event(event=event, by=member)


# --- JET Furusato Vision Project ------------------------------------------------------------


def test_an_alumnus_proposes_once_per_call() -> None:
    call, alumnus = FurusatoCallFactory(), AlumnusFactory()

    proposal = furusato.submit_proposal(call=call, profile=alumnus, data=PROPOSAL)

    assert (proposal.status, proposal.municipality) == ("submitted", "Hamada")
    with pytest.raises(RegionalError, match="already sent a proposal"):
        furusato.submit_proposal(call=call, profile=alumnus, data=PROPOSAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        FurusatoProposal.objects.create(call=call, proposer=alumnus, **PROPOSAL)


@pytest.mark.parametrize("status", ["current", "other"])
def test_non_alumni_cannot_propose(status) -> None:
    profile = ProfileFactory(status=status)
    with pytest.raises(RegionalError, match="for JET alumni, and your profile says"):
        furusato.submit_proposal(call=FurusatoCallFactory(), profile=profile, data=PROPOSAL)
    assert not FurusatoProposal.objects.exists()


def test_without_a_profile_the_refusal_says_what_to_do() -> None:
    with pytest.raises(RegionalError, match="Please fill in your profile first"):
        furusato.submit_proposal(call=FurusatoCallFactory(), profile=None, data=PROPOSAL)


def test_proposals_only_while_the_call_is_open() -> None:
    closed = FurusatoCallFactory(
        closes_at=timezone.now() - timedelta(minutes=1), opens_at=timezone.now() - timedelta(days=9)
    )
    not_opened = FurusatoCallFactory(is_open=False)
    for call in (closed, not_opened):
        with pytest.raises(RegionalError, match="not accepting proposals"):
            furusato.submit_proposal(call=call, profile=AlumnusFactory(), data=PROPOSAL)


def test_bad_proposal_is_refused() -> None:
    with pytest.raises(RegionalError, match="Choose one of the options for field"):
        furusato.submit_proposal(
            call=FurusatoCallFactory(),
            profile=AlumnusFactory(),
            data={**PROPOSAL, "field": "sports"},
        )


def test_proposal_is_editable_until_the_call_closes() -> None:
    proposal = ProposalFactory()
    furusato.update_proposal(
        proposal=proposal, profile=proposal.proposer, data={**PROPOSAL, "field": "culture"}
    )
    proposal.refresh_from_db()
    assert proposal.field == "culture"

    proposal.call.closes_at = timezone.now() - timedelta(seconds=1)
    proposal.call.save()
    with pytest.raises(RegionalError, match="not accepting proposals"):
        furusato.update_proposal(proposal=proposal, profile=proposal.proposer, data=PROPOSAL)
    with pytest.raises(RegionalError, match="not your proposal"):
        furusato.update_proposal(proposal=proposal, profile=AlumnusFactory(), data=PROPOSAL)


@pytest.mark.parametrize(
    ("action", "status", "subject"),
    [
        (furusato.shortlist_proposal, "shortlisted", "is shortlisted"),
        (furusato.select_proposal, "selected", "is selected"),
        (furusato.decline_proposal, "not_selected", "JET Furusato Vision Project proposal"),
    ],
)
def test_staff_decisions_mail_the_alumnus(staff, action, status, subject) -> None:
    proposal = ProposalFactory(proposer__user__email="mia@example.com")

    action(proposal=proposal, by=staff)

    proposal.refresh_from_db()
    assert proposal.status == status
    assert proposal.decided_at is not None
    [mail] = outbox_for("mia@example.com")
    assert subject in mail.subject
    assert "Hamada" in mail.message


def test_decision_mail_is_in_the_alumnus_language(staff) -> None:
    proposal = ProposalFactory(proposer__user__preferred_language="ja")
    furusato.select_proposal(proposal=proposal, by=staff)
    [mail] = outbox_for(proposal.proposer.user.email)
    assert 'lang="ja"' in mail.html_message
    assert "JETふるさとビジョンプロジェクト2027" in mail.message  # the call's Japanese title


def test_selection_coordination_schedule_and_publication(staff) -> None:
    proposal = ProposalFactory()
    furusato.shortlist_proposal(proposal=proposal, by=staff)
    furusato.select_proposal(proposal=proposal, by=staff)

    with pytest.raises(RegionalError, match="Write down the coordination"):
        furusato.mark_coordinated(proposal=proposal, by=staff)
    furusato.mark_coordinated(proposal=proposal, by=staff, notes="Hamada city hall agreed.")
    with pytest.raises(RegionalError, match="its schedule before publishing"):
        furusato.set_proposal_published(proposal=proposal, by=staff, published=True)
    furusato.assign_schedule(proposal=proposal, by=staff, schedule="a")
    furusato.set_proposal_published(proposal=proposal, by=staff, published=True)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.schedule, proposal.is_published) == (
        "coordinated",
        "a",
        True,
    )
    assert proposal.schedule_dates() == (date(2027, 10, 26), date(2027, 10, 31))


def test_unselected_projects_get_no_schedule_and_are_never_published(staff) -> None:
    proposal = ProposalFactory()
    furusato.decline_proposal(proposal=proposal, by=staff)
    with pytest.raises(RegionalError, match="selected projects only"):
        furusato.assign_schedule(proposal=proposal, by=staff, schedule="b")
    with pytest.raises(RegionalError, match="Only selected projects are published"):
        furusato.set_proposal_published(proposal=proposal, by=staff, published=True)
    with pytest.raises(RegionalError, match="cannot become Selected"):
        furusato.select_proposal(proposal=proposal, by=staff)


def test_report_meeting_is_an_open_unpublished_networking_event(staff) -> None:
    clair = HostFactory()
    call = FurusatoCallFactory(year=2017)
    starts = datetime(2017, 10, 30, 16, 30, tzinfo=JAPAN)

    event = furusato.create_report_meeting(
        call=call, by=staff, schedule="a", starts_at=starts, ends_at=starts + timedelta(minutes=80)
    )

    assert (event.kind, event.format, event.audience) == ("networking", "in_person", "open")
    assert event.organizer == clair
    assert not event.is_published
    assert event.title_en == "JET Furusato Vision Project report meeting 2017 (schedule A)"
    assert "CLAIR本部" in event.venue_ja
    assert call.report_meetings.get().event == event
    with pytest.raises(RegionalError, match="already has its report meeting for Schedule A"):
        furusato.create_report_meeting(
            call=call, by=staff, schedule="a", starts_at=starts, ends_at=starts + timedelta(hours=1)
        )
    furusato.create_report_meeting(
        call=call,
        by=staff,
        schedule="b",
        starts_at=starts + timedelta(days=11),
        ends_at=starts + timedelta(days=11, hours=2),
    )
    assert call.report_meetings.count() == 2


def test_published_projects_for_the_public_page(staff, django_assert_num_queries) -> None:
    call = FurusatoCallFactory()
    shown = ProposalFactory(call=call, status="selected", schedule="b", is_published=True)
    ProposalFactory(call=call, status="selected", schedule="a")  # not published
    ProposalFactory(call=call)  # not selected

    with django_assert_num_queries(2):
        [loaded] = list(selectors.calls_with_projects())
        assert [p.proposer.full_name for p in loaded.projects] == [shown.proposer.full_name]
