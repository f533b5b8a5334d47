"""Surveys: who is asked, signed links, one editable answer per person, one reminder."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from events.models import Exhibitor
from events.services import registrations
from surveys import services
from surveys.models import Response, Survey
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def past_fair():
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    came, absent = ProfileFactory(), ProfileFactory()
    for person in (came, absent):
        registrations.register(event=event, profile=person)
    registrations.check_in(registration=came.registrations.get(), now=event.starts_at)
    owner = OwnerFactory(user__preferred_language="ja")
    Exhibitor.objects.create(event=event, employer=owner.employer, status="approved")
    event.starts_at = timezone.now() - timedelta(days=1)
    event.ends_at = event.starts_at + timedelta(hours=4)
    event.save()
    return event, came, absent, owner


def survey_link(user) -> str:
    body = Email.objects.filter(to=user.email, subject__contains="survey").latest("id").message
    return re.search(r"https?://[^/\s]+(/surveys/\S+/)", body).group(1)


def test_attendees_and_exhibitors_are_asked_after_the_event() -> None:
    event, came, absent, owner = past_fair()
    assert services.open_due_surveys() == 2
    assert services.open_due_surveys() == 0  # never twice
    assert Survey.objects.filter(event=event).count() == 2
    assert Email.objects.filter(to=came.user.email, subject__contains="survey").exists()
    assert not Email.objects.filter(to=absent.user.email, subject__contains="survey").exists()
    mail = Email.objects.get(to=owner.user.email, subject__contains="アンケート")
    assert "/surveys/" in mail.message


def test_answer_from_the_link_without_login_and_edit_it(client: Client) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    link = survey_link(came.user)

    client.post(link, {"satisfaction": 4, "usefulness": 5, "comments": "Great"})
    client.post(link, {"satisfaction": 5, "usefulness": 5, "comments": "Even better"})

    [answer] = Response.objects.all()
    assert (answer.satisfaction, answer.comments, answer.user) == (5, "Even better", came.user)
    assert "_auth_user_id" not in client.session  # the link opens the survey, not the account


def test_tampered_link_is_refused(client: Client) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    link = survey_link(came.user)
    response = client.post(link[:-3] + "xx/", {"satisfaction": 1})
    assert response.status_code == 403
    assert "not valid" in response.content.decode()
    assert not Response.objects.exists()


def test_link_reused_for_another_survey_is_refused(client: Client) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    attendee = Survey.objects.get(kind="attendee")
    exhibitor = Survey.objects.get(kind="exhibitor")
    token = services.token_for(attendee, came.user)
    url = reverse("surveys:answer", kwargs={"pk": exhibitor.pk, "token": token})
    response = client.post(url, {"hiring_intent": "yes"})
    assert response.status_code == 403
    assert "another survey" in response.content.decode()
    assert not Response.objects.exists()


def test_expired_link_is_refused(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    link = survey_link(came.user)
    later = timezone.now() + timedelta(days=400)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.get(link)
    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_no_answers_after_the_survey_closes(client: Client) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    link = survey_link(came.user)
    Survey.objects.update(closes_at=timezone.now() - timedelta(minutes=1))
    response = client.post(link, {"satisfaction": 5})
    assert "This survey is closed" in response.content.decode()
    assert not Response.objects.exists()


def test_bad_answer_changes_nothing(client: Client) -> None:
    event, came, *_ = past_fair()
    services.open_event_surveys(event=event)
    response = client.post(survey_link(came.user), {"satisfaction": 9})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_one_reminder_to_those_who_have_not_answered() -> None:
    event, came, _absent, owner = past_fair()
    services.open_event_surveys(event=event)
    Survey.objects.update(closes_at=timezone.now() + timedelta(days=5))
    services.answer(survey=Survey.objects.get(kind="exhibitor"), user=owner.user,
                    data={"hiring_intent": "yes", "candidates": 2})  # fmt: skip
    assert services.send_reminders() == 1  # the attendee; the exhibitor answered
    assert services.send_reminders() == 0
    assert Email.objects.filter(to=came.user.email, subject__startswith="Reminder").count() == 1


def test_follow_up_survey_months_after_a_fair() -> None:
    event, came, *_ = past_fair()
    event.starts_at = timezone.now() - timedelta(days=services.FOLLOW_UP_DAYS + 1)
    event.ends_at = event.starts_at + timedelta(hours=4)
    event.save()
    services.open_due_surveys()
    follow_up = Survey.objects.get(kind="follow_up")
    services.answer(survey=follow_up, user=came.user,
                    data={"employment": "employed_japan", "employer_name": "Setouchi Travel",
                          "fair_helped": True})  # fmt: skip
    assert Response.objects.get().employment == "employed_japan"
