"""Registration rush: seat throughput over HTTP, the event lock's hold time, the SQL of one
registration, and proof that seats are never oversold.

What it measures
    For each gunicorn worker count in --workers (1, 2, 4 and 8 by default; sync workers, one
    thread each, production settings: DEBUG off, PostgreSQL, Redis as broker and cache): a new
    career fair with S seats, and N participants, each already logged in, who all POST
    /events/<slug>/register/, at most C requests in flight at once. Then the same number of
    GET /health/live/ (the trivial view: no database, cache or broker) at the same concurrency,
    the reference for the ratio. Each run reports throughput, p50/p95/p99 latency, confirmed and
    waiting seats counted in the database afterwards, and from the workers themselves
    (bench/sql_meter.py): the SQL statements of each registration (BEGIN, COMMIT and savepoints
    included) and how long it held the event's row lock (from the end of the statement that
    took it to the end of the commit), median and p95. One lock held L ms caps a fair at 1/L
    registrations per second whatever the number of workers.

    A last phase sends --sequential registrations one at a time (to a fair of their own): the
    cost of one registration with nobody waiting for the lock.

    Mail is only queued, as in production: each registration stores what to render (a
    MailBatch), and a commit asks the broker for a worker round at most once while one is
    pending; no worker runs here, so nothing is rendered or delivered (bench/outbox.py measures
    delivery). The run's broker queue and uploaded files are deleted at the end.

How to run it (PostgreSQL and Redis reachable with the URLs given, a free port)
    .venv/bin/python bench/registration_rush.py
    .venv/bin/python bench/registration_rush.py --workers 4 --requests 1000 --seats 600
    # the defaults, written out:
    .venv/bin/python bench/registration_rush.py --requests 1000 --seats 600 --concurrency 100 \\
        --workers 1,2,4,8 --sequential 200 --port 8765 \\
        --redis-url redis://127.0.0.1:6379/13 \\
        --database-url postgres://postgres@127.0.0.1:5432/jetcareer_bench_rush

The database named in --database-url is dropped and created anew, so its name must contain
"bench"; it is dropped again at the end, and gunicorn stopped, even after Ctrl-C. Exit code 1
when seats were oversold, seats were left empty while people wait, or any request failed.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    HOST,
    Request,
    Result,
    Run,
    close_django_connections,
    create_database,
    drop_database,
    drop_queue,
    ensure_port_free,
    fire,
    gunicorn,
    migrate,
    percentile,
    random_alnum,
    session_for,
    settings_env,
    setup_django,
    split_database_url,
)

REGISTER = "/events/{slug}/register/"


# --- Test data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """A logged-in participant: session cookie and CSRF secret (cookie and header alike)."""

    session_key: str
    csrf_secret: str

    def headers(self) -> dict[str, str]:
        return {
            "Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf_secret}",
            "X-CSRFToken": self.csrf_secret,
            "Content-Type": "application/x-www-form-urlencoded",
        }


def create_event(slug: str, seats: int) -> str:
    """A published career fair open to all JET participants, registration open now."""
    from django.utils import timezone

    from events.models import Event, HostOrganization

    host, _ = HostOrganization.objects.get_or_create(
        slug="bench-clair",
        defaults={"kind": HostOrganization.Kind.CLAIR, "name_en": "CLAIR", "name_ja": "クレア"},
    )
    now = timezone.now()
    starts = now + timedelta(days=30)
    Event.objects.create(
        slug=slug,
        kind=Event.Kind.CAREER_FAIR,
        format=Event.Format.IN_PERSON,
        organizer=host,
        title_en="Registration Rush Fair",
        title_ja="登録ラッシュ・フェア",
        venue_en="Herbis Hall",
        city_en="Osaka",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        capacity=seats,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts - timedelta(days=1),
        audience=Event.Audience.ALL_JET,
        is_published=True,
    )
    return slug


def create_participants(count: int, prefix: str) -> list[Visitor]:
    """`count` participants with a verified address and a profile, each with a live session."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from jetcareer.accounts.models import User
    from participants.models import ParticipantProfile

    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i:06d}@bench.example",
                account_type=User.AccountType.PARTICIPANT,
                password=make_password(None),  # unusable: nobody logs in, sessions exist
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=1000,
    )
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                user=u,
                full_name=f"Rush Participant {i}",
                country="GB",
                status=ParticipantProfile.Status.CURRENT,
                position="ALT",
                prefecture="27",
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    return [Visitor(session_for(user), random_alnum(32)) for user in users]


def seat_counts(slug: str) -> Counter[str]:
    from events.models import Registration

    statuses = Registration.objects.filter(event__slug=slug).values_list("status", flat=True)
    return Counter(statuses)


# --- Load and the workers' own figures -------------------------------------------------------


def register_requests(slug: str, visitors: Sequence[Visitor]) -> list[Request]:
    path = REGISTER.format(slug=slug)
    return [Request("POST", path, v.headers(), b"") for v in visitors]


def health_requests(count: int) -> list[Request]:
    return [Request("GET", "/health/live/", {}) for _ in range(count)]


def is_ticket_redirect(result: Result) -> bool:
    return result.status == 302 and urlsplit(result.location).path.startswith("/events/ticket/")


def is_health_ok(result: Result) -> bool:
    return result.status == 200


def metered(meter_dir: Path, slug: str) -> list[dict]:
    """What the workers recorded for the registrations of one fair (and removes the files)."""
    path = REGISTER.format(slug=slug)
    records = []
    for file in meter_dir.glob("*.jsonl"):
        for line in file.read_text().splitlines():
            record = json.loads(line)
            if record["method"] == "POST" and record["path"] == path:
                records.append(record)
        file.unlink()
    return records


# --- Report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    requests: int
    ok: int
    wall: float
    rps: float
    p50: float
    p95: float
    p99: float

    @property
    def errors(self) -> int:
        return self.requests - self.ok


def summarise(run: Run, succeeded: Callable[[Result], bool]) -> Summary:
    latencies = sorted(r.seconds * 1000 for r in run.results if r.status)
    ok = sum(1 for r in run.results if succeeded(r))
    return Summary(
        requests=len(run.results),
        ok=ok,
        wall=run.wall,
        rps=len(run.results) / run.wall if run.wall else 0.0,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
    )


@dataclass(frozen=True)
class Metered:
    statements_median: float
    statements_max: int
    after_lock: list[float]  # ms from the end of the locking statement to the end of commit
    lock_statement_p50: float  # ms the locking statement took (with any wait for the lock)
    lock_statement_p95: float
    worker_ms_p50: float

    @classmethod
    def of(cls, records: list[dict]) -> Metered:
        statements = sorted(r["statements"] for r in records)
        after = sorted(r["lock_ms"] for r in records if r["lock_ms"] is not None)
        taking = sorted(
            r["lock_statement_ms"] for r in records if r.get("lock_statement_ms") is not None
        )
        inside = sorted(r["ms"] for r in records)
        return cls(
            statistics.median(statements) if statements else 0,
            statements[-1] if statements else 0,
            after,
            percentile(taking, 50),
            percentile(taking, 95),
            percentile(inside, 50),
        )

    def held(self, p: float, statement_ms: float) -> float:
        """Percentile `p` of the lock's hold time: from the end of the locking statement to the
        end of the commit (0 when the statement is its own transaction: the server commits it
        and lets the lock go as it ends), plus `statement_ms` for the statement's own work once
        it holds the lock (its duration at the same percentile when nobody waits)."""
        return percentile(self.after_lock, p) + statement_ms if self.after_lock else 0.0


def print_errors(label: str, run: Run, succeeded: Callable[[Result], bool], limit: int = 5) -> None:
    failures = Counter(
        (r.status, r.location, r.detail[:200]) for r in run.results if not succeeded(r)
    )
    for (status, location, detail), times in failures.most_common(limit):
        print(f"  {label} error x{times}: status={status} location={location!r} body={detail!r}")


def print_log_tail_on_errors(log: Path, runs: Sequence[Run], lines: int = 30) -> None:
    """When a request got no answer or a server error, the server's side of the story."""
    if not any(r.status == 0 or r.status >= 500 for run in runs for r in run.results):
        return
    print(f"  last {lines} lines of the gunicorn log:")
    for line in log.read_text(errors="replace").splitlines()[-lines:]:
        print(f"    {line}")


def check_seats(seats: Counter[str], capacity: int, rush: Summary, warm_up: int = 0) -> list[str]:
    """What is wrong with the outcome (empty when all is well); `warm_up` registrations were
    made before the measured ones."""
    confirmed, waitlisted = seats["confirmed"], seats["waitlisted"]
    problems = []
    if confirmed > capacity:
        problems.append(f"!!! OVERSOLD !!! {confirmed} confirmed for {capacity} seats")
    elif confirmed < capacity and waitlisted:
        problems.append(f"UNDERSOLD: {confirmed} confirmed for {capacity} seats, {waitlisted} wait")
    if confirmed + waitlisted != rush.ok + warm_up:
        problems.append(
            f"MISMATCH: {rush.ok} ticket redirects (+{warm_up} before), "
            f"{confirmed + waitlisted} stored"
        )
    if rush.errors:
        problems.append(f"ERRORS: {rush.errors} registrations failed")
    return problems


@dataclass(frozen=True)
class Phase:
    workers: int
    rush: Summary
    health: Summary
    seats: Counter[str]
    meter: Metered
    problems: list[str]


def report(args: argparse.Namespace, phases: list[Phase], sequential: Phase | None) -> int:
    # The locking statement's own part once it holds the lock: its median when nobody waits.
    statement_ms = sequential.meter.lock_statement_p50 if sequential else 0.0
    statement_p95 = sequential.meter.lock_statement_p95 if sequential else 0.0
    print()
    print("=" * 100)
    print(
        f"Registration rush: {args.requests} participants for {args.seats} seats, "
        f"{args.concurrency} concurrent clients, gunicorn sync workers x 1 thread, {HOST}"
    )
    print("statements: SQL per registration (BEGIN, COMMIT, savepoints included), median / max;")
    print(
        "lock ms: the event's row lock held, from the end of the statement that takes it to the "
        f"end of the commit (0 for a statement that commits by itself), plus {statement_ms:.2f} ms"
    )
    print(
        f"  (p95: {statement_p95:.2f} ms), that statement's duration when nobody waits (its work "
        "holding the lock, commit included when it commits by itself)"
    )
    print("=" * 100)
    print(
        f"{'workers':>7}{'reg/s':>8}{'trivial/s':>10}{'ratio':>7}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}{'confirmed':>10}{'waiting':>8}{'statements':>11}{'lock p50':>9}"
        f"{'lock p95':>9}{'1/lock p50':>11}"
    )
    failed = False
    for p in phases:
        held50, held95 = p.meter.held(50, statement_ms), p.meter.held(95, statement_p95)
        ceiling = 1000 / held50 if held50 else 0
        print(
            f"{p.workers:>7}{p.rush.rps:>8.1f}{p.health.rps:>10.1f}"
            f"{p.rush.rps / p.health.rps if p.health.rps else 0:>7.3f}{p.rush.p50:>8.1f}"
            f"{p.rush.p95:>8.1f}{p.rush.p99:>8.1f}{p.seats['confirmed']:>10}"
            f"{p.seats['waitlisted']:>8}"
            f"{f'{p.meter.statements_median:g} / {p.meter.statements_max}':>11}"
            f"{held50:>9.2f}{held95:>9.2f}{ceiling:>9.0f}/s"
        )
        for problem in p.problems:
            print(f"  {problem}")
            failed = True
        if p.health.errors:
            print(f"  ERRORS: {p.health.errors} trivial requests failed")
            failed = True
    if sequential:
        s = sequential
        print(
            f"\nOne at a time ({s.rush.requests} registrations, 1 client, {s.workers} worker): "
            f"{s.rush.p50:.1f} ms per request at the client (p95 {s.rush.p95:.1f}), "
            f"{s.meter.worker_ms_p50:.1f} ms inside the worker, "
            f"{s.meter.statements_median:g} statements (max {s.meter.statements_max}), "
            f"lock held {s.meter.held(50, statement_ms):.2f} ms "
            f"(p95 {s.meter.held(95, statement_p95):.2f})"
        )
        for problem in s.problems:
            print(f"  {problem}")
            failed = True
    return 1 if failed else 0


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=1000, help="participants, one POST each")
    parser.add_argument("--seats", type=int, default=600, help="the event's capacity")
    parser.add_argument("--concurrency", type=int, default=100, help="requests in flight")
    parser.add_argument("--workers", default="1,2,4,8", help="gunicorn worker counts to run")
    parser.add_argument(
        "--sequential", type=int, default=200, help="registrations sent one at a time"
    )
    parser.add_argument("--port", type=int, default=8765, help=f"port on {HOST}")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="broker and cache as in production; '' runs tasks eagerly in the request",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/jetcareer_bench_rush",
        help="PostgreSQL database to create, use and drop (its name must contain 'bench')",
    )
    args = parser.parse_args(argv)
    args.workers = [int(w) for w in args.workers.split(",") if w.strip()]
    for name in ("requests", "seats", "concurrency"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if not args.workers or min(args.workers) < 1:
        parser.error("--workers: whole numbers from 1")
    return args


def rush_phase(
    args: argparse.Namespace, env: dict[str, str], log: Path, meter: Path, workers: int
) -> Phase:
    slug = create_event(f"bench-rush-{workers}", args.seats)
    visitors = create_participants(args.requests, f"w{workers}-")
    close_django_connections()
    with gunicorn(env, args.port, workers, log):
        fire(health_requests(workers * 4), workers, args.port)  # warm every worker
        print(f"  {workers} workers: {len(visitors)} registrations...", flush=True)
        rush_run = fire(register_requests(slug, visitors), args.concurrency, args.port)
        health_run = fire(health_requests(len(visitors)), args.concurrency, args.port)
    print_errors("registration", rush_run, is_ticket_redirect)
    print_errors("health", health_run, is_health_ok)
    print_log_tail_on_errors(log, [rush_run, health_run])
    rush = summarise(rush_run, is_ticket_redirect)
    seats = seat_counts(slug)
    close_django_connections()
    return Phase(
        workers=workers,
        rush=rush,
        health=summarise(health_run, is_health_ok),
        seats=seats,
        meter=Metered.of(metered(meter, slug)),
        problems=check_seats(seats, args.seats, rush),
    )


def sequential_phase(args: argparse.Namespace, env: dict[str, str], log: Path, meter: Path):
    slug = create_event("bench-rush-sequential", args.sequential)
    visitors = create_participants(args.sequential, "seq-")
    close_django_connections()
    with gunicorn(env, args.port, 1, log):
        fire(health_requests(4), 1, args.port)
        fire(register_requests(slug, visitors[:5]), 1, args.port)  # warm the code path
        print(f"  one at a time: {args.sequential - 5} registrations...", flush=True)
        run = fire(register_requests(slug, visitors[5:]), 1, args.port)
    rush = summarise(run, is_ticket_redirect)
    seats = seat_counts(slug)
    close_django_connections()
    records = metered(meter, slug)[5:]  # the five warm-up requests are the first lines
    problems = check_seats(seats, args.sequential, rush, warm_up=5)
    return Phase(1, rush, rush, seats, Metered.of(records), problems)


def run(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> int:
    print("Creating the database...", flush=True)
    migrate(env)
    setup_django(env)
    phases = [
        rush_phase(args, env, tmp / "gunicorn.log", tmp / "meter", workers)
        for workers in args.workers
    ]
    sequential = None
    if args.sequential > 5:
        sequential = sequential_phase(args, env, tmp / "gunicorn.log", tmp / "meter")
    return report(args, phases, sequential)


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and `kill` both end in the cleanup below (SIGINT too when started in the background,
    # where it would otherwise be ignored).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    admin_url, name = split_database_url(args.database_url)
    ensure_port_free(args.port)
    create_database(admin_url, name)
    with tempfile.TemporaryDirectory(prefix="registration-rush-") as tmp:
        (Path(tmp) / "meter").mkdir()
        env = settings_env(
            args.database_url,
            args.redis_url,
            DJANGO_SETTINGS_MODULE="bench.floor_settings",
            BENCH_SQL_METER_DIR=str(Path(tmp) / "meter"),
            MEDIA_ROOT=str(Path(tmp) / "media"),  # anything uploaded goes with the directory
            PRIVATE_MEDIA_ROOT=str(Path(tmp) / "private"),
        )
        try:
            return run(args, env, Path(tmp))
        except KeyboardInterrupt:
            print("\nInterrupted: stopping gunicorn and dropping the database.")
            return 130
        finally:
            close_django_connections()
            drop_database(admin_url, name)  # WITH (FORCE): also ends connections left open
            if env.get("CELERY_QUEUE"):
                drop_queue(env["REDIS_URL"], env["CELERY_QUEUE"])


if __name__ == "__main__":
    sys.exit(main())
