"""The outbox: mail is committed with the change, delivered after commit, never lost."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core import mail as django_mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from jetcareer.accounts.models import User
from jetcareer.celery import app as celery_app
from jetcareer.outbox.admin import send_again
from jetcareer.outbox.services import queue_mail
from jetcareer.outbox.tasks import deliver_outbox, sweep_outbox
from tests.accounts.factories import PASSWORD
from tests.reliability.conftest import wait_for


def queue_welcome(address: str, language: str = "en") -> None:
    user = User(email=address, account_type=User.AccountType.PARTICIPANT)
    queue_mail(
        to=[address],
        template="welcome",
        context={"user": user, "next_url": "http://testserver/"},
        language=language,
    )


@pytest.mark.django_db
def test_mail_is_rolled_back_with_the_change_that_caused_it() -> None:
    def failing_change() -> None:
        with transaction.atomic():
            queue_welcome("alice@example.com")
            raise RuntimeError("the business change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not Email.objects.exists()


@pytest.mark.django_db
def test_mail_is_rendered_in_the_recipients_language() -> None:
    queue_welcome("yuki@example.com", language="ja")
    mail = Email.objects.get()
    assert mail.subject == "JETキャリアポータルへようこそ"
    assert "プロフィール" in mail.message
    assert 'lang="ja"' in mail.html_message


@pytest.mark.django_db
def test_reply_to_is_stored_and_delivered_as_a_header() -> None:
    user = User(email="staff@clair.example", account_type=User.AccountType.PARTICIPANT)
    queue_mail(
        to=["staff@clair.example"],
        template="welcome",
        context={"user": user, "next_url": "http://testserver/"},
        language="en",
        reply_to=["emily@example.com"],
    )
    queue_welcome("alice@example.com")

    assert Email.objects.get(to="staff@clair.example").headers == {"Reply-To": "emily@example.com"}
    assert not Email.objects.get(to="alice@example.com").headers  # replies go to the sender
    deliver_outbox()
    sent = {m.to[0]: m.message() for m in django_mail.outbox}
    assert sent["staff@clair.example"]["Reply-To"] == "emily@example.com"
    assert sent["alice@example.com"]["Reply-To"] is None


@pytest.mark.django_db
def test_mail_is_delivered_only_after_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_welcome("alice@example.com")
        assert django_mail.outbox == []  # nothing leaves inside the transaction
    assert len(callbacks) == 1
    assert [m.to for m in django_mail.outbox] == [["alice@example.com"]]
    assert Email.objects.get().status == STATUS.sent


@pytest.mark.django_db
def test_delivery_twice_sends_each_message_once() -> None:
    queue_welcome("alice@example.com")
    assert deliver_outbox() == 1
    assert deliver_outbox() == 0
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db
def test_a_due_retry_is_delivered_by_the_sweep_with_no_new_mail() -> None:
    queue_welcome("alice@example.com")
    Email.objects.update(
        status=STATUS.requeued,
        number_of_retries=1,
        scheduled_time=timezone.now() - timedelta(seconds=1),
    )
    assert sweep_outbox() == 1
    assert Email.objects.get().status == STATUS.sent
    assert [m.to for m in django_mail.outbox] == [["alice@example.com"]]


@pytest.mark.django_db
def test_a_retry_waits_for_its_time() -> None:
    queue_welcome("alice@example.com")
    Email.objects.update(
        status=STATUS.requeued, scheduled_time=timezone.now() + timedelta(minutes=5)
    )
    assert sweep_outbox() == 0
    assert Email.objects.get().status == STATUS.requeued


@pytest.mark.django_db
def test_a_failing_message_is_retried_then_ends_failed_with_its_reason(settings) -> None:
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 2}
    queue_welcome("alice@example.com")
    with patch.object(locmem.EmailBackend, "send_messages", side_effect=OSError("refused")):
        for _attempt in range(3):
            Email.objects.update(scheduled_time=None)  # make the retry due now
            assert deliver_outbox() == 0
    mail = Email.objects.get()
    assert (mail.status, mail.number_of_retries) == (STATUS.failed, 3)
    assert [log.message for log in mail.logs.all()] == ["refused"] * 3
    assert deliver_outbox() == 0  # a failed message is not retried by itself

    send_again(Email.objects.all())  # staff send it again from admin
    assert deliver_outbox() == 1
    assert Email.objects.get().status == STATUS.sent


@pytest.mark.django_db
def test_one_delivery_request_per_transaction(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(25):
            queue_welcome(f"person{n}@example.com")
    assert len(callbacks) == 1


@pytest.fixture
def broker_down(live_celery: None):
    """Point the web process at a port where no broker listens."""
    good = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url = good
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.worker
def test_sign_up_succeeds_with_broker_down_and_mail_goes_out_when_it_is_back(
    broker_down: None, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "account_type": "participant",
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()
    assert Email.objects.get(to="new@example.com").status == STATUS.queued
    assert "Could not reach the broker" in caplog.text

    request.getfixturevalue("worker")  # the broker is back and a worker with beat runs
    wait_for(
        lambda: Email.objects.get(to="new@example.com").status == STATUS.sent,
        message="the periodic sweep should deliver the queued verification mail",
    )


@pytest.mark.django_db
def test_staff_see_failed_mail_and_send_it_again_from_admin(client: Client, staff: User) -> None:
    queue_welcome("alice@example.com")
    Email.objects.update(status=STATUS.failed, number_of_retries=6)
    client.force_login(staff)

    listing = client.get(reverse("admin:post_office_email_changelist") + "?status__exact=1")
    assert listing.status_code == 200
    assert "alice@example.com" in listing.content.decode()
    response = client.post(
        reverse("admin:post_office_email_changelist"),
        {"action": "send_again_action", "_selected_action": [Email.objects.get().pk]},
        follow=True,
    )

    assert "1 e-mail will be sent again." in response.content.decode()
    mail = Email.objects.get()
    assert (mail.status, mail.number_of_retries) == (STATUS.queued, 0)
    assert deliver_outbox() == 1


@pytest.mark.django_db
def test_an_unreachable_mail_server_is_a_failed_attempt_not_a_lost_message(settings) -> None:
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    queue_welcome("alice@example.com")

    assert deliver_outbox() == 0

    mail = Email.objects.get()
    assert (mail.status, mail.number_of_retries) == (STATUS.requeued, 1)
    assert mail.logs.get().exception_type == "ConnectionRefusedError"
