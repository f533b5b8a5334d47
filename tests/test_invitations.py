"""One invitation mechanism (jetcareer.invitations) for employers' teams and host organisations:
one page for both links, links that open only their own kind, one rule for the mail's language."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from employers import services as employer_services
from employers.models import Membership
from regional.models import HostMembership
from regional.services import members
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.conftest import outbox_for
from tests.employers.factories import InvitationFactory, OwnerFactory
from tests.regional.factories import PrefectureHostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer_invitation(erika):
    team = OwnerFactory(user=erika, employer__name_en="Employer X")
    return InvitationFactory(employer=team.employer, email="kenji@x.example")


@pytest.fixture
def host_invitation(staff):
    return members.invite_host_member(
        host=PrefectureHostFactory(), email="kenji@x.example", by=staff
    )


def employer_link(invitation) -> str:
    token = employer_services.invitation_token(invitation)
    return reverse("employers:accept_invitation", args=[token])


def host_link(invitation) -> str:
    return reverse("regional:accept_invitation", args=[members.invitation_token(invitation)])


def test_both_links_open_the_one_shared_page_in_their_own_words(
    employer_invitation, host_invitation
) -> None:
    employer_page = Client().get(employer_link(employer_invitation))
    host_page = Client().get(host_link(host_invitation))

    for page in (employer_page, host_page):
        assert "invitations/invitation_accept.html" in [t.name for t in page.templates]
    assert "Join Employer X" in employer_page.content.decode()
    assert "Act for Nagano Prefecture" in host_page.content.decode()


def test_a_link_opens_only_its_own_kind_of_invitation(employer_invitation, host_invitation) -> None:
    # The same id signed for one kind must not be read as the other kind's invitation.
    kenji = EmployerUserFactory(email="kenji@x.example")
    client = Client()
    client.force_login(kenji)
    employer_token = employer_services.invitation_token(employer_invitation)
    host_token = members.invitation_token(host_invitation)

    as_host = client.post(reverse("regional:accept_invitation", args=[employer_token]))
    as_employer = client.post(reverse("employers:accept_invitation", args=[host_token]))

    assert "This invitation link is not valid" in as_host.content.decode()
    assert "This invitation link is not valid" in as_employer.content.decode()
    assert not HostMembership.objects.exists()
    assert not Membership.objects.filter(user=kenji).exists()


def test_a_host_invitation_to_a_secondary_address_is_in_that_accounts_language(staff) -> None:
    # The same rule as employers' invitations (outbox.recipient_language): an address the
    # person added to their account counts as theirs.
    cir = UserFactory(email="cir@example.com", preferred_language="en")
    EmailAddress.objects.create(user=cir, email="cir@pref.nagano.example", verified=True)

    members.invite_host_member(
        host=PrefectureHostFactory(), email="cir@pref.nagano.example", by=staff, language="ja"
    )

    [mail] = outbox_for("cir@pref.nagano.example")
    assert "Nagano Prefecture" in mail.subject
    assert 'lang="en"' in mail.html_message
