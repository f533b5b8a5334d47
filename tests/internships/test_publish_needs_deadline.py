"""Results are published only with a deadline to accept a match ahead (issue #16), at every
door: the service refuses, the admin's list action and the run's own button show the refusal
as a message, the confirmation page says it before staff confirm, and the programme's change
form keeps the deadline of published results. The result page and mail always state it, in
the reader's date format and marked as Japan time."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import Email

from internships import services
from internships.admin import ProgrammeAdminForm
from internships.models import MatchRun, Programme
from jetcareer.accounts.models import User
from jetcareer.web.dates import format_when, in_japan_time
from tests.conftest import outbox_for
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
    run_now,
)

pytestmark = pytest.mark.django_db

NO_DEADLINE = "Please set the programme's deadline to accept a match before publishing"
PASSED = "has passed: please set a later one before publishing"


@pytest.fixture
def admin_client(client: Client, staff: User) -> Client:
    client.force_login(staff)
    return client


@pytest.fixture
def finished_run(django_capture_on_commit_callbacks):
    """Make a finished run of a programme whose deadline to accept a match is `deadline`."""

    def make(deadline: datetime | None) -> MatchRun:
        programme = ProgrammeFactory(state=Programme.State.MATCHING, response_deadline=deadline)
        PositionFactory(programme=programme)
        ApplicationFactory(programme=programme)
        return run_now(programme, django_capture_on_commit_callbacks)

    return make


def unchanged(run: MatchRun) -> bool:
    """The run and its programme as before a refused publication, and nobody told."""
    run.refresh_from_db()
    run.programme.refresh_from_db()
    return (
        run.state == MatchRun.State.DONE
        and run.published_at is None
        and run.programme.state == Programme.State.MATCHING
        and not Email.objects.filter(subject__contains="matching result").exists()
    )


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "reason"),
    [(None, NO_DEADLINE), (timezone.now() - timedelta(minutes=1), PASSED)],
    ids=["empty", "passed"],
)
def test_publishing_without_a_deadline_ahead_is_refused(
    finished_run, django_capture_on_commit_callbacks, deadline: datetime | None, reason: str
) -> None:
    run = finished_run(deadline)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.InternshipError, match=reason) as refused,
    ):
        services.publish_run(run=run)
    assert refused.value.field == "response_deadline"
    assert unchanged(run)


def test_publishing_with_a_deadline_ahead_goes_on(finished_run) -> None:
    run = finished_run(timezone.now() + timedelta(days=7))
    assert services.publish_run(run=run) == 1
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.PUBLISHED


# --- The admin's doors ------------------------------------------------------------------------


def test_the_list_action_shows_the_refusal_and_publishes_nothing(
    admin_client: Client, finished_run
) -> None:
    run = finished_run(None)
    done = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [run.pk], "apply": "1"},
        follow=True,
    )
    assert f"Run {run.pk}: {NO_DEADLINE}" in html.unescape(done.content.decode())
    assert unchanged(run)


def test_the_runs_own_button_shows_the_refusal_and_publishes_nothing(
    admin_client: Client, finished_run
) -> None:
    run = finished_run(timezone.now() - timedelta(hours=1))
    url = reverse("admin:internships_matchrun_act", args=[run.pk, "publish"])
    done = admin_client.post(url, {"apply": "1"}, follow=True)
    assert PASSED in html.unescape(done.content.decode())
    assert unchanged(run)


def test_the_list_says_why_before_staff_confirm(admin_client: Client, finished_run) -> None:
    """Nothing could be published: the reason on the list, and no confirmation page (its
    button would have read "Publish and e-mail 0 applicants")."""
    run = finished_run(None)
    asked = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [run.pk]},
        follow=True,
    )
    page = html.unescape(asked.content.decode())
    assert f"{run.programme.title_en}, round 1: {NO_DEADLINE}" in page
    assert "Publish and e-mail" not in page
    assert unchanged(run)


def test_the_runs_page_says_what_stops_publishing_before_the_click(
    admin_client: Client, finished_run
) -> None:
    """The run's page said "the run can be published" while publishing was refused."""
    run = finished_run(None)
    page = html.unescape(
        admin_client.get(
            reverse("admin:internships_matchrun_change", args=[run.pk])
        ).content.decode()
    )
    assert NO_DEADLINE in page
    assert "the run can be published" not in page
    ready = finished_run(timezone.now() + timedelta(days=7))
    page = html.unescape(
        admin_client.get(
            reverse("admin:internships_matchrun_change", args=[ready.pk])
        ).content.decode()
    )
    assert "the run can be published" in page


def programme_form(programme: Programme, deadline: object) -> ProgrammeAdminForm:
    return ProgrammeAdminForm(
        data={**model_to_dict(programme), "response_deadline": deadline}, instance=programme
    )


def test_the_deadline_of_published_results_cannot_be_cleared() -> None:
    outcome = published_offer(PositionFactory(), ApplicationFactory())
    programme = outcome.run.programme
    form = programme_form(programme, "")
    assert not form.is_valid()
    assert "cannot be left empty" in form.errors["response_deadline"][0]
    moved = programme_form(programme, "2040-06-30 17:00")
    assert moved.is_valid(), moved.errors  # a later deadline is fine


def test_a_programme_without_published_results_may_leave_it_empty_for_now() -> None:
    programme = ProgrammeFactory()
    assert programme_form(programme, "").is_valid()


def test_the_change_form_says_publishing_needs_the_deadline() -> None:
    assert "Needed to publish the matching results" in str(
        ProgrammeAdminForm().fields["response_deadline"].help_text
    )


# --- The result page and mail state it --------------------------------------------------------


def expected_deadline(programme: Programme, language: str) -> str:
    with translation.override(language), timezone.override("Asia/Tokyo"):
        return in_japan_time(format_when(programme.response_deadline))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_result_page_states_the_deadline_in_japan_time(client: Client, language: str) -> None:
    outcome = published_offer(PositionFactory(), ApplicationFactory())
    user = outcome.application.participant.user
    user.preferred_language = language
    user.save()
    client.force_login(user)
    client.cookies["django_language"] = language
    url = reverse("internships:application", args=[outcome.application_id])
    page = client.get(url).content.decode()
    deadline = outcome.run.programme.response_deadline
    assert expected_deadline(outcome.run.programme, language) in page
    assert deadline.date().isoformat() not in page
    assert ("（日本時間）" if language == "ja" else "(Japan time)") in page


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_result_mail_states_the_deadline_in_japan_time(
    finished_run, django_capture_on_commit_callbacks, language: str
) -> None:
    run = finished_run(timezone.now() + timedelta(days=7))
    user = run.outcomes.get().application.participant.user
    user.preferred_language = language
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(run=run)
    (mail,) = outbox_for(user.email)
    assert expected_deadline(run.programme, language) in mail.message
    if language == "ja":
        assert "（日本時間）までに、ポータル上で受諾または辞退をご回答ください。" in mail.message
    else:
        assert "Please accept or decline on the portal by" in mail.message
        assert "(Japan time). An offer not answered by then lapses" in mail.message
