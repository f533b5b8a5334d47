"""Internship services: eligibility, applications, screening, the matching run, publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from post_office.models import Email

from internships import services
from internships.models import (
    Application,
    MatchRun,
    Outcome,
    Position,
    PositionChoice,
    Programme,
)
from jetcareer.outbox import services as outbox_services
from jetcareer.outbox.models import MailBatch
from jetcareer.outbox.services import run_mail_batch
from jetcareer.outbox.tasks import deliver_outbox, queue_mail_batch
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db

APPLICATION = {
    "statement": "I want to see how a Japanese travel company plans tours.",
    "industry_1": "tourism",
    "job_types": ["translation"],
    "supervisor_name": "Suzuki Ichiro",
    "paid_leave_confirmed": True,
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def applicant(**profile):
    person = ProfileFactory(**{"jlpt_level": 4, "jet_start_date": date(2024, 8, 1), **profile})
    from participants import services as participant_services

    participant_services.replace_cv(profile=person, upload=pdf_upload())
    person.refresh_from_db()
    return person


def test_ineligible_applicant_is_told_exactly_why() -> None:
    programme = ProgrammeFactory(min_jlpt=4)
    with pytest.raises(services.InternshipError) as error:
        services.apply(programme=programme, profile=applicant(jlpt_level=3), data=APPLICATION)
    assert str(error.value) == ("This programme needs JLPT N2 or higher; your profile says N3.")
    assert not Application.objects.exists()


def test_year_on_jet_at_the_programme_start_is_checked() -> None:
    programme = ProgrammeFactory(min_year_on_jet=3)  # starts 2027-08-23
    with pytest.raises(services.InternshipError, match="you will be in year 2"):
        services.apply(programme=programme, profile=applicant(jet_start_date=date(2026, 4, 1)),
                       data=APPLICATION)  # fmt: skip


def test_alumni_and_missing_cv_are_refused() -> None:
    programme = ProgrammeFactory()
    alumnus = applicant(status="alumni", term_end_date=date(2025, 7, 31))
    with pytest.raises(services.InternshipError, match="current JET participants"):
        services.apply(programme=programme, data=APPLICATION, profile=alumnus)
    without_cv = ProfileFactory(jlpt_level=5, jet_start_date=date(2023, 8, 1))
    with pytest.raises(services.InternshipError, match="upload your CV"):
        services.apply(programme=programme, data=APPLICATION, profile=without_cv)


def test_application_needs_the_paid_leave_consent() -> None:
    with pytest.raises(services.InternshipError, match="paid leave"):
        services.apply(programme=ProgrammeFactory(), profile=applicant(),
                       data={**APPLICATION, "paid_leave_confirmed": False})  # fmt: skip


def test_apply_edit_and_withdraw() -> None:
    programme = ProgrammeFactory()
    first, second = PositionFactory(programme=programme), PositionFactory(programme=programme)
    person = applicant()
    application = services.apply(programme=programme, profile=person, data=APPLICATION,
                                 positions=[first, second])  # fmt: skip
    assert [c.position for c in application.choices.all()] == [first, second]
    assert application.consent_recorded_at is not None
    services.update_application(application=application, data=APPLICATION, positions=[second])
    assert [c.position for c in application.choices.all()] == [second]
    with pytest.raises(services.InternshipError, match="already applied"):
        services.apply(programme=programme, profile=person, data=APPLICATION)
    services.withdraw_application(application=application)
    assert services.apply(programme=programme, profile=person, data=APPLICATION).pk


def test_no_edits_after_the_deadline() -> None:
    programme = ProgrammeFactory()
    application = services.apply(programme=programme, profile=applicant(), data=APPLICATION)
    Programme.objects.filter(pk=programme.pk).update(
        applications_close_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(services.InternshipError, match="can no longer be changed"):
        services.update_application(application=application, data=APPLICATION)


def test_screening_tells_the_interview_time_and_needs_a_reason_to_fail() -> None:
    application = ApplicationFactory(screening="pending")
    when = timezone.now() + timedelta(days=7)
    services.screen(application=application, document_score=8, interview_at=when)
    assert Email.objects.filter(to=application.participant.user.email,
                                subject__startswith="Your interview").exists()  # fmt: skip
    with pytest.raises(services.InternshipError, match="give a reason"):
        services.screen(application=application, result="failed")


def matching_programme():
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    popular = PositionFactory(programme=programme, capacity=1, industry="tourism")
    other = PositionFactory(programme=programme, capacity=2, industry="it", min_jlpt=5)
    strong = ApplicationFactory(programme=programme, participant__jlpt_level=5)
    weak = ApplicationFactory(programme=programme, participant__jlpt_level=4)
    for rank, position in enumerate([popular, other], start=1):
        PositionChoice.objects.create(application=weak, position=position, rank=rank)
    failed = ApplicationFactory(programme=programme, screening="failed")
    return programme, popular, other, strong, weak, failed


def run_now(programme: Programme, django_capture_on_commit_callbacks, **kwargs) -> MatchRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_matching(programme=programme, by=None, **kwargs)
    run.refresh_from_db()
    return run


def test_matching_run_stores_results_statistics_and_explanations(
    django_capture_on_commit_callbacks,
) -> None:
    programme, popular, _other, strong, weak, failed = matching_programme()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=7)

    assert run.state == MatchRun.State.DONE
    assert run.violations == []
    assert len(run.input_digest) == 64
    outcomes = {o.application_id: o for o in run.outcomes.all()}
    assert failed.pk not in outcomes  # only passed applicants enter the matching
    assert outcomes[strong.pk].position == popular
    assert outcomes[strong.pk].choice_number is None  # matched by industry: no rank given
    # The weaker applicant wanted tourism too; the IT place needs N1.
    assert outcomes[weak.pk].position is None
    reasons = {item["reason"] for item in outcomes[weak.pk].explanation}
    assert reasons == {"full", "min_jlpt"}
    assert run.statistics["matched"] == 1
    assert run.statistics["unmatched"] == 1


def test_same_input_and_seed_give_the_same_result(django_capture_on_commit_callbacks) -> None:
    programme, *_ = matching_programme()
    first = run_now(programme, django_capture_on_commit_callbacks, seed=11)
    again = services.run_matching(run_id=first.pk)  # a retried task changes nothing
    assert again.finished_at == first.finished_at
    MatchRun.objects.filter(pk=first.pk).update(state="failed")
    second = run_now(programme, django_capture_on_commit_callbacks, seed=11)
    assert second.input_digest == first.input_digest
    mapping = lambda run: {(o.application_id, o.position_id) for o in run.outcomes.all()}  # noqa: E731
    assert mapping(second) == mapping(first)


def test_a_run_that_fails_the_check_cannot_be_published(django_capture_on_commit_callbacks) -> None:
    programme, *_ = matching_programme()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=1)
    MatchRun.objects.filter(pk=run.pk).update(violations=["over capacity: position 1"])
    with pytest.raises(services.InternshipError, match="stability and capacity check"):
        services.publish_run(run=run)


def test_publish_tells_each_applicant_in_their_language(django_capture_on_commit_callbacks) -> None:
    programme, popular, _other, strong, weak, _failed = matching_programme()
    weak.participant.user.preferred_language = "ja"
    weak.participant.user.save()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=3)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_run(run=run) == 2

    programme.refresh_from_db()
    assert programme.state == Programme.State.PUBLISHED
    won = Email.objects.get(to=strong.participant.user.email, subject__contains="matching result")
    assert popular.title_en in won.message
    lost = Email.objects.filter(to=weak.participant.user.email).latest("id")
    assert "JLPT" in lost.message
    assert "マッチング" in lost.subject


def test_accept_decline_and_a_second_round_for_the_declined_place(
    django_capture_on_commit_callbacks,
) -> None:
    programme, popular, _other, strong, weak, _failed = matching_programme()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=5)
    services.publish_run(run=run)
    offer = run.outcomes.get(application=strong)
    services.respond(outcome=offer, answer="decline")
    with pytest.raises(services.InternshipError, match="already answered"):
        services.respond(outcome=offer, answer="accept")

    second = run_now(programme, django_capture_on_commit_callbacks, seed=5)

    assert second.round == 2
    results = {o.application_id: o.position_id for o in second.outcomes.all()}
    assert results == {weak.pk: popular.pk}  # the declined place goes to the next applicant


def test_answers_after_the_deadline_are_refused(django_capture_on_commit_callbacks) -> None:
    programme, *_ = matching_programme()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=5)
    services.publish_run(run=run)
    Programme.objects.filter(pk=programme.pk).update(
        response_deadline=timezone.now() - timedelta(minutes=1)
    )
    offer = run.outcomes.exclude(position=None).first()
    with pytest.raises(services.InternshipError, match="deadline"):
        services.respond(outcome=offer, answer="accept")
    assert Outcome.objects.get(pk=offer.pk).response == "pending"


def test_a_ranked_position_rejected_later_does_not_break_the_run(
    django_capture_on_commit_callbacks,
) -> None:
    programme, popular, *_ = matching_programme()
    Position.objects.filter(pk=popular.pk).update(status=Position.Status.REJECTED)
    run = run_now(programme, django_capture_on_commit_callbacks, seed=2)
    assert run.state == MatchRun.State.DONE
    assert run.violations == []


def test_a_long_explanation_is_stored_as_the_first_positions_and_a_count(
    django_capture_on_commit_callbacks,
) -> None:
    # One N1 applicant takes the only place of each of 18 positions; an N2 applicant who wanted
    # them all is told about the first 15 and how many more there were, in both languages.
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    positions = [PositionFactory(programme=programme) for _ in range(18)]
    strong = [ApplicationFactory(programme=programme, participant__jlpt_level=5) for _ in positions]
    weak = ApplicationFactory(programme=programme, participant__jlpt_level=4)
    run = run_now(programme, django_capture_on_commit_callbacks, seed=4)

    assert run.statistics["matched"] == len(strong)
    outcome = run.outcomes.get(application=weak)
    assert outcome.position is None
    assert len(outcome.explanation) == services.EXPLAINED_POSITIONS + 1
    assert outcome.explanation[-1] == {"position": None, "reason": "more", "count": 3}
    by_id = {p.pk: p for p in positions}
    with translation.override("en"):
        sentences = services.explain(outcome, by_id)
    assert len(sentences) == 16
    assert sentences[-1] == "3 more positions you preferred had no place left for you."
    with translation.override("ja"):
        assert "3" in services.explain(outcome, by_id)[-1]
        assert "more" not in services.explain(outcome, by_id)[-1]


def test_publishing_queues_mail_batches_for_workers_not_mail_in_the_request(
    django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme, _popular, _other, strong, weak, _failed = matching_programme()
    weak.participant.user.preferred_language = "ja"
    weak.participant.user.save()
    run = run_now(programme, django_capture_on_commit_callbacks, seed=3)
    monkeypatch.setattr(outbox_services, "BULK_BATCH_SIZE", 1)
    tasks_sent: list[tuple[str, tuple]] = []
    monkeypatch.setattr(queue_mail_batch, "delay", lambda *a: tasks_sent.append(("batch", a)))
    monkeypatch.setattr(deliver_outbox, "delay", lambda *a: tasks_sent.append(("deliver", a)))
    Email.objects.all().delete()

    translation.activate("en")  # the member of staff reads English
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_run(run=run) == 2
    assert not Email.objects.exists()  # nothing rendered in the request
    batches = list(MailBatch.objects.order_by("pk"))
    assert tasks_sent == [("batch", (b.pk,)) for b in batches]  # one per batch

    tasks_sent.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the test's one transaction
        assert [run_mail_batch(b.pk) for b in batches] == [1, 1]
    assert [run_mail_batch(b.pk) for b in batches] == [0, 0]  # a retried task: nothing twice
    assert tasks_sent == [("deliver", ())]  # one delivery request per transaction, not per mail
    lost = Email.objects.get(to=weak.participant.user.email)
    assert "マッチング" in lost.subject
    assert "JLPT" in lost.message
    assert "or higher; you have" not in lost.message  # the reasons too, in Japanese
    assert Email.objects.filter(to=strong.participant.user.email).count() == 1
