"""The matching result page (issue #16): the answer deadline in the reader's date format, a
decline that asks first, and the report after the internship only once it has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from internships import services
from internships.models import Outcome, Period
from jetcareer.web.dates import format_when
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)

pytestmark = pytest.mark.django_db


def offer(**outcome: object) -> Outcome:
    """A pending offer of "Tour planning" answerable for three more days."""
    programme = ProgrammeFactory(response_deadline=timezone.now() + timedelta(days=3))
    position = PositionFactory(programme=programme, title_en="Tour planning")
    application = ApplicationFactory(programme=programme)
    return published_offer(position, application, **outcome)


def result_page(client: Client, outcome: Outcome, language: str = "en") -> str:
    client.force_login(outcome.application.participant.user)
    url = reverse("internships:application", args=[outcome.application_id])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def end_internship(outcome: Outcome, days_ago: int) -> None:
    """Move the position's period so that its last day was `days_ago` days ago (0: today)."""
    last = timezone.localdate() - timedelta(days=days_ago)
    Period.objects.filter(pk=outcome.position.period_id).update(
        starts_on=last - timedelta(days=4), ends_on=last
    )


# --- Declining asks first ----------------------------------------------------------------------


def test_decline_is_a_link_to_a_page_that_asks_first(client: Client) -> None:
    outcome = offer()
    html = result_page(client, outcome)
    decline_url = reverse("internships:decline", args=[outcome.pk])
    assert f'href="{decline_url}"' in html
    assert 'value="decline"' not in html  # no one-click decline on the result page
    assert 'value="accept"' in html  # accepting stays one click

    page = client.get(decline_url).content.decode()
    assert "Tour planning" in page
    assert outcome.position.employer.name_en in page
    assert 'value="decline"' in page
    assert Outcome.objects.get(pk=outcome.pk).response == Outcome.Response.PENDING

    response = client.post(
        reverse("internships:respond", args=[outcome.pk]), {"answer": "decline"}, follow=True
    )
    assert "You declined the internship." in response.content.decode()
    assert Outcome.objects.get(pk=outcome.pk).response == Outcome.Response.DECLINED


def test_the_decline_page_of_an_answered_offer_sends_back_with_why(client: Client) -> None:
    outcome = offer(response=Outcome.Response.DECLINED)
    client.force_login(outcome.application.participant.user)
    response = client.get(reverse("internships:decline", args=[outcome.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "internships:application", args=[outcome.application_id]
    )
    assert "You have already answered." in response.content.decode()


def test_the_decline_page_is_the_applicants_only(client: Client) -> None:
    outcome = offer()
    someone = ApplicationFactory().participant
    client.force_login(someone.user)
    assert client.get(reverse("internships:decline", args=[outcome.pk])).status_code == 404


# --- The deadline, as each reader writes dates -------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_answer_deadline_is_shown_in_the_readers_date_format(
    client: Client, language: str
) -> None:
    outcome = offer()
    html = result_page(client, outcome, language)
    with translation.override(language):
        expected = format_when(outcome.run.programme.response_deadline)
    assert expected in html
    assert outcome.run.programme.response_deadline.date().isoformat() not in html


def test_a_passed_deadline_says_so_and_offers_no_answer(client: Client) -> None:
    outcome = offer()
    outcome.run.programme.response_deadline = timezone.now() - timedelta(minutes=1)
    outcome.run.programme.save(update_fields=["response_deadline"])
    html = result_page(client, outcome)
    assert "The deadline to answer has passed." in html
    assert 'value="accept"' not in html
    assert reverse("internships:decline", args=[outcome.pk]) not in html


# --- The report after the internship ----------------------------------------------------------


def test_the_report_form_is_hidden_and_refused_before_the_internship_ends(
    client: Client,
) -> None:
    outcome = offer(response=Outcome.Response.ACCEPTED, seat=1)
    end_internship(outcome, days_ago=0)  # the last day is today: not ended yet
    report_url = reverse("internships:report", args=[outcome.pk])
    html = result_page(client, outcome)
    assert report_url not in html
    assert "once the internship has ended" in html

    response = client.post(report_url, {"text": "Too early."}, follow=True)
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("You can write your report once the internship has ended, from ")
    assert Outcome.objects.get(pk=outcome.pk).intern_report == ""

    japanese = client.post(report_url, {"text": "早すぎます。"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert japanese.status_code == 302  # refused with a message, never an error page
    assert Outcome.objects.get(pk=outcome.pk).intern_report == ""


def test_the_report_form_is_shown_and_accepted_after_the_internship(client: Client) -> None:
    outcome = offer(response=Outcome.Response.ACCEPTED, seat=1)
    end_internship(outcome, days_ago=1)
    report_url = reverse("internships:report", args=[outcome.pk])
    assert report_url in result_page(client, outcome)
    response = client.post(report_url, {"text": " I learned a lot. "}, follow=True)
    assert "Thank you for your report." in response.content.decode()
    assert Outcome.objects.get(pk=outcome.pk).intern_report == "I learned a lot."


def test_only_an_accepted_offer_has_a_report(client: Client) -> None:
    outcome = offer(response=Outcome.Response.DECLINED)
    end_internship(outcome, days_ago=10)
    assert reverse("internships:report", args=[outcome.pk]) not in result_page(client, outcome)
    with pytest.raises(services.InternshipError, match="accepted a place"):
        services.write_report(outcome=outcome, text="Not mine to write.")
    response = client.post(reverse("internships:report", args=[outcome.pk]), {"text": "x"})
    assert response.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).intern_report == ""
