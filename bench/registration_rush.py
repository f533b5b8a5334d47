"""Registration rush: seat throughput over HTTP, and proof that seats are never oversold.

What it measures
    N participants, each already logged in, all POST /events/<slug>/register/ for one career
    fair with S seats, at most C requests in flight at once, against gunicorn with W sync
    workers and the production settings (DEBUG off, PostgreSQL). Every registration takes the
    event's row lock, so the rush is serialised in the database; the report gives throughput and
    p50/p95/p99 latency, counts confirmed and waitlisted seats from the database afterwards, and
    compares with the same number of GET /health/live/ requests (a trivial view that
    touches no database, cache or broker) at the same concurrency: the cost of the request path
    alone.

How to run it (PostgreSQL reachable with the URL given, a free port)
    .venv/bin/python bench/registration_rush.py
    .venv/bin/python bench/registration_rush.py --requests 1000 --seats 600 --concurrency 100 \\
        --workers 4 --port 8765 --database-url postgres://postgres@127.0.0.1:5432/jetcareer_bench

The database named in --database-url is dropped and created anew, so its name must contain
"bench"; it is dropped again at the end, and gunicorn stopped, even after Ctrl-C. Mail is queued
in the outbox, and its delivery is queued on Redis as in production (--redis-url ''
delivers it eagerly inside the request instead, to Django's dummy backend). Exit code
1 when seats were oversold, seats were left empty while people wait, or any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"  # requests go to this machine only
EVENT_SLUG = "bench-registration-rush"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
REQUEST_TIMEOUT = 30.0  # seconds one request may take before it counts as an error
STARTUP_TIMEOUT = 30.0  # seconds gunicorn has to answer /health/
OVERALL_TIMEOUT = 300.0  # seconds for each load phase; what is left then counts as errors
ALNUM = string.ascii_letters + string.digits


def random_alnum(length: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(length))


# --- Database --------------------------------------------------------------------------------


def split_database_url(database_url: str) -> tuple[str, str]:
    """(URL of the `postgres` maintenance database on the same server, the bench db's name)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must say 'bench'")
    return urlunsplit(parts._replace(path="/postgres")), name


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_database(admin_url: str, name: str) -> None:
    drop_database(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def settings_env(database_url: str, redis_url: str) -> dict[str, str]:
    """Production-like settings, shared by gunicorn and this process (same SECRET_KEY, so the
    sessions written here are valid there). With a Redis URL the request only queues the mail
    delivery on the broker, as in production (no worker runs: the queue is deleted afterwards);
    without one, delivery runs eagerly inside each request after commit."""
    broker = {
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": f"bench-{random_alnum(8)}",
    }
    eager = {"REDIS_URL": "", "CELERY_TASK_ALWAYS_EAGER": "true"}
    return {
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": f"bench-secret-{random_alnum(64)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP; secure cookies only matter to browsers
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        **(broker if redis_url else eager),
    }


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        timeout=600,
    )


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


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


def create_event(seats: int) -> str:
    """A published career fair open to all JET participants, registration open now."""
    from django.utils import timezone

    from events.models import Event, HostOrganization

    host = HostOrganization.objects.create(
        slug="bench-clair", kind=HostOrganization.Kind.CLAIR, name_en="CLAIR", name_ja="クレア"
    )
    now = timezone.now()
    starts = now + timedelta(days=30)
    event = Event.objects.create(
        slug=EVENT_SLUG,
        kind=Event.Kind.CAREER_FAIR,
        format=Event.Format.IN_PERSON,
        organizer=host,
        title_en="Registration Rush Fair",
        title_ja="登録ラッシュ・フェア",
        venue_en="Herbis Hall",
        city="Osaka",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        capacity=seats,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts - timedelta(days=1),
        audience=Event.Audience.ALL_JET,
        is_published=True,
    )
    return event.slug


def create_participants(count: int) -> list[Visitor]:
    """`count` participants with a verified address and a profile, each with a live session."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from jetcareer.accounts.models import User
    from participants.models import ParticipantProfile

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    users = User.objects.bulk_create(
        [
            User(
                email=f"rush{i:06d}@bench.example",
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
    store = SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    visitors, sessions = [], []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: MODEL_BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
        visitors.append(Visitor(session_key=key, csrf_secret=random_alnum(32)))
    Session.objects.bulk_create(sessions, batch_size=1000)
    return visitors


def seat_counts(slug: str) -> Counter[str]:
    from events.models import Registration

    statuses = Registration.objects.filter(event__slug=slug).values_list("status", flat=True)
    return Counter(statuses)


def close_django_connections() -> None:
    from django.db import connections

    connections.close_all()


# --- Server ----------------------------------------------------------------------------------


def ensure_port_free(port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex((HOST, port)) == 0:
            raise SystemExit(f"{HOST}:{port} is already in use; pick another --port")


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[None]:
    """Run gunicorn for the duration of the block; always stop it afterwards."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "jetcareer.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "1",
    ]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script, which stops gunicorn itself
        )
        try:
            wait_until_ready(process, port, log)
            yield
        finally:
            stop(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/health/")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /health/ within {STARTUP_TIMEOUT:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's graceful shutdown stops its workers too
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


# --- Load ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class Result:
    status: int  # 0: no HTTP answer (connection error, timeout, not sent)
    seconds: float
    location: str
    detail: str


@dataclass(frozen=True)
class Run:
    results: list[Result]
    wall: float


def send(conn: http.client.HTTPConnection, request: Request) -> Result:
    start = time.perf_counter()
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()  # the next request on this thread reconnects
        return Result(0, time.perf_counter() - start, "", f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - start
    detail = body[:300].decode("utf-8", "replace")
    return Result(response.status, elapsed, response.getheader("Location", ""), detail)


def fire(requests: Sequence[Request], concurrency: int, port: int) -> Run:
    """Send every request, at most `concurrency` at once, one keep-alive connection per thread.

    (gunicorn's sync workers close the connection after each answer; http.client then reopens
    it for the thread's next request, as a browser would.)"""
    local = threading.local()
    opened: list[http.client.HTTPConnection] = []
    guard = threading.Lock()
    deadline = time.monotonic() + OVERALL_TIMEOUT

    def connection() -> http.client.HTTPConnection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            with guard:
                opened.append(conn)
        return conn

    def task(request: Request) -> Result:
        if time.monotonic() > deadline:
            return Result(0, 0.0, "", "not sent: overall timeout")
        return send(connection(), request)

    pool = ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(requests))))
    try:
        start = time.perf_counter()
        futures = [pool.submit(task, request) for request in requests]
        wait(futures, timeout=OVERALL_TIMEOUT + REQUEST_TIMEOUT)
        wall = time.perf_counter() - start
        results = [
            f.result() if f.done() else Result(0, 0.0, "", "no answer: overall timeout")
            for f in futures
        ]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        with guard:
            for conn in opened:
                conn.close()
    return Run(results, wall)


def register_requests(slug: str, visitors: Sequence[Visitor]) -> list[Request]:
    path = f"/events/{slug}/register/"
    return [Request("POST", path, v.headers(), b"") for v in visitors]


def health_requests(count: int) -> list[Request]:
    return [Request("GET", "/health/live/", {}) for _ in range(count)]


def is_ticket_redirect(result: Result) -> bool:
    return result.status == 302 and urlsplit(result.location).path.startswith("/events/ticket/")


def is_health_ok(result: Result) -> bool:
    return result.status == 200


# --- Report ----------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


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


def print_phase(title: str, summary: Summary) -> None:
    print(title)
    print(f"  requests        {summary.requests}")
    print(f"  errors          {summary.errors}")
    print(f"  wall time       {summary.wall:.2f} s")
    print(f"  throughput      {summary.rps:.1f} req/s")
    print(
        f"  latency         p50 {summary.p50:.1f} ms   p95 {summary.p95:.1f} ms   "
        f"p99 {summary.p99:.1f} ms"
    )


def report(args: argparse.Namespace, rush: Summary, health: Summary, seats: Counter[str]) -> int:
    """Print the report; return the exit code."""
    confirmed = seats["confirmed"]
    waitlisted = seats["waitlisted"]
    print()
    print("=" * 72)
    print(
        f"Registration rush: gunicorn {args.workers} sync workers x 1 thread, "
        f"{args.concurrency} concurrent clients, {HOST}:{args.port}"
    )
    print("=" * 72)
    print_phase(f"POST /events/{EVENT_SLUG}/register/ (302 to the ticket = success)", rush)
    print(f"  seats           {args.seats}")
    print(f"  confirmed       {confirmed}")
    print(f"  waitlisted      {waitlisted}")
    print_phase("GET /health/live/ (trivial view, same count and concurrency)", health)
    if health.rps and rush.p50:
        print(
            f"Ratio: registration throughput is {rush.rps / health.rps:.2f}x the trivial view's; "
            f"p50 latency {rush.p50 / health.p50 if health.p50 else 0:.2f}x"
        )
    failed = False
    if confirmed > args.seats:
        print(f"!!! OVERSOLD !!! {confirmed} confirmed for {args.seats} seats")
        failed = True
    elif confirmed == args.seats:
        print(f"OK: exactly {args.seats} confirmed")
    elif waitlisted:
        print(f"UNDERSOLD: {confirmed} confirmed for {args.seats} seats while {waitlisted} wait")
        failed = True
    else:
        print(f"Note: {confirmed} confirmed, fewer requests than the {args.seats} seats")
    if confirmed + waitlisted != rush.ok:
        print(f"MISMATCH: {rush.ok} ticket redirects, {confirmed + waitlisted} registrations")
        failed = True
    if rush.errors or health.errors:
        print(f"ERRORS: {rush.errors} registration, {health.errors} health")
        failed = True
    return 1 if failed else 0


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=1000, help="participants, one POST each")
    parser.add_argument("--seats", type=int, default=600, help="the event's capacity")
    parser.add_argument("--concurrency", type=int, default=100, help="requests in flight")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765, help=f"port on {HOST}")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="broker and cache as in production; '' runs tasks eagerly in the request",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/jetcareer_bench",
        help="PostgreSQL database to create, use and drop (its name must contain 'bench')",
    )
    args = parser.parse_args(argv)
    for name in ("requests", "seats", "concurrency", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return args


def run(args: argparse.Namespace, env: dict[str, str], log: Path) -> int:
    print(f"Creating database and {args.requests} logged-in participants...", flush=True)
    migrate(env)
    setup_django(env)
    slug = create_event(args.seats)
    visitors = create_participants(args.requests)
    close_django_connections()
    print(f"Starting gunicorn on {HOST}:{args.port} (log: {log})...", flush=True)
    with gunicorn(env, args.port, args.workers, log):
        fire(health_requests(args.workers * 4), args.workers, args.port)  # warm every worker
        print(f"Rush: {len(visitors)} registrations, {args.concurrency} at once...", flush=True)
        rush_run = fire(register_requests(slug, visitors), args.concurrency, args.port)
        print(f"Trivial view: {len(visitors)} GET /health/live/...", flush=True)
        health_run = fire(health_requests(len(visitors)), args.concurrency, args.port)
    print_errors("registration", rush_run, is_ticket_redirect)
    print_errors("health", health_run, is_health_ok)
    print_log_tail_on_errors(log, [rush_run, health_run])
    seats = seat_counts(slug)
    close_django_connections()
    rush = summarise(rush_run, is_ticket_redirect)
    health = summarise(health_run, is_health_ok)
    return report(args, rush, health, seats)


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
    env = settings_env(args.database_url, args.redis_url)
    create_database(admin_url, name)
    try:
        with tempfile.TemporaryDirectory(prefix="registration-rush-") as tmp:
            return run(args, env, Path(tmp) / "gunicorn.log")
    except KeyboardInterrupt:
        print("\nInterrupted: stopping gunicorn and dropping the database.")
        return 130
    finally:
        drop_database(admin_url, name)  # WITH (FORCE): also ends connections left open
        if env.get("CELERY_QUEUE"):
            drop_queue(env["REDIS_URL"], env["CELERY_QUEUE"])


def drop_queue(redis_url: str, queue: str) -> None:
    """Delete the delivery requests queued during the run (no worker consumed them)."""
    import redis

    redis.Redis.from_url(redis_url).delete(queue)


if __name__ == "__main__":
    sys.exit(main())
