"""The matching run's page follows the run by itself (an htmx fragment asked for every few
seconds until the run is finished), the "started" message links to it, publishing and closing
applications early ask first and say to how many people, and staff read a pending offer as
waiting for the applicant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from internships import services
from internships.models import MatchRun, Outcome, Programme
from jetcareer.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.conftest import hidden_fields
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
    run_now,
)

pytestmark = pytest.mark.django_db


def progress_url(run: MatchRun) -> str:
    return reverse("admin:internships_matchrun_progress", args=[run.pk])


def queued_run(seconds_ago: float) -> MatchRun:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    return MatchRun.objects.create(
        programme=programme, seed=1, queued_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


@pytest.fixture
def admin_client(client: Client, staff: User) -> Client:
    client.force_login(staff)
    return client


# --- The progress fragment --------------------------------------------------------------------


def test_a_fresh_queued_run_polls_without_a_warning(admin_client: Client) -> None:
    run = queued_run(seconds_ago=5)
    html = admin_client.get(progress_url(run)).content.decode()
    assert 'data-state="queued"' in html
    assert f'hx-get="{progress_url(run)}"' in html
    assert 'hx-trigger="every 3s"' in html
    assert "waiting for a worker to start it" in html
    assert "No worker has picked this run up" not in html


def test_a_run_queued_for_over_a_minute_warns_that_no_worker_took_it(
    admin_client: Client,
) -> None:
    run = queued_run(seconds_ago=90)
    html = admin_client.get(progress_url(run)).content.decode()
    assert "No worker has picked this run up for over a minute" in html
    assert 'class="warning"' in html
    assert "hx-get" in html  # still asking: a worker may come


def test_a_stale_run_says_it_is_stuck_and_what_to_do(admin_client: Client) -> None:
    run = queued_run(seconds_ago=31 * 60)
    html = admin_client.get(progress_url(run)).content.decode()
    assert "no progress for more than 30 minutes" in html
    assert "Re-queue it or mark it failed" in html
    assert "No worker has picked this run up" not in html  # one warning, the stronger


def test_a_running_run_polls(admin_client: Client) -> None:
    run = queued_run(seconds_ago=5)
    MatchRun.objects.filter(pk=run.pk).update(state="running", started_at=timezone.now())
    html = admin_client.get(progress_url(run)).content.decode()
    assert 'data-state="running"' in html
    assert "hx-get" in html
    assert "No worker has picked this run up" not in html


def test_a_finished_run_shows_its_figures_and_stops_polling(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=2)
    for _ in range(3):
        ApplicationFactory(programme=programme)
    run = run_now(programme, django_capture_on_commit_callbacks)
    response = admin_client.get(progress_url(run))
    html = response.content.decode()
    assert 'data-state="done"' in html
    assert "hx-get" not in html
    assert "hx-trigger" not in html
    assert "2 of 3 applicants matched, 1 unmatched; 2 places in 1 positions." in html
    assert "The stability and capacity check passed" in html
    assert "HX-Refresh" not in response.headers
    # Asked by a page that still showed the run unfinished: the page reloads whole.
    polled = admin_client.get(progress_url(run), headers={"HX-Request": "true"})
    assert polled.headers["HX-Refresh"] == "true"


def test_a_failed_run_shows_its_error(admin_client: Client) -> None:
    run = queued_run(seconds_ago=5)
    services.mark_failed(run_id=run.pk, error="ValueError('boom')")
    html = admin_client.get(progress_url(run)).content.decode()
    assert 'data-state="failed"' in html
    assert "ValueError(&#x27;boom&#x27;)" in html
    assert "hx-get" not in html


def test_the_run_page_holds_the_fragment_and_loads_htmx(admin_client: Client) -> None:
    run = queued_run(seconds_ago=5)
    page = admin_client.get(reverse("admin:internships_matchrun_change", args=[run.pk]))
    html = page.content.decode()
    assert 'id="run-progress"' in html
    assert f'hx-get="{progress_url(run)}"' in html
    assert "vendor/htmx/htmx.min.js" in html
    assert "/act/" not in html  # nothing to do yet: no buttons


def buttons(client: Client, run: MatchRun) -> list[str]:
    page = client.get(reverse("admin:internships_matchrun_change", args=[run.pk]))
    return [label for _url, label in page.context["object_action_buttons"]]


def test_the_run_page_offers_the_buttons_its_state_allows(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    stuck = queued_run(seconds_ago=31 * 60)
    assert buttons(admin_client, stuck) == [
        "Re-queue this stuck run",
        "Mark this stuck run as failed",
    ]
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    ApplicationFactory(programme=programme)
    done = run_now(programme, django_capture_on_commit_callbacks)
    assert buttons(admin_client, done) == ["Publish and e-mail the applicants"]
    services.publish_run(run=done)
    assert buttons(admin_client, done) == []


def test_the_fragment_is_for_staff_who_may_see_runs(client: Client) -> None:
    run = queued_run(seconds_ago=5)
    client.force_login(UserFactory())
    assert client.get(progress_url(run)).status_code == 302  # to the admin's login
    client.logout()
    assert client.get(progress_url(run)).status_code == 302


def test_the_started_message_links_to_the_runs_page(admin_client: Client) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING, title_en="Programme 2027")
    response = admin_client.post(
        reverse("admin:internships_programme_changelist"),
        {"action": "start_matching", ACTION_CHECKBOX_NAME: [programme.pk]},
        follow=True,
    )
    run = MatchRun.objects.get()
    url = reverse("admin:internships_matchrun_change", args=[run.pk])
    assert f'Matching run {run.pk} started: <a href="{url}">follow it here</a>.' in (
        response.content.decode()
    )


# --- Publishing asks first ------------------------------------------------------------------


@pytest.fixture
def finished_run(django_capture_on_commit_callbacks) -> MatchRun:
    """4 applicants (one has erased their account since) for 2 places."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=2)
    applications = [ApplicationFactory(programme=programme) for _ in range(4)]
    run = run_now(programme, django_capture_on_commit_callbacks)
    applications[0].participant = None
    applications[0].save()
    return run


def test_publishing_says_how_many_applicants_it_emails_before_doing_it(
    admin_client: Client, finished_run: MatchRun
) -> None:
    url = reverse("admin:internships_matchrun_changelist")
    chosen = {"action": "publish", ACTION_CHECKBOX_NAME: [finished_run.pk]}
    asked = admin_client.post(url, chosen)
    html = asked.content.decode()
    assert "Publishing e-mails 3 applicants their results" in html
    assert f"{finished_run.programme.title_en}, round 1: e-mails 3 applicants" in html
    assert "Publish and e-mail 3 applicants" in html
    assert MatchRun.objects.get(pk=finished_run.pk).state == MatchRun.State.DONE
    fields = {k: v[0] for k, v in hidden_fields(html).items()}
    fields[ACTION_CHECKBOX_NAME] = [finished_run.pk]
    done = admin_client.post(url, fields, follow=True)
    assert "Published. 3 applicants will receive their results" in done.content.decode()
    assert MatchRun.objects.get(pk=finished_run.pk).state == MatchRun.State.PUBLISHED


def test_publishing_from_the_runs_own_page_asks_first_too(
    admin_client: Client, finished_run: MatchRun
) -> None:
    url = reverse("admin:internships_matchrun_act", args=[finished_run.pk, "publish"])
    asked = admin_client.post(url)
    assert "Publish and e-mail 3 applicants" in asked.content.decode()
    assert MatchRun.objects.get(pk=finished_run.pk).state == MatchRun.State.DONE
    admin_client.post(url, {"apply": "1"})
    assert MatchRun.objects.get(pk=finished_run.pk).state == MatchRun.State.PUBLISHED


def test_the_confirmation_names_a_run_that_cannot_be_published(
    admin_client: Client, finished_run: MatchRun
) -> None:
    run = queued_run(seconds_ago=5)
    asked = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [run.pk, finished_run.pk]},
    )
    html = asked.content.decode()
    assert "cannot be published (not finished yet)" in html
    assert "Publish and e-mail 3 applicants" in html


def test_with_nothing_to_publish_the_list_says_why_without_asking(admin_client: Client) -> None:
    """A tester's finding: a confirmation page whose button read "Publish and e-mail 0
    applicants" for a run still running."""
    run = queued_run(seconds_ago=5)
    answer = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [run.pk]},
        follow=True,
    )
    html = answer.content.decode()
    assert answer.redirect_chain  # back on the list
    assert "cannot be published (not finished yet)" in html
    assert "Publish and e-mail" not in html
    assert MatchRun.objects.get(pk=run.pk).state == run.state


def test_a_published_run_is_said_to_be_published_already(
    admin_client: Client, finished_run: MatchRun
) -> None:
    """A fresh tester: a published run was "not finished, or it failed its check"."""
    services.publish_run(run=finished_run)
    answer = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [finished_run.pk]},
        follow=True,
    )
    assert "cannot be published (already published)" in answer.content.decode()


def test_a_run_without_applicants_is_published_without_e_mails_said_so(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    """A fresh tester: the button read "Publish and e-mail 0 applicants"."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=2)
    run = run_now(programme, django_capture_on_commit_callbacks)
    asked = admin_client.post(
        reverse("admin:internships_matchrun_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [run.pk]},
    )
    html = asked.content.decode()
    assert "publishing e-mails nobody" in html
    assert "Publish without e-mails" in html
    assert "round 1: no applicant to e-mail" in html
    assert "e-mail 0" not in html
    assert "e-mails 0" not in html
    fields = {k: v[0] for k, v in hidden_fields(html).items()}
    fields[ACTION_CHECKBOX_NAME] = [run.pk]
    done = admin_client.post(
        reverse("admin:internships_matchrun_changelist"), fields, follow=True
    ).content.decode()
    assert "Published. No applicant had a result to e-mail." in done
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.PUBLISHED


# --- Closing applications early asks first ----------------------------------------------------


def test_closing_applications_before_the_deadline_says_so_and_counts_applications(
    admin_client: Client,
) -> None:
    deadline = timezone.now() + timedelta(days=5)
    programme = ProgrammeFactory(title_en="Programme 2027", applications_close_at=deadline)
    ApplicationFactory.create_batch(3, programme=programme)
    ApplicationFactory(programme=programme, state="withdrawn")
    url = reverse("admin:internships_programme_changelist")
    chosen = {"action": "move_to_screening", ACTION_CHECKBOX_NAME: [programme.pk]}
    asked = admin_client.post(url, chosen)
    html = asked.content.decode()
    assert "Close applications early" in html
    assert "1 programme closes before its own deadline." in html
    assert "Programme 2027: 3 applications" in html
    assert "early: applications were open until" in html
    assert Programme.objects.get(pk=programme.pk).state == Programme.State.OPEN
    admin_client.post(url, {**chosen, "apply": "1"})
    assert Programme.objects.get(pk=programme.pk).state == Programme.State.SCREENING


def test_closing_after_the_deadline_still_asks_but_says_nothing_of_early(
    admin_client: Client,
) -> None:
    programme = ProgrammeFactory(applications_close_at=timezone.now() - timedelta(hours=1))
    asked = admin_client.post(
        reverse("admin:internships_programme_changelist"),
        {"action": "move_to_screening", ACTION_CHECKBOX_NAME: [programme.pk]},
    )
    html = asked.content.decode()
    assert "Close applications now" in html
    assert "before its own deadline" not in html
    assert ": 0 applications" in html


# --- Responses as staff read them ---------------------------------------------------------------


def test_staff_read_a_pending_offer_as_waiting_for_the_applicant(admin_client: Client) -> None:
    programme = ProgrammeFactory(state=Programme.State.PUBLISHED)
    outcome = published_offer(PositionFactory(programme=programme),
                              ApplicationFactory(programme=programme))  # fmt: skip
    url = reverse("admin:internships_outcome_changelist")
    page = admin_client.get(url)
    html = page.content.decode()
    assert "Waiting for the applicant&#x27;s answer" in html
    assert "Waiting for your answer" not in html
    filtered = admin_client.get(url, {"response": "pending"})
    assert filtered.context["cl"].result_count == 1
    assert admin_client.get(url, {"response": "accepted"}).context["cl"].result_count == 0
    detail = admin_client.get(reverse("admin:internships_outcome_change", args=[outcome.pk]))
    assert "Waiting for your answer" not in detail.content.decode()


def test_the_applicant_still_reads_waiting_for_your_answer() -> None:
    assert str(Outcome.Response.PENDING.label) == "Waiting for your answer"
    assert re.search("applicant", Outcome(response="pending").get_response_display_for_others())


def test_the_programmes_page_offers_the_moves_its_state_allows(admin_client: Client) -> None:
    programme = ProgrammeFactory(state=Programme.State.OPEN)
    url = reverse("admin:internships_programme_change", args=[programme.pk])

    def buttons() -> list[str]:
        return [label for _u, label in admin_client.get(url).context["object_action_buttons"]]

    assert buttons() == ["Close applications and start screening"]
    Programme.objects.filter(pk=programme.pk).update(state=Programme.State.MATCHING)
    assert buttons() == ["Close applications and start screening",
                         "Run the matching (in the background)"]  # fmt: skip
    # From the page, closing early asks first as from the list.
    Programme.objects.filter(pk=programme.pk).update(state=Programme.State.OPEN)
    act = reverse("admin:internships_programme_act", args=[programme.pk, "move_to_screening"])
    assert "Close applications now" in admin_client.post(act).content.decode()
    assert Programme.objects.get(pk=programme.pk).state == Programme.State.OPEN
