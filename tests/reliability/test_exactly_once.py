"""Two real workers, a slow SMTP server that sometimes says "try again": each message is
delivered exactly once (jetcareer.outbox.delivery). The control run, with the claim switched off
(OUTBOX_CLAIM=false), shows that the same setup without it sends messages twice."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from post_office.models import STATUS, Email, Log

from tests.reliability.conftest import StartWorkers, Worker, wait_for, wait_until_ready
from tests.reliability.test_outbox import queue_welcome

pytestmark = pytest.mark.worker

MESSAGES = 300  # in six transactions, six delivery requests
CONTROL_MESSAGES = 100  # the control sends nearly every message twice: fewer keep it short
PER_TRANSACTION = 50
RETRY_EVERY = 20  # every 20th recipient's message is refused once with 451 (15 messages)
SINK_DELAY = (0.05, 0.1)  # seconds the sink holds each message before it answers


@dataclass
class SlowFlakySink:
    """An aiosmtpd handler: holds every message for a while before answering, answers
    "451 try again" the first time it sees a message to a `retry…@` address, and records the
    Message-ID of every message it accepts, duplicates included."""

    delay: tuple[float, float] = SINK_DELAY
    port: int = 0
    accepted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0  # how many messages were being handed over at the same time
    _random: random.Random = field(default_factory=lambda: random.Random(20260401))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook
        headers = BytesParser(policy=policy.default).parsebytes(
            envelope.original_content or envelope.content, headersonly=True
        )
        message_id = str(headers["Message-ID"])
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self._random.uniform(*self.delay))
        finally:
            self.in_flight -= 1
        with self._lock:
            first_try = message_id not in self.refused
            if first_try and any(r.startswith("retry") for r in envelope.rcpt_tos):
                self.refused.append(message_id)
                return "451 4.3.0 Try again later"
            self.accepted.append(message_id)
        return "250 2.0.0 OK"

    def snapshot(self) -> tuple[list[str], list[str]]:
        with self._lock:
            return list(self.accepted), list(self.refused)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink() -> Iterator[SlowFlakySink]:
    """The sink listening on a free port on 127.0.0.1, in a thread of the test process."""
    sink = SlowFlakySink()
    mail_log = logging.getLogger("mail.log")  # aiosmtpd logs every SMTP command at INFO
    level = mail_log.level
    mail_log.setLevel(logging.WARNING)
    for _attempt in range(5):  # another process may take the port between probe and bind
        sink.port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=sink.port, ready_timeout=10)
        try:
            controller.start()
            break
        except OSError:
            continue
    else:
        pytest.fail("no free port for the SMTP sink on 127.0.0.1")
    try:
        yield sink
    finally:
        controller.stop()
        mail_log.setLevel(level)


@dataclass
class Outcome:
    queued: set[str]  # Message-IDs of the messages queued
    retried: set[str]  # those addressed to a retry…@ recipient
    accepted: Counter[str]  # Message-ID -> how often the sink accepted it
    refused: list[str]
    workers: list[Worker]

    @property
    def duplicates(self) -> dict[str, int]:
        return {mid: n for mid, n in self.accepted.items() if n > 1}


def deliver_with_two_workers(
    start_workers: StartWorkers, sink: SlowFlakySink, *, claim: bool, messages: int
) -> Outcome:
    """Start two workers (one with beat) sending to the sink, queue `messages` messages in
    transactions of PER_TRANSACTION, wait until none is waiting, stop the workers (each
    finishes the send in hand) and collect what the sink saw."""
    workers = start_workers(
        2,
        env={
            "TEST_SMTP_PORT": str(sink.port),
            "OUTBOX_RETRY_SECONDS": "1",
            "OUTBOX_SWEEP_SECONDS": "1",
            "OUTBOX_CLAIM": "true" if claim else "false",
        },
    )
    wait_until_ready(workers)
    for start in range(0, messages, PER_TRANSACTION):
        with transaction.atomic():  # commit asks the broker for a delivery round
            for n in range(start, start + PER_TRANSACTION):
                kind = "retry" if n % RETRY_EVERY == 0 else "person"
                queue_welcome(f"{kind}{n:04d}@example.com")

    waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
    wait_for(lambda: not waiting.exists(), timeout=60, message="messages still waiting")
    for worker in workers:
        worker.stop()  # warm shutdown: a send still under way (the control's) is finished
        assert worker.process.returncode in (0, -15), worker.log_text()

    accepted, refused = sink.snapshot()
    return Outcome(
        queued=set(Email.objects.values_list("message_id", flat=True)),
        retried=set(
            Email.objects.filter(to__startswith="retry").values_list("message_id", flat=True)
        ),
        accepted=Counter(accepted),
        refused=refused,
        workers=workers,
    )


def test_two_workers_deliver_each_message_exactly_once(
    start_workers: StartWorkers, smtp_sink: SlowFlakySink
) -> None:
    outcome = deliver_with_two_workers(start_workers, smtp_sink, claim=True, messages=MESSAGES)

    assert len(outcome.queued) == MESSAGES  # every message has its own Message-ID
    assert outcome.duplicates == {}
    assert set(outcome.accepted) == outcome.queued  # none missing, none unknown
    assert sum(outcome.accepted.values()) == MESSAGES
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}

    # The transient failures: each refused exactly once, recorded, retried, then delivered.
    assert len(outcome.retried) == MESSAGES // RETRY_EVERY
    assert sorted(outcome.refused) == sorted(outcome.retried)
    for mail in Email.objects.filter(message_id__in=outcome.retried):
        assert mail.number_of_retries == 1
        assert [log.status for log in mail.logs.all()] == [STATUS.failed]
    assert not Email.objects.exclude(message_id__in=outcome.retried).filter(number_of_retries__gt=0)
    assert Log.objects.count() == len(outcome.retried)

    # Both workers sent, at the same time: the claim was contested, not merely unneeded.
    assert smtp_sink.max_in_flight == 2
    delivered = [worker.delivered() for worker in outcome.workers]
    assert all(delivered), f"messages sent per worker: {delivered}"
    assert sum(delivered) == MESSAGES


def test_control_without_the_claim_two_workers_send_duplicates(
    start_workers: StartWorkers, smtp_sink: SlowFlakySink
) -> None:
    """The same run with OUTBOX_CLAIM=false: both workers take the oldest due message while
    the other is still handing it over, so messages go out twice. Shows the test above can
    fail."""
    outcome = deliver_with_two_workers(
        start_workers, smtp_sink, claim=False, messages=CONTROL_MESSAGES
    )

    assert set(outcome.accepted) == outcome.queued  # still none missing
    assert smtp_sink.max_in_flight == 2
    assert outcome.duplicates, "without the claim two workers should send some message twice"
    print(
        f"control: {len(outcome.duplicates)} of {CONTROL_MESSAGES} messages delivered more than "
        f"once, {sum(outcome.accepted.values())} deliveries"
    )
