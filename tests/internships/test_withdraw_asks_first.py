"""Withdrawing an internship application asks first (issue #16): the application's page links
to a page that says what withdrawing gives up and changes nothing; its button posts to the same
address, which withdraws through the service (as a direct POST always did). An application
that cannot be withdrawn goes back to its page with the reason, in both languages."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from internships import services
from internships.models import Application, Programme
from tests.internships.factories import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def logged_in(client: Client, application: Application, language: str = "en") -> Client:
    user = application.participant.user
    user.preferred_language = language
    user.save()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def withdraw_url(application: Application) -> str:
    return reverse("internships:withdraw", args=[application.pk])


def test_the_application_page_links_to_the_question_not_a_one_click_post(
    client: Client,
) -> None:
    application = ApplicationFactory(programme=ProgrammeFactory(title_en="Summer Internships"))
    page = logged_in(client, application).get(
        reverse("internships:application", args=[application.pk])
    )
    content = page.content.decode()
    assert f'href="{withdraw_url(application)}"' in content
    assert f'action="{withdraw_url(application)}"' not in content


def test_the_question_says_what_happens_and_changes_nothing(client: Client) -> None:
    application = ApplicationFactory(programme=ProgrammeFactory(title_en="Summer Internships"))
    response = logged_in(client, application).get(withdraw_url(application))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Withdraw your application to Summer Internships?" in page
    assert "no longer consider it in the screening and the matching" in page
    assert "you can apply again until" in page  # applications are still open
    assert "(Japan time)" in page
    assert '<form method="post"' in page
    assert "Keep my application" in page
    assert Application.objects.get(pk=application.pk).state == Application.State.SUBMITTED


def test_the_question_in_japanese(client: Client) -> None:
    application = ApplicationFactory(programme=ProgrammeFactory(title_ja="夏のインターンシップ"))
    page = logged_in(client, application, "ja").get(withdraw_url(application)).content.decode()
    assert "夏のインターンシップへの応募を取り下げますか？" in page
    assert "（日本時間）までであれば、改めて応募することができます。" in page
    assert "応募を取り下げる" in page
    assert "応募を取り下げない" in page


def test_confirming_withdraws_through_the_service(client: Client) -> None:
    application = ApplicationFactory()
    response = logged_in(client, application).post(withdraw_url(application), follow=True)
    assert response.redirect_chain[-1][0] == application.programme.get_absolute_url()
    assert "Your application has been withdrawn." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == Application.State.WITHDRAWN


def test_the_question_of_a_published_programme_sends_back_with_why(client: Client) -> None:
    application = ApplicationFactory(programme=ProgrammeFactory(state=Programme.State.PUBLISHED))
    response = logged_in(client, application).get(withdraw_url(application), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "internships:application", args=[application.pk]
    )
    assert "please decline your match instead" in response.content.decode()


def test_a_withdrawn_application_cannot_be_withdrawn_again(client: Client) -> None:
    application = ApplicationFactory(state=Application.State.WITHDRAWN)
    with pytest.raises(services.InternshipError, match="already withdrawn"):
        services.withdraw_application(application=application)
    response = logged_in(client, application).get(withdraw_url(application), follow=True)
    assert "Your application is already withdrawn." in response.content.decode()


def test_the_question_is_the_applicants_only(client: Client) -> None:
    application = ApplicationFactory()
    someone = ApplicationFactory().participant.user
    client.force_login(someone)
    assert client.get(withdraw_url(application)).status_code == 404
    assert client.post(withdraw_url(application)).status_code == 404
    assert Application.objects.get(pk=application.pk).state == Application.State.SUBMITTED
