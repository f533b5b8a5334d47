"""Host positions: posted with a confirmation and a notice to CLAIR, changed by the employer
until CLAIR approves them, withdrawn, and approved or rejected (with a reason) by staff from
the list or the position's own page."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from internships import services
from internships.forms import ApplicationForm
from internships.models import MatchRun, Position, Programme
from jetcareer.accounts.models import User
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
    run_now,
)

pytestmark = pytest.mark.django_db

CLAIR = "coordination@clair.test"


@pytest.fixture(autouse=True)
def clair_address(settings) -> None:
    settings.CLAIR_DIVISION_EMAILS = {**settings.CLAIR_DIVISION_EMAILS, "coordination": CLAIR}


@pytest.fixture
def host():
    """A verified employer with an owner reading Japanese and a member reading English."""
    owner = OwnerFactory(user__email="owner@host.example", user__preferred_language="ja",
                         employer__name_en="Setouchi Travel",
                         employer__name_ja="瀬戸内トラベル")  # fmt: skip
    MembershipFactory(employer=owner.employer, user__email="member@host.example",
                      user__preferred_language="en")  # fmt: skip
    return owner


def position_data(programme: Programme, **changes: object) -> dict[str, object]:
    return {"title_en": "Inbound tourism", "title_ja": "インバウンド観光", "description_en": "",
            "description_ja": "", "industry": "tourism", "job_type": "translation",
            "prefecture": "34", "period": programme.periods.first(), "capacity": 2,
            "min_jlpt": 4, **changes}  # fmt: skip


def form_data(programme: Programme, **changes: object) -> dict[str, object]:
    data = position_data(programme, **changes)
    return {**data, "period": data["period"].pk}


# --- Services --------------------------------------------------------------------------------


def test_posting_confirms_to_every_member_in_their_language_and_tells_clair_in_japanese(
    host,
) -> None:
    programme = ProgrammeFactory(title_en="Programme 2027", title_ja="研修2027")
    position = services.post_position(
        programme=programme, employer=host.employer, by=host.user, data=position_data(programme)
    )
    assert position.status == Position.Status.SUBMITTED
    [owner_mail] = outbox_for("owner@host.example")
    assert owner_mail.subject == "受入ポジション受付のお知らせ：インバウンド観光"
    assert "承認されるまで" in owner_mail.message
    [member_mail] = outbox_for("member@host.example")
    assert member_mail.subject == "Internship position received: Inbound tourism"
    assert "Until CLAIR approves it, you can change it or withdraw it" in member_mail.message
    [notice] = outbox_for(CLAIR)
    assert notice.subject == "【要審査】受入ポジションの登録：瀬戸内トラベル「インバウンド観光」"
    assert f"/admin/internships/position/{position.pk}/change/" in notice.message


def test_a_refused_posting_sends_nothing(host) -> None:
    programme = ProgrammeFactory(state=Programme.State.SCREENING)
    with pytest.raises(services.InternshipError, match="no longer takes new positions"):
        services.post_position(programme=programme, employer=host.employer, by=host.user,
                               data=position_data(programme))  # fmt: skip
    assert not Email.objects.exists()


def test_the_employer_changes_a_position_until_it_is_approved(host) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme, employer=host.employer, status="submitted")
    services.update_position(position=position, data=position_data(programme, capacity=3))
    position.refresh_from_db()
    assert (position.title_en, position.capacity) == ("Inbound tourism", 3)

    services.decide_position(position=position, approve=True)
    with pytest.raises(services.InternshipError, match="CLAIR has approved this position"):
        services.update_position(position=position, data=position_data(programme, capacity=9))
    position.refresh_from_db()
    assert position.capacity == 3


def test_a_period_of_another_programme_is_refused(host) -> None:
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    position = PositionFactory(programme=programme, employer=host.employer, status="submitted")
    with pytest.raises(services.InternshipError, match="period of this programme"):
        services.update_position(
            position=position, data=position_data(programme, period=other.periods.first())
        )


def test_a_withdrawn_position_is_not_offered_and_clair_is_told(host) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme, employer=host.employer)
    assert position in Position.objects.offered()
    services.withdraw_position(position=position, by=host.user)
    position.refresh_from_db()
    assert position.status == Position.Status.WITHDRAWN
    assert position not in Position.objects.offered()
    choices = ApplicationForm(programme=programme).fields["choice_1"].queryset
    assert position not in choices
    [notice] = outbox_for(CLAIR)
    assert "取り下げ" in notice.subject
    assert "承認済み" in notice.message  # it had been approved: applicants could choose it
    with pytest.raises(services.InternshipError, match="cannot be withdrawn"):
        services.withdraw_position(position=position, by=host.user)
    with pytest.raises(services.InternshipError, match="withdrawn by the organisation"):
        services.decide_position(position=position, approve=True)


def test_a_position_an_intern_was_offered_cannot_be_withdrawn_or_rejected(host) -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    position = PositionFactory(programme=programme, employer=host.employer)
    published_offer(position, ApplicationFactory(programme=programme))
    with pytest.raises(services.InternshipError, match="offered a place"):
        services.withdraw_position(position=position, by=host.user)
    with pytest.raises(services.InternshipError, match="offered one of its places"):
        services.decide_position(position=position, approve=False, reason_en="Too late.")
    assert Position.objects.get(pk=position.pk).status == Position.Status.APPROVED


def test_a_run_with_a_position_withdrawn_since_cannot_be_published(
    host, django_capture_on_commit_callbacks
) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    position = PositionFactory(programme=programme, employer=host.employer)
    ApplicationFactory(programme=programme)
    run = run_now(programme, django_capture_on_commit_callbacks)
    assert run.outcomes.filter(position=position).exists()
    services.withdraw_position(position=position, by=host.user)
    with pytest.raises(services.InternshipError, match="is no longer offered"):
        services.publish_run(run=run)
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.DONE


def test_rejecting_needs_a_reason_which_each_member_reads_in_their_language(host, staff) -> None:
    position = PositionFactory(employer=host.employer, status="submitted",
                               title_en="Tour desk", title_ja="ツアー窓口")  # fmt: skip
    with pytest.raises(services.InternshipError, match="give the reason"):
        services.decide_position(position=position, approve=False, reason_en="  ", reason_ja=" ")
    assert not Email.objects.exists()
    services.decide_position(position=position, approve=False, by=staff,
                             reason_en="The period overlaps the school term.")  # fmt: skip
    position.refresh_from_db()
    assert position.status == Position.Status.REJECTED
    assert (position.status_reason_en, position.reviewed_by) == (
        "The period overlaps the school term.", staff)  # fmt: skip
    [ja] = outbox_for("owner@host.example")
    assert ja.subject == "受入ポジション不承認のお知らせ：ツアー窓口"
    assert "不承認の理由：" in ja.message
    assert "The period overlaps the school term." in ja.message
    [en] = outbox_for("member@host.example")
    assert en.subject == "Internship position not approved: Tour desk"
    assert "CLAIR's reason:" in en.message
    assert "The period overlaps the school term." in en.message


def test_a_decision_already_taken_is_not_taken_or_mailed_again(host) -> None:
    position = PositionFactory(employer=host.employer, status="submitted")
    services.decide_position(position=position, approve=True)
    assert len(outbox_for("owner@host.example")) == 1
    with pytest.raises(services.InternshipError, match="already"):
        services.decide_position(position=position, approve=True)
    assert len(outbox_for("owner@host.example")) == 1


# --- The employer's pages --------------------------------------------------------------------


def test_posting_through_the_form_confirms_by_mail(client: Client, host) -> None:
    programme = ProgrammeFactory()
    client.force_login(host.user)
    response = client.post(
        reverse("internships:post_position", args=[programme.slug]), form_data(programme)
    )
    assert response.url == reverse("internships:hosting")
    assert programme.positions.get().status == Position.Status.SUBMITTED
    assert len(outbox_for("owner@host.example")) == 1
    assert len(outbox_for(CLAIR)) == 1


def test_the_hosting_page_offers_change_and_withdraw_while_submitted(client: Client, host) -> None:
    submitted = PositionFactory(employer=host.employer, status="submitted")
    approved = PositionFactory(employer=host.employer)
    rejected = PositionFactory(employer=host.employer, status="rejected",
                               status_reason_en="The period is too short.")  # fmt: skip
    client.force_login(host.user)
    html = client.get(reverse("internships:hosting")).content.decode()
    assert reverse("internships:edit_position", args=[submitted.pk]) in html
    assert reverse("internships:edit_position", args=[approved.pk]) not in html
    assert reverse("internships:withdraw_position", args=[approved.pk]) in html
    assert reverse("internships:withdraw_position", args=[rejected.pk]) not in html
    assert "The period is too short." in html


def test_the_employer_edits_a_submitted_position(client: Client, host) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme, employer=host.employer, status="submitted")
    client.force_login(host.user)
    url = reverse("internships:edit_position", args=[position.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["title_en"] == position.title_en
    response = client.post(url, form_data(programme, title_en="Guided tours", capacity=3))
    assert response.url == reverse("internships:hosting")
    position.refresh_from_db()
    assert (position.title_en, position.capacity) == ("Guided tours", 3)


def test_editing_an_approved_position_is_refused_with_a_clear_message(client: Client, host) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme, employer=host.employer, title_en="Tours")
    client.force_login(host.user)
    url = reverse("internships:edit_position", args=[position.pk])
    page = client.get(url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("internships:hosting")
    assert "CLAIR has approved this position, so it can no longer be changed" in (
        page.content.decode()
    )
    client.post(url, form_data(programme, title_en="Changed"))
    position.refresh_from_db()
    assert position.title_en == "Tours"


def test_another_employers_position_does_not_exist_for_them(client: Client, host) -> None:
    position = PositionFactory(employer=host.employer, status="submitted")
    client.force_login(OwnerFactory().user)
    assert client.get(reverse("internships:edit_position", args=[position.pk])).status_code == 404
    url = reverse("internships:withdraw_position", args=[position.pk])
    assert client.post(url).status_code == 404
    assert Position.objects.get(pk=position.pk).status == Position.Status.SUBMITTED


def test_the_employer_withdraws_after_being_asked(client: Client, host) -> None:
    position = PositionFactory(employer=host.employer)
    client.force_login(host.user)
    url = reverse("internships:withdraw_position", args=[position.pk])
    asked = client.get(url)
    assert "Applicants will no longer be able to choose this position" in asked.content.decode()
    assert Position.objects.get(pk=position.pk).status == Position.Status.APPROVED
    done = client.post(url, follow=True)
    assert "The position has been withdrawn" in done.content.decode()
    assert Position.objects.get(pk=position.pk).status == Position.Status.WITHDRAWN
    # Applicants no longer see it on the programme's page.
    html = Client().get(position.programme.get_absolute_url()).content.decode()
    assert position.title_en not in html


# --- Staff decide in admin ---------------------------------------------------------------------


def test_the_positions_page_has_approve_and_reject_buttons(
    client: Client, staff: User, host
) -> None:
    position = PositionFactory(employer=host.employer, status="submitted")
    client.force_login(staff)

    def buttons() -> list[str]:
        page = client.get(reverse("admin:internships_position_change", args=[position.pk]))
        return [label for _url, label in page.context["object_action_buttons"]]

    page = client.get(reverse("admin:internships_position_change", args=[position.pk]))
    for action in ("approve", "reject"):
        url = reverse("admin:internships_position_act", args=[position.pk, action])
        assert url in page.content.decode()
    assert buttons() == ["Approve", "Reject with a reason"]
    Position.objects.filter(pk=position.pk).update(status="approved")
    assert buttons() == ["Reject with a reason"]
    Position.objects.filter(pk=position.pk).update(status="withdrawn")
    assert buttons() == []


def test_staff_approve_from_the_positions_own_page(client: Client, staff: User, host) -> None:
    position = PositionFactory(employer=host.employer, status="submitted")
    client.force_login(staff)
    url = reverse("admin:internships_position_act", args=[position.pk, "approve"])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:internships_position_change", args=[position.pk]
    )
    assert "1 position approved" in response.content.decode()
    position.refresh_from_db()
    assert (position.status, position.reviewed_by) == (Position.Status.APPROVED, staff)
    assert len(outbox_for("owner@host.example")) == 1


def test_staff_reject_from_the_positions_page_with_a_reason(
    client: Client, staff: User, host
) -> None:
    position = PositionFactory(employer=host.employer, status="submitted")
    client.force_login(staff)
    url = reverse("admin:internships_position_act", args=[position.pk, "reject"])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "Every member of each organisation receives the reason below" in (asked.content.decode())
    assert Position.objects.get(pk=position.pk).status == Position.Status.SUBMITTED
    fields = {k: v[0] for k, v in hidden_fields(asked.content.decode()).items()}
    without = client.post(url, {**fields, "reason_ja": "", "reason_en": ""})
    assert without.status_code == 200  # asked again: a reason is required
    assert Position.objects.get(pk=position.pk).status == Position.Status.SUBMITTED
    client.post(url, {**fields, "reason_en": "Please give the dates."})
    position.refresh_from_db()
    assert (position.status, position.status_reason_en) == ("rejected", "Please give the dates.")
    assert "Please give the dates." in outbox_for("member@host.example")[0].message


def test_a_refused_decision_in_the_list_is_a_message(client: Client, staff: User, host) -> None:
    withdrawn = PositionFactory(employer=host.employer, status="withdrawn")
    fresh = PositionFactory(employer=host.employer, status="submitted")
    client.force_login(staff)
    response = client.post(
        reverse("admin:internships_position_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [withdrawn.pk, fresh.pk]},
        follow=True,
    )
    told = [str(m) for m in response.context["messages"]]
    assert any("withdrawn by the organisation" in m for m in told)
    assert "1 position approved; its organisation's members are told by e-mail." in told
    assert Position.objects.get(pk=fresh.pk).status == Position.Status.APPROVED


def test_screening_staff_cannot_decide_positions(client: Client) -> None:
    group = Group.objects.get(name=StaffGroup.INTERNSHIP_SCREENING)
    screener = StaffFactory(is_superuser=False, groups=[group])
    position = PositionFactory(status="submitted")
    client.force_login(screener)
    url = reverse("admin:internships_position_act", args=[position.pk, "approve"])
    assert client.post(url).status_code == 403
    assert Position.objects.get(pk=position.pk).status == Position.Status.SUBMITTED


@pytest.mark.parametrize("places", [0, 21, 99_999_999_999])
def test_a_position_offers_between_one_and_twenty_places(places: int) -> None:
    """Tester (#15): 99,999,999,999 and 0 places were accepted and shown on the hosting page."""
    from django.core.exceptions import ValidationError

    from internships.models import Position

    field = Position._meta.get_field("capacity")  # every form of a position takes its rule
    with pytest.raises(ValidationError):
        field.clean(places, None)
    assert field.clean(20, None) == 20
