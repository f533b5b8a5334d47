"""The language of a person's e-mails: kept apart from the page language, set on its own page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.accounts import services
from jetcareer.accounts.models import User
from tests.conftest import outbox_for

pytestmark = pytest.mark.django_db

URL = "/accounts/email-language/"


def test_the_page_lives_under_accounts() -> None:
    assert reverse("accounts:email_language") == URL


# The page-language switcher -------------------------------------------------------------------


@pytest.mark.parametrize(("person", "page_language"), [("alice", "ja"), ("erika", "en")])
def test_switching_the_page_language_keeps_the_email_language(
    client: Client, request: pytest.FixtureRequest, person: str, page_language: str
) -> None:
    user: User = request.getfixturevalue(person)
    stored = user.preferred_language
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": page_language, "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == page_language
    user.refresh_from_db()
    assert user.preferred_language == stored


def test_mail_after_browsing_in_japanese_is_still_in_the_chosen_language(
    client: Client, alice: User
) -> None:
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    client.logout()

    client.post(reverse("account_reset_password"), {"email": alice.email})

    [mail] = outbox_for(alice.email)
    assert mail.subject.startswith("[JET Career Portal] ")


# The page ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={URL}"

    response = client.post(URL, {"preferred_language": "ja"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["alice", "erika", "staff"])
def test_every_account_type_finds_the_page_in_the_account_menu(
    client: Client, request: pytest.FixtureRequest, person: str
) -> None:
    client.force_login(request.getfixturevalue(person))

    account_page = client.get(reverse("account_email")).content.decode()
    assert f'href="{URL}"' in account_page
    assert "Language of my e-mails" in account_page
    assert '<a class="nav-link active" href="/accounts/email/"' in account_page

    page = client.get(URL)
    assert page.status_code == 200
    assert '<a class="nav-link active" href="/accounts/email-language/"' in page.content.decode()


def test_the_page_shows_the_current_language(client: Client, erika: User) -> None:
    client.force_login(erika)

    html = client.get(URL).content.decode()

    assert "Your e-mails are currently sent in <strong>Japanese</strong>." in html
    assert 'value="ja"  id="id_preferred_language_1" required checked' in html
    assert 'value="en"  id="id_preferred_language_0" required checked' not in html


def test_saving_changes_the_email_language_and_says_so(client: Client, alice: User) -> None:
    client.force_login(alice)

    response = client.post(URL, {"preferred_language": "ja"})

    assert response.status_code == 302
    assert response.url == URL
    alice.refresh_from_db()
    assert alice.preferred_language == "ja"
    html = client.get(URL).content.decode()
    assert "Saved. Your e-mails will be sent in Japanese." in html
    assert "Your e-mails are currently sent in <strong>Japanese</strong>." in html
    assert 'lang="en"' in html  # the pages stay in their own language
    assert "django_language" not in response.cookies


def test_the_success_message_is_in_the_language_of_the_page(client: Client, erika: User) -> None:
    client.force_login(erika)
    client.cookies["django_language"] = "ja"

    response = client.post(URL, {"preferred_language": "en"}, follow=True)

    erika.refresh_from_db()
    assert erika.preferred_language == "en"
    html = response.content.decode()
    assert "保存しました。今後のメールは英語でお送りします。" in html
    assert 'lang="ja"' in html


def test_the_chosen_language_is_the_language_of_the_next_mail(client: Client, alice: User) -> None:
    client.force_login(alice)
    client.post(URL, {"preferred_language": "ja"})
    client.logout()

    client.post(reverse("account_reset_password"), {"email": alice.email})

    [mail] = outbox_for(alice.email)
    assert mail.subject.startswith("[JETキャリアポータル] ")


@pytest.mark.parametrize(
    "data",
    [
        {"preferred_language": "fr"},
        {"preferred_language": "JA"},
        {"preferred_language": "ja-jp"},
        {"preferred_language": ""},
        {"preferred_language": "x" * 5000},
        {},
    ],
    ids=["other-language", "upper-case", "region", "empty", "long", "missing"],
)
def test_bad_input_gets_a_form_error_and_changes_nothing(
    client: Client, erika: User, data: dict[str, str]
) -> None:
    client.force_login(erika)

    response = client.post(URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["preferred_language"]
    html = response.content.decode()
    assert 'id="id_preferred_language_error"' in html
    assert "Your e-mails are currently sent in <strong>Japanese</strong>." in html
    erika.refresh_from_db()
    assert erika.preferred_language == "ja"


def test_a_get_with_a_language_in_the_query_changes_nothing(client: Client, alice: User) -> None:
    client.force_login(alice)

    assert client.get(URL, {"preferred_language": "ja"}).status_code == 200

    alice.refresh_from_db()
    assert alice.preferred_language == "en"


def test_other_methods_are_refused(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.put(URL, {"preferred_language": "ja"}).status_code == 405


# The service -------------------------------------------------------------------------------


def test_set_email_language_stores_the_language(alice: User) -> None:
    services.set_email_language(alice, "ja")

    assert User.objects.get(pk=alice.pk).preferred_language == "ja"


def test_set_email_language_refuses_a_language_not_offered(alice: User) -> None:
    with pytest.raises(ValueError, match="fr"):
        services.set_email_language(alice, "fr")

    assert alice.preferred_language == "en"
    assert User.objects.get(pk=alice.pk).preferred_language == "en"


def test_set_email_language_writes_nothing_when_unchanged(
    alice: User, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        services.set_email_language(alice, "en")
