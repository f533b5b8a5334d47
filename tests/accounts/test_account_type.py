"""The account type: fixed by an invitation link at sign-up, and changed by a person who chose
the wrong one before using the account (jetcareer.accounts.services.change_account_type)."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from employers import services as employer_services
from employers.models import Membership
from events.services import calendar_feeds
from jetcareer.accounts import services
from jetcareer.accounts.models import User
from participants.models import ParticipantProfile
from regional.services import members as host_members
from tests.accounts.factories import PASSWORD, EmployerUserFactory, UserFactory
from tests.conftest import outbox_for
from tests.employers.factories import InvitationFactory, MembershipFactory, OwnerFactory
from tests.events.factories import RegistrationFactory
from tests.participants.factories import ProfileFactory, pdf_bytes
from tests.regional.factories import PrefectureHostFactory

pytestmark = pytest.mark.django_db

PARTICIPANT = User.AccountType.PARTICIPANT
EMPLOYER = User.AccountType.EMPLOYER
URL = "/accounts/account-type/"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The rule (service) ---------------------------------------------------------------------


def test_a_new_participant_may_become_an_employer(alice) -> None:
    assert services.account_type_change_refusal(user=alice, to=EMPLOYER) is None

    services.change_account_type(user=alice, to=EMPLOYER)

    alice.refresh_from_db()
    assert alice.account_type == EMPLOYER


def test_the_basic_profile_is_no_use_and_goes_with_the_change(alice) -> None:
    ProfileFactory(user=alice)

    services.change_account_type(user=alice, to=EMPLOYER)

    assert not ParticipantProfile.objects.filter(user=alice).exists()
    assert User.objects.get(pk=alice.pk).is_employer


@pytest.mark.parametrize(
    ("use", "words"),
    [
        (lambda profile: RegistrationFactory(participant=profile), "registrations"),
        (
            lambda profile: ParticipantProfile.objects.filter(pk=profile.pk).update(
                shares_with_employers=True
            ),
            "consent to share your profile with employers",
        ),
        (
            lambda profile: ParticipantProfile.objects.filter(pk=profile.pk).update(
                is_advisor=True
            ),
            "volunteering as an advisor",
        ),
    ],
)
def test_a_used_participant_account_stays_one(alice, use, words) -> None:
    profile = ProfileFactory(user=alice)
    use(profile)
    alice = User.objects.get(pk=alice.pk)  # as the next request reads it

    refusal = services.account_type_change_refusal(user=alice, to=EMPLOYER)

    assert refusal is not None
    assert "already been used as a participant account" in refusal
    assert words in refusal
    with pytest.raises(services.AccountTypeError):
        services.change_account_type(user=alice, to=EMPLOYER)
    alice.refresh_from_db()
    assert alice.is_participant
    assert ParticipantProfile.objects.filter(user=alice).exists()


def test_a_cv_is_a_use(alice, settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    profile = ProfileFactory(user=alice)
    profile.cv.save("cv.pdf", ContentFile(pdf_bytes()))

    assert "a CV" in services.account_type_change_refusal(user=alice, to=EMPLOYER)


def test_a_calendar_address_the_portal_made_is_no_use(alice) -> None:
    profile = ProfileFactory(user=alice)
    calendar_feeds.feed_for(profile=profile)

    assert services.account_type_change_refusal(user=alice, to=EMPLOYER) is None


def test_an_employer_outside_any_organisation_may_become_a_participant(erika) -> None:
    services.change_account_type(user=erika, to=PARTICIPANT)

    erika.refresh_from_db()
    assert erika.is_participant


def test_a_member_of_an_organisation_stays_an_employer(erika) -> None:
    employer = OwnerFactory().employer
    MembershipFactory(user=erika, employer=employer)

    refusal = services.account_type_change_refusal(user=erika, to=PARTICIPANT)

    assert f"Your account belongs to {employer.name}" in refusal
    assert "Ask the owner to remove you" in refusal
    with pytest.raises(services.AccountTypeError):
        services.change_account_type(user=erika, to=PARTICIPANT)
    erika.refresh_from_db()
    assert erika.is_employer


def test_the_owner_is_told_to_hand_over_first(erika) -> None:
    OwnerFactory(user=erika)

    assert "Hand over ownership" in services.account_type_change_refusal(user=erika, to=PARTICIPANT)


def test_removed_from_the_team_the_member_may_change(erika) -> None:
    owner = OwnerFactory()
    membership = MembershipFactory(user=erika, employer=owner.employer)
    employer_services.remove_member(membership=membership, by=owner.user)
    erika = User.objects.get(pk=erika.pk)  # as the next request reads it

    assert services.account_type_change_refusal(user=erika, to=PARTICIPANT) is None


@pytest.mark.parametrize("to", [PARTICIPANT, EMPLOYER, "staff", "superuser"])
def test_staff_accounts_never_change_here(staff, to) -> None:
    with pytest.raises(services.AccountTypeError, match="staff account"):
        services.change_account_type(user=staff, to=to)


def test_only_the_two_public_types_can_be_chosen(alice) -> None:
    with pytest.raises(services.AccountTypeError):
        services.change_account_type(user=alice, to="staff")
    with pytest.raises(services.AccountTypeError, match="already of this type"):
        services.change_account_type(user=alice, to=PARTICIPANT)
    alice.refresh_from_db()
    assert alice.is_participant
    assert not alice.is_staff


# --- The page -------------------------------------------------------------------------------


def test_the_page_lives_under_accounts() -> None:
    assert reverse("accounts:account_type") == URL


def test_the_page_offers_the_change_and_makes_it(alice) -> None:
    client = logged_in(alice)
    page = client.get(URL).content.decode()
    assert 'name="account_type" value="employer"' in page

    response = client.post(URL, {"account_type": EMPLOYER})

    assert response.url == reverse("employers:register")  # an employer's next step
    alice.refresh_from_db()
    assert alice.is_employer


def test_the_page_explains_why_a_used_account_cannot_change(alice) -> None:
    RegistrationFactory(participant=ProfileFactory(user=alice))
    client = logged_in(alice)

    page = client.get(URL).content.decode()
    posted = client.post(URL, {"account_type": EMPLOYER}, follow=True)

    assert "already been used as a participant account" in page
    assert 'name="account_type"' not in page  # no button to press
    assert "already been used as a participant account" in posted.content.decode()
    alice.refresh_from_db()
    assert alice.is_participant


def test_the_page_is_a_tab_of_the_account_settings(alice, staff) -> None:
    assert URL in logged_in(alice).get(reverse("accounts:email_language")).content.decode()
    assert URL not in logged_in(staff).get(reverse("accounts:email_language")).content.decode()


def test_the_page_does_not_send_people_to_another_site(erika) -> None:
    response = logged_in(erika).post(
        URL, {"account_type": PARTICIPANT, "next": "https://evil.example/"}
    )
    assert response.url == reverse("participants:profile")


# --- An invitation fixes the type at sign-up ------------------------------------------------


@pytest.fixture
def invitation():
    owner = OwnerFactory(employer__name_en="Kiso Travel", employer__name_ja="木曽トラベル")
    return InvitationFactory(employer=owner.employer, email="mai@kiso-travel.example")


def invitation_path(invitation) -> str:
    return reverse(
        "employers:accept_invitation", args=[employer_services.invitation_token(invitation)]
    )


def sign_up(client: Client, email: str, account_type: str, next_path: str = ""):
    data = {
        "account_type": account_type,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "ja",
    }
    if next_path:
        data["next"] = next_path
    return client.post(reverse("account_signup"), data)


def test_signing_up_from_an_invitation_makes_an_employer_whatever_is_chosen(invitation) -> None:
    path = invitation_path(invitation)

    response = sign_up(Client(), invitation.email, PARTICIPANT, next_path=path)

    assert response.status_code == 302
    assert User.objects.get(email=invitation.email).account_type == EMPLOYER


def test_the_sign_up_page_of_an_invitation_shows_the_type_fixed(invitation) -> None:
    query = {"email": invitation.email, "next": invitation_path(invitation)}

    html = Client().get(reverse("account_signup"), query).content.decode()

    employer_radio = re.search(r'<input[^>]*value="employer"[^>]*>', html).group(0)
    assert "checked" in employer_radio
    assert "disabled" in employer_radio
    assert "invitation to join Kiso Travel" in html


def test_the_invited_colleague_signs_up_confirms_and_joins(invitation) -> None:
    client = Client()
    path = invitation_path(invitation)
    sign_up(client, invitation.email, PARTICIPANT, next_path=path)
    body = outbox_for(invitation.email)[-1].message
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)

    confirmed = client.post(link)
    assert confirmed.url == path  # allauth keeps `next` through the confirmation
    joined = client.post(path)

    assert joined.url == reverse("employers:dashboard")
    assert Membership.objects.get(user__email=invitation.email).employer == invitation.employer


@pytest.mark.parametrize(
    "next_path",
    ["", "/events/", "/employers/invitations/not-a-token/", "https://evil.example/x"],
)
def test_without_a_valid_invitation_the_choice_is_the_persons(next_path) -> None:
    sign_up(Client(), "free@example.com", PARTICIPANT, next_path=next_path)

    assert User.objects.get(email="free@example.com").account_type == PARTICIPANT


def test_a_withdrawn_invitation_fixes_nothing(invitation) -> None:
    path = invitation_path(invitation)
    owner = invitation.employer.memberships.get().user
    employer_services.revoke_invitation(invitation=invitation, by=owner)

    sign_up(Client(), invitation.email, PARTICIPANT, next_path=path)

    assert User.objects.get(email=invitation.email).account_type == PARTICIPANT


def test_a_host_invitation_leaves_the_choice_to_the_person(staff) -> None:
    host = PrefectureHostFactory()
    invitation = host_members.invite_host_member(host=host, email="new@pref.example", by=staff)
    path = reverse("regional:accept_invitation", args=[host_members.invitation_token(invitation)])

    sign_up(Client(), "new@pref.example", PARTICIPANT, next_path=path)

    assert User.objects.get(email="new@pref.example").account_type == PARTICIPANT


# --- An invitee who signed up as a participant is no longer stuck -----------------------------


def test_an_invited_participant_changes_the_type_and_joins(invitation) -> None:
    kenji = UserFactory(email=invitation.email)
    client = logged_in(kenji)
    path = invitation_path(invitation)

    page = client.get(path).content.decode()
    assert "Only employer accounts" in page
    change = re.search(r'href="(/accounts/account-type/\?next=[^"]+)"', page).group(1)
    assert client.get(change.replace("&amp;", "&")).status_code == 200

    changed = client.post(URL, {"account_type": EMPLOYER, "next": path})
    assert changed.url == path
    joined = client.post(path)

    assert joined.url == reverse("employers:dashboard")
    assert Membership.objects.get(user=kenji).employer == invitation.employer


def test_an_invited_employer_sees_no_change_link(invitation) -> None:
    kenji = EmployerUserFactory(email=invitation.email)

    page = logged_in(kenji).get(invitation_path(invitation)).content.decode()

    assert "/accounts/account-type/" not in page
