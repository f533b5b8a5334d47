"""Employer pages: registration, the organisation's page and team, invitations, public pages,
and the staff's admin pages."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from employers import services
from employers.models import Employer, Invitation, Membership
from jetcareer.choices import Industry, Prefecture
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import (
    EmployerFactory,
    InvitationFactory,
    MembershipFactory,
    OwnerFactory,
)

pytestmark = pytest.mark.django_db

FORM = {
    "name_ja": "株式会社信州精密",
    "name_en": "Shinshu Precision Co., Ltd.",
    "industry": Industry.MANUFACTURING,
    "prefecture": Prefecture.NAGANO,
    "size": Employer.Size.MEDIUM,
    "website": "https://shinshu-precision.example",
    "description_ja": "精密部品のメーカーです。",
    "description_en": "We make precision parts.",
    "contact_name": "Tanaka Kenji",
    "contact_phone": "0263-12-3456",
}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def erika_team(erika) -> Membership:
    """Erika owns employer X (verified)."""
    return OwnerFactory(user=erika, employer__name_en="Employer X", employer__name_ja="X社")


# --- registration ---------------------------------------------------------------------------


def test_register_form_shows_for_an_employer_without_organisation(erika) -> None:
    response = logged_in(erika).get(reverse("employers:register"))

    assert response.status_code == 200
    assert 'name="name_ja"' in response.content.decode()


def test_register_creates_the_organisation_and_shows_it_pending(erika) -> None:
    client = logged_in(erika)

    response = client.post(reverse("employers:register"), FORM, follow=True)

    assert response.redirect_chain == [(reverse("employers:dashboard"), 302)]
    employer = Employer.objects.get()
    assert employer.status == Employer.Status.PENDING
    assert erika.employer_membership.role == Membership.Role.OWNER
    html = response.content.decode()
    assert "Pending verification" in html
    assert "CLAIR will verify your organisation" in html
    assert len(outbox_for(erika.email)) == 1


def test_register_normalises_a_full_width_phone_number(erika) -> None:
    logged_in(erika).post(
        reverse("employers:register"), {**FORM, "contact_phone": "０３－１２３４－５６７８"}
    )

    assert Employer.objects.get().contact_phone == "03-1234-5678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_phone", "call me maybe", "Enter a phone number with digits, spaces, hyphens"),
        ("contact_phone", "12-34", "Enter a phone number with digits, spaces, hyphens"),
        ("website", "ftp://files.example.com", "starting with http:// or https://"),
        ("website", "javascript:alert(1)", "starting with http:// or https://"),
        ("name_ja", "", "This field is required."),
        ("corporate_number", "2010005018812", "its first digit does not match"),
        ("corporate_number", "201000501881", "A corporate number has 13 digits; this one has 12"),
        ("corporate_number", "20100050188１X", "A corporate number has digits only"),
        ("name_kana", "Shinshu Seimitsu", "Enter the reading in katakana or hiragana only"),
        ("contact_name", "", "This field is required."),
        ("prefecture", "99", "Select a valid choice."),
    ],
)
def test_register_with_bad_input_explains_and_changes_nothing(erika, field, value, message) -> None:
    response = logged_in(erika).post(reverse("employers:register"), {**FORM, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employer.objects.exists()
    assert not Membership.objects.exists()
    assert Email.objects.count() == 0


def test_register_accepts_a_website_without_scheme_as_https(erika) -> None:
    logged_in(erika).post(reverse("employers:register"), {**FORM, "website": "www.example.co.jp"})

    assert Employer.objects.get().website == "https://www.example.co.jp"


def test_register_sends_a_member_to_the_dashboard(erika_team, erika) -> None:
    response = logged_in(erika).post(reverse("employers:register"), FORM)

    assert response.status_code == 302
    assert response.url == reverse("employers:dashboard")
    assert Employer.objects.count() == 1


def test_register_mentions_open_invitations_for_the_users_address(erika) -> None:
    InvitationFactory(email=erika.email, employer__name_en="Employer Y")

    html = logged_in(erika).get(reverse("employers:register")).content.decode()

    assert "You have been invited to join" in html
    assert "Employer Y" in html


def test_register_is_not_for_participants(alice) -> None:
    assert logged_in(alice).get(reverse("employers:register")).status_code == 403


# --- the organisation's page ----------------------------------------------------------------


def test_dashboard_sends_an_employer_without_organisation_to_register(erika) -> None:
    response = logged_in(erika).get(reverse("employers:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("employers:register")


def test_dashboard_shows_the_rejection_reason(erika) -> None:
    employer = EmployerFactory(rejected=True, status_reason_en="No website.")
    OwnerFactory(user=erika, employer=employer)

    html = logged_in(erika).get(reverse("employers:dashboard")).content.decode()

    assert "Rejected" in html
    assert "No website." in html


def test_dashboard_lists_the_team_with_controls_for_the_owner(erika_team, erika) -> None:
    colleague = MembershipFactory(employer=erika_team.employer, user__email="kenji@x.example")
    InvitationFactory(employer=erika_team.employer, email="open@x.example")

    html = logged_in(erika).get(reverse("employers:dashboard")).content.decode()

    assert "kenji@x.example" in html
    assert "open@x.example" in html
    assert reverse("employers:remove_member", args=[colleague.pk]) in html
    assert reverse("employers:transfer_ownership", args=[colleague.pk]) in html
    assert reverse("employers:invite") in html


def test_dashboard_shows_a_member_the_team_without_controls(erika_team) -> None:
    member = MembershipFactory(employer=erika_team.employer).user
    InvitationFactory(employer=erika_team.employer, email="open@x.example")

    html = logged_in(member).get(reverse("employers:dashboard")).content.decode()

    assert "erika@employer-x.example" in html
    assert "open@x.example" not in html
    assert "/remove/" not in html
    assert reverse("employers:invite") not in html


def test_dashboard_query_count_does_not_grow_with_the_team(
    erika_team, erika, django_assert_max_num_queries
) -> None:
    client = logged_in(erika)
    client.get(reverse("employers:dashboard"))  # warm the session
    MembershipFactory.create_batch(5, employer=erika_team.employer)
    InvitationFactory.create_batch(5, employer=erika_team.employer)

    with django_assert_max_num_queries(10):
        client.get(reverse("employers:dashboard"))


# --- editing --------------------------------------------------------------------------------


def test_a_member_edits_the_names_and_the_employer_stays_verified(erika_team) -> None:
    member = MembershipFactory(employer=erika_team.employer).user

    response = logged_in(member).post(
        reverse("employers:edit"), {**FORM, "name_en": "Employer X Holdings"}
    )

    assert response.status_code == 302
    employer = Employer.objects.get(pk=erika_team.employer_id)
    assert (employer.name_en, employer.status) == ("Employer X Holdings", "verified")
    assert employer.slug == erika_team.employer.slug  # public address stays stable


def test_edit_with_bad_input_changes_nothing(erika_team, erika) -> None:
    response = logged_in(erika).post(
        reverse("employers:edit"), {**FORM, "name_en": "Renamed", "contact_phone": "abc"}
    )

    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    assert Employer.objects.get().name_en == "Employer X"


def test_edit_form_is_prefilled(erika_team, erika) -> None:
    html = logged_in(erika).get(reverse("employers:edit")).content.decode()

    assert 'value="Employer X"' in html


# --- team management ------------------------------------------------------------------------


def test_owner_invites_a_colleague(erika_team, erika) -> None:
    response = logged_in(erika).post(reverse("employers:invite"), {"email": "Kenji@X.example"})

    assert response.status_code == 302
    assert Invitation.objects.get().email == "kenji@x.example"
    assert len(outbox_for("kenji@x.example")) == 1


def test_invite_in_japanese_when_the_owner_uses_japanese(erika_team, erika) -> None:
    logged_in(erika).post(
        reverse("employers:invite"), {"email": "kenji@x.example"}, HTTP_ACCEPT_LANGUAGE="ja"
    )

    [mail] = outbox_for("kenji@x.example")
    assert "X社" in mail.subject


def test_invite_with_a_bad_address_explains_and_changes_nothing(erika_team, erika) -> None:
    response = logged_in(erika).post(reverse("employers:invite"), {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert Email.objects.count() == 0


def test_inviting_a_team_member_shows_why_not(erika_team, erika) -> None:
    response = logged_in(erika).post(
        reverse("employers:invite"), {"email": erika.email}, follow=True
    )

    assert "is already on your team" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("name", ["invite", "remove_member", "transfer_ownership"])
def test_a_member_who_is_not_owner_cannot_manage_the_team(erika_team, name) -> None:
    member = MembershipFactory(employer=erika_team.employer).user
    args = [] if name == "invite" else [erika_team.pk]

    response = logged_in(member).post(reverse(f"employers:{name}", args=args), {"email": "a@b.c"})

    assert response.status_code == 403
    erika_team.refresh_from_db()
    assert erika_team.role == Membership.Role.OWNER
    assert not Invitation.objects.exists()


def test_owner_removes_a_member(erika_team, erika) -> None:
    colleague = MembershipFactory(employer=erika_team.employer)

    response = logged_in(erika).post(
        reverse("employers:remove_member", args=[colleague.pk]), follow=True
    )

    assert "is no longer on the team" in response.content.decode()
    assert not Membership.objects.filter(pk=colleague.pk).exists()


def test_owner_cannot_remove_themselves(erika_team, erika) -> None:
    response = logged_in(erika).post(
        reverse("employers:remove_member", args=[erika_team.pk]), follow=True
    )

    assert "hand over ownership" in response.content.decode()
    assert Membership.objects.filter(pk=erika_team.pk).exists()


def test_owner_cannot_touch_another_employers_member(erika_team, erika) -> None:
    stranger = MembershipFactory()

    for name in ("remove_member", "transfer_ownership"):
        response = logged_in(erika).post(reverse(f"employers:{name}", args=[stranger.pk]))
        assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Membership.Role.MEMBER


def test_owner_hands_over_ownership(erika_team, erika) -> None:
    colleague = MembershipFactory(employer=erika_team.employer)

    logged_in(erika).post(reverse("employers:transfer_ownership", args=[colleague.pk]))

    colleague.refresh_from_db()
    erika_team.refresh_from_db()
    assert (colleague.role, erika_team.role) == ("owner", "member")
    # The former owner no longer has the controls.
    response = logged_in(erika).post(reverse("employers:invite"), {"email": "a@b.example"})
    assert response.status_code == 403


def test_owner_withdraws_an_open_invitation(erika_team, erika) -> None:
    invitation = InvitationFactory(employer=erika_team.employer)

    logged_in(erika).post(reverse("employers:revoke_invitation", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_owner_cannot_withdraw_another_employers_invitation(erika_team, erika) -> None:
    invitation = InvitationFactory()

    response = logged_in(erika).post(reverse("employers:revoke_invitation", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open


# --- accepting an invitation ----------------------------------------------------------------


@pytest.fixture
def invitation(erika_team) -> Invitation:
    return InvitationFactory(employer=erika_team.employer, email="kenji@x.example", invited_by=None)


def accept_url(invitation: Invitation) -> str:
    return reverse("employers:accept_invitation", args=[services.invitation_token(invitation)])


def test_an_anonymous_visitor_sees_the_organisation_and_how_to_join(invitation) -> None:
    url = accept_url(invitation)

    html = Client().get(url).content.decode()

    assert "Join Employer X" in html
    assert "/accounts/signup/?email=kenji%40x.example&amp;next=" in html
    assert f"/accounts/login/?next={url.replace(':', '%3A').replace('/', '%2F')}" in html


def test_an_anonymous_post_goes_to_login(invitation) -> None:
    url = accept_url(invitation)

    response = Client().post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")


def test_the_invited_employer_user_joins(invitation) -> None:
    kenji = EmployerUserFactory(email="kenji@x.example")
    client = logged_in(kenji)
    url = accept_url(invitation)
    assert "Join Employer X" in client.get(url).content.decode()

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("employers:dashboard"), 302)]
    assert "Welcome to the team." in response.content.decode()
    assert kenji.employer_membership.employer == invitation.employer


def test_a_participant_cannot_join_and_is_told_why(invitation) -> None:
    participant = UserFactory(email="kenji@x.example")
    client = logged_in(participant)

    get = client.get(accept_url(invitation))
    post = client.post(accept_url(invitation))

    assert "Only employer accounts" in get.content.decode()
    assert '<button type="submit" class="btn btn-primary">' not in get.content.decode()
    assert post.status_code == 403
    assert "Only employer accounts" in post.content.decode()
    assert not Membership.objects.filter(user=participant).exists()


def test_a_different_address_is_told_which_address_was_invited(invitation) -> None:
    other = EmployerUserFactory(email="other@x.example")

    response = logged_in(other).post(accept_url(invitation))

    assert response.status_code == 200
    assert "This invitation was sent to kenji@x.example" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_a_tampered_link_shows_a_clear_message(invitation) -> None:
    url = accept_url(invitation)[:-2] + "x/"

    response = Client().get(url)

    assert response.status_code == 200
    assert "This invitation link is not valid" in response.content.decode()


def test_a_used_link_shows_a_clear_message(invitation) -> None:
    kenji = EmployerUserFactory(email="kenji@x.example")
    url = accept_url(invitation)
    logged_in(kenji).post(url)

    response = logged_in(kenji).get(url)

    assert "This invitation has already been used." in response.content.decode()


# --- public pages ---------------------------------------------------------------------------


def test_public_page_of_a_verified_employer_in_the_visitors_language() -> None:
    employer = EmployerFactory(name_en="Kiso Travel", name_ja="木曽トラベル", description_ja="")

    english = Client().get(employer.get_absolute_url()).content.decode()
    japanese = Client().get(employer.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert '<h1 class="h3">Kiso Travel</h1>' in english
    assert "We build things." in english
    assert '<h1 class="h3">木曽トラベル</h1>' in japanese
    assert "We build things." in japanese  # falls back to the English description
    assert "https://www.example.co.jp" in english
    assert "Tokyo" in english


@pytest.mark.parametrize("state", ["pending", "rejected"])
def test_public_page_of_an_unverified_employer_is_not_found_even_for_its_members(
    erika, state
) -> None:
    employer = EmployerFactory(**{state: True})
    OwnerFactory(user=erika, employer=employer)

    assert Client().get(employer.get_absolute_url()).status_code == 404
    assert logged_in(erika).get(employer.get_absolute_url()).status_code == 404


def test_public_list_shows_verified_employers_by_name() -> None:
    EmployerFactory(name_en="Beta Corp")
    EmployerFactory(name_en="Alpha Inc")
    EmployerFactory(name_en="Gamma Pending", pending=True)

    html = Client().get(reverse("employers:list")).content.decode()

    assert html.index("Alpha Inc") < html.index("Beta Corp")
    assert "Gamma Pending" not in html


def test_public_list_query_count_does_not_depend_on_rows(django_assert_num_queries) -> None:
    EmployerFactory.create_batch(3)
    with django_assert_num_queries(2):  # count for the pages, then the page of employers
        Client().get(reverse("employers:list"))
    EmployerFactory.create_batch(10)
    with django_assert_num_queries(2):
        Client().get(reverse("employers:list"))


# --- staff admin ----------------------------------------------------------------------------


@pytest.fixture
def admin_client_(staff) -> Client:
    return logged_in(staff)


def test_admin_pages_render(admin_client_, erika_team) -> None:
    employer = erika_team.employer
    InvitationFactory(employer=employer)
    urls = [
        reverse("admin:employers_employer_changelist"),
        reverse("admin:employers_employer_changelist") + "?q=erika%40employer-x",
        reverse("admin:employers_employer_changelist") + "?status__exact=pending",
        reverse("admin:employers_employer_change", args=[employer.pk]),
        reverse("admin:employers_employer_history", args=[employer.pk]),
        reverse("admin:employers_employer_export"),
        reverse("admin:employers_invitation_changelist"),
    ]
    for url in urls:
        assert admin_client_.get(url).status_code == 200, url


def test_admin_search_finds_an_employer_by_member_address(admin_client_, erika_team) -> None:
    EmployerFactory(name_en="Unrelated Ltd")

    response = admin_client_.get(
        reverse("admin:employers_employer_changelist"), {"q": "erika@employer-x"}
    )

    html = response.content.decode()
    assert "Employer X" in html
    assert "Unrelated Ltd" not in html


def test_admin_verify_action_asks_first_then_verifies_and_mails(admin_client_, erika) -> None:
    employer = EmployerFactory(pending=True)
    OwnerFactory(user=erika, employer=employer)
    MembershipFactory(employer=employer)
    changelist = reverse("admin:employers_employer_changelist")

    ask = admin_client_.post(
        changelist, {"action": "verify_selected", ACTION_CHECKBOX_NAME: [employer.pk]}
    )
    page = ask.content.decode()
    assert "2 members will be told by e-mail" in page
    assert 'value="Verify and e-mail the members"' in page
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING  # asking changed nothing
    assert Email.objects.count() == 0

    response = admin_client_.post(changelist, hidden_fields(page), follow=True)

    assert "1 employer verified" in response.content.decode()
    employer.refresh_from_db()
    assert employer.status == Employer.Status.VERIFIED
    assert len(outbox_for(erika.email)) == 1


def test_admin_reject_action_asks_for_a_reason_first(admin_client_, erika) -> None:
    employer = EmployerFactory(pending=True)
    OwnerFactory(user=erika, employer=employer)
    changelist = reverse("admin:employers_employer_changelist")
    data = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [employer.pk], "index": 0}

    ask = admin_client_.post(changelist, data)
    assert ask.status_code == 200
    page = ask.content.decode()
    assert 'name="reason_ja"' in page
    assert 'name="reason_en"' in page
    assert "These employers will be rejected." in page
    assert f"{employer.name_ja} / {employer.name_en} (Pending verification)" in page
    assert 'value="Reject and send the reason"' in page
    empty = admin_client_.post(changelist, {**data, "apply": "1", "reason_ja": "", "reason_en": ""})
    assert empty.status_code == 200
    employer.refresh_from_db()
    assert employer.status == Employer.Status.PENDING

    # The page posts the action and the selection back with the reason.
    done = admin_client_.post(
        changelist, {**hidden_fields(page), "reason_en": "Please add a website."}, follow=True
    )

    assert "1 employer rejected" in done.content.decode()
    employer.refresh_from_db()
    assert (employer.status, employer.status_reason_en) == ("rejected", "Please add a website.")
    [mail] = outbox_for(erika.email)
    assert "Please add a website." in mail.message


def test_admin_csv_export_lists_owner(admin_client_, erika_team) -> None:
    from employers.admin import EmployerResource

    dataset = EmployerResource().export()

    assert dataset.dict[0]["owner_email"] == "erika@employer-x.example"
    assert dataset.dict[0]["member_count"] == 1
