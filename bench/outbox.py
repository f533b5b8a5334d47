"""Outbox delivery: messages per second from 1, 2 and 4 Celery workers to a local SMTP server,
and the time from queueing a matching run's result mails to the last delivery.

What it measures
    throughput: M result mails are queued (jetcareer.outbox.services.queue_mail, template
        internship_result, in transactions of 500) while no worker runs; then W real Celery
        workers (--pool=solo, one message at a time each, production settings, PostgreSQL) are
        started, and once all are ready W delivery tasks are published. The clock runs from
        that moment to the last message the SMTP server accepted. Repeated for each W in
        --workers; the first W is the reference the others are compared with.
    rush: with W workers already running (the largest of --workers), 20,000 result mails are
        queued in transactions of 500, each commit asking for a delivery round as in
        production; the clock runs from the start of queueing to the last delivery.
    reference: the same rendered message sent --messages times over one SMTP connection by
        this process, with no database and no worker: what the server and smtplib alone cost.

The SMTP server is aiosmtpd in a process of its own on 127.0.0.1, accepting every message at
once (no artificial delay); it records each message's Message-ID, so every phase also checks
that each queued message arrived exactly once. Nothing leaves the machine.

The claim query's plan depends on the table's statistics, and the development machines run
PostgreSQL with autovacuum off, so nothing refreshes them as the table fills. --analyze-every N
runs ANALYZE on the outbox table every N seconds during each phase, as autovacuum would in
production; the default, 0, measures the stale statistics of this machine (see bench/README.md).

How to run it (PostgreSQL and Redis reachable with the URLs given)
    .venv/bin/python bench/outbox.py
    .venv/bin/python bench/outbox.py --messages 500 --workers 1,2 --rush-messages 2000  # quick
    .venv/bin/python bench/outbox.py --analyze-every 10  # statistics kept fresh, as in production

The database named in --database-url is dropped and created anew, so its name must contain
"bench"; it is dropped again at the end, the workers and the server are stopped and this run's
broker queue is deleted, even after Ctrl-C. Each phase stops after --timeout seconds. Exit
code 1 when a message was delivered twice, not at all, or a phase timed out.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import registration_rush as rush  # the database helpers of the other benchmark

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"  # the SMTP server listens, and the workers deliver, on this machine only
STARTUP_TIMEOUT = 60.0  # seconds for workers and the SMTP server to get ready


# --- The SMTP server (a process of its own, so it does not share this one's GIL) -------------


def _sink_main(port: int, accepted: Any, last_at: Any, ready: Any, pipe: Any) -> None:
    """Accept every message at once; count it, note the time, keep its Message-ID. Answers
    "collect" on `pipe` with the Message-IDs since the last collect, and stops on "stop"."""
    from aiosmtpd.controller import Controller

    parser = BytesParser(policy=policy.compat32)

    class Handler:
        def __init__(self) -> None:
            self.ids: list[str] = []

        async def handle_DATA(self, server, session, envelope) -> str:
            headers = parser.parsebytes(envelope.original_content or envelope.content, True)
            self.ids.append(str(headers.get("Message-ID", "")))
            with accepted.get_lock():
                accepted.value += 1
            last_at.value = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
            return "250 2.0.0 OK"

    handler = Handler()
    controller = Controller(handler, hostname=HOST, port=port, ready_timeout=STARTUP_TIMEOUT)
    controller.start()
    ready.set()
    try:
        while (command := pipe.recv()) != "stop":
            if command == "collect":
                ids, handler.ids = handler.ids, []
                accepted.value = 0
                last_at.value = 0.0
                pipe.send(ids)
    finally:
        controller.stop()


class Sink:
    def __init__(self, port: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.port = port
        self.accepted = context.Value("q", 0)
        self.last_at = context.Value("d", 0.0)
        ready = context.Event()
        self._pipe, child_end = context.Pipe()
        self.process = context.Process(
            target=_sink_main,
            args=(port, self.accepted, self.last_at, ready, child_end),
            daemon=True,
        )
        self.process.start()
        if not ready.wait(STARTUP_TIMEOUT):
            self.stop()
            raise SystemExit(f"the SMTP server did not start on {HOST}:{port}")

    def collect(self) -> list[str]:
        """Message-IDs accepted since the last collect (the counter starts again at 0)."""
        self._pipe.send("collect")
        if not self._pipe.poll(STARTUP_TIMEOUT):
            raise SystemExit("the SMTP server does not answer")
        return self._pipe.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            with suppress(OSError):
                self._pipe.send("stop")
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --- Settings, data, workers -----------------------------------------------------------------


def settings_env(database_url: str, redis_url: str, smtp_port: int) -> dict[str, str]:
    """Production settings, shared by the workers and this process: PostgreSQL, Redis as the
    broker (a queue of this run's own), real SMTP to the sink."""
    return {
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": f"bench-secret-{rush.random_alnum(64)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"smtp://{HOST}:{smtp_port}",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": f"bench-outbox-{rush.random_alnum(8)}",
        "LOG_LEVEL": "WARNING",
    }


PROGRAMME = SimpleNamespace(
    title="JET Summer Internships 2027", response_deadline=datetime(2027, 6, 1, 9, tzinfo=UTC)
)
POSITIONS = [
    SimpleNamespace(employer=SimpleNamespace(name=f"Host Company {i}"), title=f"Intern {i}")
    for i in range(50)
]
REASONS = [
    "Host Company 3: Intern 3 filled its places with applicants it ranked higher.",
    "Host Company 8: Intern 8 needs JLPT N2 or higher; you have N3.",
]


def result_context(n: int) -> dict[str, Any]:
    """What publish_run gives the internship_result template, with stand-ins for the rows:
    four in five matched, the rest told why not; every third recipient reads Japanese."""
    matched = n % 5 != 4
    outcome = SimpleNamespace(
        position=POSITIONS[n % len(POSITIONS)] if matched else None, application_id=n + 1
    )
    return {"outcome": outcome, "programme": PROGRAMME, "reasons": [] if matched else REASONS}


def queue_results(count: int, per_transaction: int) -> float:
    """Queue `count` result mails, `per_transaction` per transaction; returns the seconds."""
    from django.db import transaction

    from jetcareer.outbox.services import queue_mail

    started = time.monotonic()
    for start in range(0, count, per_transaction):
        with transaction.atomic():  # the commit asks the broker for a delivery round
            for n in range(start, min(count, start + per_transaction)):
                queue_mail(
                    to=[f"applicant{n:06d}@bench.example"],
                    template="internship_result",
                    context=result_context(n),
                    language="ja" if n % 3 == 0 else "en",
                )
    return time.monotonic() - started


def empty_outbox(env: dict[str, str]) -> None:
    """No message in the database, no delivery request in the broker. The empty table is
    analyzed: a TRUNCATEd one counts as never analyzed, which is no state production is in."""
    from django.db import connection
    from post_office.models import Email

    table = Email._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'TRUNCATE "{table}" CASCADE')
        cursor.execute(f'ANALYZE "{table}"')
    drop_queue(env)


def drop_queue(env: dict[str, str]) -> None:
    import redis

    queue = env["CELERY_QUEUE"]
    bindings = (f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")  # kombu's sets
    redis.Redis.from_url(env["REDIS_URL"]).delete(queue, *bindings)


@contextmanager
def analyzing(database_url: str, every: float) -> Iterator[None]:
    """ANALYZE the outbox table every `every` seconds while the block runs, as autovacuum does
    in production; 0: never (this machine's PostgreSQL runs with autovacuum off)."""
    if not every:
        yield
        return
    import psycopg
    from post_office.models import Email

    stop = threading.Event()
    analyze = f'ANALYZE "{Email._meta.db_table}"'

    def loop() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            while not stop.wait(every):
                conn.execute(analyze)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(30)


def autovacuum() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0]


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def ready(self) -> bool:
        """Celery logs "<name>@<host> ready." once it takes tasks."""
        return any(
            f" {self.name}@" in line and line.endswith(" ready.")
            for line in self.log.read_text(errors="replace").splitlines()
        )


@contextmanager
def workers(count: int, env: dict[str, str], logs: Path) -> Iterator[list[Worker]]:
    """`count` Celery worker processes (solo pool: one task, one message at a time each),
    ready to take tasks; stopped (warm shutdown, then killed) when the block ends."""
    started: list[Worker] = []
    try:
        for index in range(count):
            name = f"bench{index + 1}-{rush.random_alnum(6)}"
            log = logs / f"{name}.log"
            with log.open("wb") as log_file:
                process = subprocess.Popen(
                    [str(VENV_PYTHON), "-m", "celery", "-A", "jetcareer", "worker",
                     "-n", f"{name}@%h", "--pool=solo", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", "--without-heartbeat"],
                    cwd=ROOT, env={**os.environ, **env}, stdout=log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches this script, which stops them
                )  # fmt: skip
            started.append(Worker(name, process, log))
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not all(w.ready() for w in started):
            for w in started:
                if w.process.poll() is not None:
                    raise SystemExit(f"worker {w.name} exited:\n{w.log.read_text()}")
            if time.monotonic() > deadline:
                raise SystemExit(f"workers not ready after {STARTUP_TIMEOUT:.0f} s (logs: {logs})")
            time.sleep(0.1)
        yield started
    finally:
        for w in started:
            if w.process.poll() is None:
                w.process.terminate()
        for w in started:
            try:
                w.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait(timeout=10)


# --- Phases ----------------------------------------------------------------------------------


@dataclass
class Delivery:
    messages: int
    seconds: float  # from the clock's start to the last message accepted
    duplicates: int = 0  # messages accepted more than once
    missing: int = 0  # messages queued and never accepted
    unsent: int = 0  # rows not in status `sent` at the end
    timed_out: bool = False

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.missing or self.unsent or self.timed_out)


def wait_for_delivery(sink: Sink, expected: int, timeout: float) -> bool:
    """Until the sink has accepted `expected` messages and none is waiting; False on timeout."""
    from post_office.models import STATUS, Email

    waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sink.accepted.value >= expected and not waiting.exists():
            return True
        time.sleep(0.05)
    return False


def check(sink: Sink, started: float, finished: bool) -> Delivery:
    """Compare what the sink accepted with what was queued. Call with the workers stopped."""
    from post_office.models import STATUS, Email

    last_at = sink.last_at.value
    accepted = Counter(sink.collect())
    queued = set(Email.objects.values_list("message_id", flat=True))
    return Delivery(
        messages=len(queued),
        seconds=max(0.0, last_at - started),
        duplicates=sum(1 for n in accepted.values() if n > 1),
        missing=len(queued - set(accepted)),
        unsent=Email.objects.exclude(status=STATUS.sent).count(),
        timed_out=not finished,
    )


def phase_throughput(
    count: int, messages: int, env: dict[str, str], sink: Sink, logs: Path, timeout: float,
    analyze_every: float,
) -> Delivery:  # fmt: skip
    from jetcareer.outbox.tasks import deliver_outbox

    empty_outbox(env)
    queue_results(messages, 500)
    drop_queue(env)  # the requests sent at each commit: the clock starts with fresh ones
    sink.collect()
    with analyzing(env["DATABASE_URL"], analyze_every), workers(count, env, logs):
        started = time.monotonic()
        for _ in range(count):
            deliver_outbox.delay()
        finished = wait_for_delivery(sink, messages, timeout)
    return check(sink, started, finished)


def phase_rush(
    count: int, messages: int, per_transaction: int, env: dict[str, str], sink: Sink,
    logs: Path, timeout: float, analyze_every: float,
) -> tuple[Delivery, float, int]:  # fmt: skip
    """Returns the delivery (clock started before queueing), the seconds queueing took and how
    many messages had been delivered by the last commit."""
    empty_outbox(env)
    sink.collect()
    with analyzing(env["DATABASE_URL"], analyze_every), workers(count, env, logs):
        started = time.monotonic()
        queueing = queue_results(messages, per_transaction)
        during = sink.accepted.value
        finished = wait_for_delivery(sink, messages, timeout)
    return check(sink, started, finished), queueing, during


def phase_smtp_alone(messages: int, sink: Sink) -> float:
    """Messages per second over one SMTP connection from this process, no database."""
    from email.utils import make_msgid

    from django.core.mail import get_connection

    from jetcareer.outbox.rendering import build_message, render_message

    subject, text, html = render_message(
        template="internship_result", context=result_context(0), language="en"
    )
    message = build_message(
        to=["applicant@bench.example"], subject=subject, text=text, html=html, reply_to=[]
    )
    sink.collect()
    with get_connection("django.core.mail.backends.smtp.EmailBackend") as connection:
        started = time.monotonic()
        for _ in range(messages):
            message.extra_headers["Message-ID"] = make_msgid(domain="bench.example")
            connection.send_messages([message])
        seconds = time.monotonic() - started
    sink.collect()
    return messages / seconds


# --- Report ----------------------------------------------------------------------------------


def verdict(delivery: Delivery) -> str:
    if delivery.ok:
        return "each once"
    problems = [
        f"{delivery.duplicates} TWICE" if delivery.duplicates else "",
        f"{delivery.missing} MISSING" if delivery.missing else "",
        f"{delivery.unsent} NOT SENT" if delivery.unsent else "",
        "TIMED OUT" if delivery.timed_out else "",
    ]
    return ", ".join(p for p in problems if p)


def print_throughput(results: list[tuple[int, Delivery]], smtp_alone: float) -> None:
    reference_workers, reference = results[0]
    print(f"{'workers':>7}  {'messages':>8}  {'seconds':>7}  {'msg/s':>7}  "
          f"{f'vs {reference_workers} worker(s)':>16}  {'per worker':>10}  delivered")  # fmt: skip
    for count, delivery in results:
        ratio = delivery.rate / reference.rate if reference.rate else 0.0
        per_worker = ratio * reference_workers / count
        print(
            f"{count:>7}  {delivery.messages:>8,}  {delivery.seconds:>7.2f}  "
            f"{delivery.rate:>7.1f}  {ratio:>15.2f}x  {per_worker:>9.2f}x  {verdict(delivery)}"
        )
    if smtp_alone and reference.rate:
        print(
            f"SMTP alone (one connection, no database): {smtp_alone:.0f} msg/s; "
            f"{reference_workers} worker(s) deliver at {reference.rate / smtp_alone:.2f}x that"
        )


def print_rush(
    count: int, delivery: Delivery, queueing: float, during: int, rates: dict[int, float],
    per_tx: int,
) -> None:  # fmt: skip
    transactions = -(-delivery.messages // per_tx)
    print(
        f"Rush: {delivery.messages:,} result mails queued in {transactions} transactions of "
        f"{per_tx} while {count} worker(s) deliver"
    )
    print(f"  queueing took          {queueing:7.2f} s  ({delivery.messages / queueing:.0f} msg/s)")
    print(f"  delivered meanwhile    {during:7,}    ({during / queueing:.0f} msg/s)")
    after = delivery.seconds - queueing
    rest = delivery.messages - during
    rate = rest / after if after > 0 else 0.0
    print(f"  the other {rest:,} in  {after:7.2f} s after the last commit  ({rate:.0f} msg/s)")
    print(
        f"  last delivery after    {delivery.seconds:7.2f} s from the start of queueing  "
        f"{verdict(delivery)}"
    )
    print(f"  end to end vs queueing alone: {delivery.seconds / queueing:.2f}x")
    if rates.get(count):
        predicted = delivery.messages / rates[count]
        print(
            f"  end to end vs delivery alone at the measured {count}-worker rate "
            f"({predicted:.1f} s): {delivery.seconds / predicted:.2f}x"
        )


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=3000, help="messages per throughput run")
    parser.add_argument(
        "--workers", default="1,2,4", help="worker counts to compare; the first is the reference"
    )
    parser.add_argument("--rush-messages", type=int, default=20000, help="0 skips the rush")
    parser.add_argument(
        "--rush-workers", type=int, default=0, help="workers in the rush (0: largest of --workers)"
    )
    parser.add_argument("--per-transaction", type=int, default=500, help="messages per commit")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per phase at most")
    parser.add_argument(
        "--analyze-every",
        type=float,
        default=0.0,
        help="ANALYZE the outbox table every N s during a phase, as autovacuum would (0: never)",
    )
    parser.add_argument("--smtp-port", type=int, default=0, help=f"port on {HOST} (0: a free one)")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/13", help="the broker (a queue of its own)"
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/jetcareer_bench_outbox",
        help="PostgreSQL database to create, use and drop (its name must contain 'bench')",
    )
    args = parser.parse_args(argv)
    try:
        args.worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    except ValueError:
        parser.error("--workers takes numbers separated by commas, e.g. 1,2,4")
    if not args.worker_counts or min(args.worker_counts) < 1:
        parser.error("--workers needs at least one count, each at least 1")
    for name in ("messages", "per_transaction"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.analyze_every < 0 or args.timeout <= 0:
        parser.error("--analyze-every must be 0 or more, --timeout more than 0")
    args.rush_workers = args.rush_workers or max(args.worker_counts)
    return args


def run(args: argparse.Namespace, env: dict[str, str], sink: Sink, logs: Path) -> int:
    print("Creating the database...", flush=True)
    rush.migrate(env)
    rush.setup_django(env)
    analyze = (
        f"ANALYZE every {args.analyze_every:g} s" if args.analyze_every else "no ANALYZE by us"
    )
    print(
        f"Outbox delivery to aiosmtpd on {HOST}:{sink.port} (no delay), PostgreSQL (autovacuum "
        f"{autovacuum()}, {analyze}), Celery workers --pool=solo, production settings; "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    smtp_alone = phase_smtp_alone(args.messages, sink)
    results: list[tuple[int, Delivery]] = []
    for count in args.worker_counts:
        print(f"  {count} worker(s), {args.messages:,} messages...", flush=True)
        results.append(
            (
                count,
                phase_throughput(
                    count, args.messages, env, sink, logs, args.timeout, args.analyze_every
                ),
            )
        )
    print()
    print_throughput(results, smtp_alone)
    deliveries = [d for _, d in results]
    if args.rush_messages:
        print(f"\n  rush: {args.rush_messages:,} messages, {args.rush_workers} worker(s)...")
        delivery, queueing, during = phase_rush(
            args.rush_workers, args.rush_messages, args.per_transaction, env, sink, logs,
            args.timeout, args.analyze_every,
        )  # fmt: skip
        print_rush(
            args.rush_workers, delivery, queueing, during, {c: d.rate for c, d in results},
            args.per_transaction,
        )  # fmt: skip
        deliveries.append(delivery)
    from django.db import connections

    connections.close_all()
    return 0 if all(d.ok for d in deliveries) else 1


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    admin_url, name = rush.split_database_url(args.database_url)
    port = args.smtp_port or free_port()
    env = settings_env(args.database_url, args.redis_url, port)
    sink = Sink(port)
    rush.create_database(admin_url, name)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
            return run(args, env, sink, Path(tmp))
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the workers and the SMTP server, dropping the database.")
        return 130
    finally:
        sink.stop()
        rush.drop_database(admin_url, name)  # WITH (FORCE): also ends connections left open
        drop_queue(env)


if __name__ == "__main__":
    sys.exit(main())
