"""Check-in sync: check-ins per second the scanner's sync endpoint accepts when ten phones send
the queues they kept offline at once, against the trivial view in the same run.

What it measures
    A career fair starting within the hour (check-in open) with --people confirmed
    registrations, and a member of staff logged in (a superuser with an authenticator app, as
    the second-factor rule wants). gunicorn (--workers sync workers, one thread each,
    production settings: DEBUG off, PostgreSQL, Redis as broker and cache) on the loopback
    interface. Three phases, each timed from the first request sent to the last answer:

    queued   --devices phones each POST their share of --scans queued check-ins (one batch
             per phone, all at once) to /events/<slug>/scanner/sync/: what the hall's network
             coming back after a drop looks like. Every scan must come back `checked_in`.
    replay   the same batches again (a phone that lost the answer): every scan must come back
             `checked_in` with its own time, and nothing in the database may change.
    online   as many other tickets, one scan per request, --devices at once: phones that never
             lost the network.

    Then GET /health/live/ (the trivial view: no database, cache or broker) as fast as
    --devices clients can for --reference-seconds: requests per second, the reference. The
    table gives check-ins per second, and the ratio of that rate to the trivial view's request
    rate: how many check-ins the server accepts in the time it answers one trivial request.
    Each check-in is its own transaction (registrations.check_in: the registration locked,
    written, and the event's counts moved by the database's trigger), so the phones' batches
    take turns on the event's row; more workers help the parsing and the answers, not that.

How to run it (PostgreSQL and Redis reachable with the URLs given, a free port)
    .venv/bin/python bench/checkin.py                  # about a minute
    # the defaults, written out:
    .venv/bin/python bench/checkin.py --scans 400 --devices 10 --workers 2 \\
        --reference-seconds 5 --port 8766 --redis-url redis://127.0.0.1:6379/13 \\
        --database-url postgres://postgres@127.0.0.1:5432/jetcareer_bench_checkin

The database named in --database-url is dropped and created anew, so its name must contain
"bench"; it is dropped again at the end, and gunicorn stopped, even after Ctrl-C. Each phase
stops after 120 s. Exit code 1 when a scan was not accepted as it should be, the counts in the
database differ from the scans sent, or a request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from harness import (
    HOST,
    Request,
    Run,
    close_django_connections,
    create_database,
    drop_database,
    drop_queue,
    ensure_port_free,
    fire,
    gunicorn,
    hammer,
    migrate,
    percentile,
    random_alnum,
    session_for,
    settings_env,
    setup_django,
    split_database_url,
)

SYNC = "/events/{slug}/scanner/sync/"
PHASE_TIMEOUT = 120.0


# --- Test data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """The fair, the tickets to scan and a logged-in member of staff's headers."""

    slug: str
    queued: list[str]  # tokens the phones check in from their queues
    online: list[str]  # tokens checked in one request at a time
    headers: dict[str, str]


def create_fair(people: int) -> Desk:
    """A fair starting within the hour with `people` confirmed registrations, and staff."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from events.models import Event, HostOrganization, Registration
    from jetcareer.accounts.models import User
    from participants.models import ParticipantProfile

    now = timezone.now()
    start = now + timedelta(hours=1)
    with transaction.atomic():
        host, _ = HostOrganization.objects.get_or_create(
            slug="bench-clair",
            defaults={"kind": HostOrganization.Kind.CLAIR, "name_en": "CLAIR", "name_ja": "クレア"},
        )
        event = Event.objects.create(
            slug="bench-checkin-fair",
            kind=Event.Kind.CAREER_FAIR,
            format=Event.Format.IN_PERSON,
            organizer=host,
            title_en="Check-in Fair",
            title_ja="チェックイン・フェア",
            venue_en="Pacifico Yokohama",
            city_en="Yokohama",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            capacity=None,
            registration_opens_at=now - timedelta(days=30),
            audience=Event.Audience.ALL_JET,
            is_published=True,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"visitor{i:06d}@bench.example",
                    account_type=User.AccountType.PARTICIPANT,
                    password=make_password(None),
                )
                for i in range(people)
            ],
            batch_size=1000,
        )
        profiles = ParticipantProfile.objects.bulk_create(
            [
                ParticipantProfile(
                    user=u,
                    full_name=f"Visitor {i}",
                    full_name_kana="ビジター",
                    search_name=f"visitor {i} ビジター",
                    country="GB",
                    status=ParticipantProfile.Status.CURRENT,
                    position="ALT",
                    prefecture="14",
                )
                for i, u in enumerate(users)
            ],
            batch_size=1000,
        )
        # Rows written as the service writes them (the database's triggers keep the counts).
        registrations = Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    participant=p,
                    status=Registration.Status.CONFIRMED,
                    created_at=now,
                    confirmed_at=now,
                )
                for p in profiles
            ],
            batch_size=1000,
        )
        staff = User.objects.create_superuser(email="desk@bench.example", password=None)
        staff.account_type = User.AccountType.STAFF
        staff.save(update_fields=["account_type"])
        Authenticator.objects.create(
            user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
        session = session_for(staff)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # autovacuum is off on the development machines
    tokens = [str(r.ticket_token) for r in registrations]
    half = len(tokens) // 2
    csrf = random_alnum(32)
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/json",
    }
    return Desk(event.slug, tokens[:half], tokens[half:], headers)


def counts(slug: str) -> tuple[int, int]:
    from events.models import Event

    return Event.objects.filter(slug=slug).values_list("confirmed_count", "checked_in_count").get()


def stored_times(slug: str) -> dict[str, str]:
    from events.models import Registration

    rows = Registration.objects.filter(event__slug=slug, checked_in_at__isnull=False)
    return {str(t): at.isoformat() for t, at in rows.values_list("ticket_token", "checked_in_at")}


# --- Load ------------------------------------------------------------------------------------


def scans_of(tokens: Sequence[str], device: str) -> list[dict[str, str]]:
    from django.utils import timezone

    scanned = timezone.now() - timedelta(minutes=20)
    return [
        {
            "token": token,
            "scanned_at": (scanned + timedelta(seconds=i)).isoformat(),
            "device_id": device,
            "local_id": str(uuid.uuid4()),
        }
        for i, token in enumerate(tokens)
    ]


def batches(desk: Desk, devices: int) -> list[Request]:
    """One request per phone, each with its share of the queued scans."""
    path = SYNC.format(slug=desk.slug)
    shares = [desk.queued[i::devices] for i in range(devices)]
    return [
        Request("POST", path, desk.headers, json.dumps(scans_of(share, f"phone-{i}")).encode())
        for i, share in enumerate(shares)
        if share
    ]


def singles(desk: Desk) -> list[Request]:
    path = SYNC.format(slug=desk.slug)
    return [
        Request("POST", path, desk.headers, json.dumps(scans_of([token], "phone-online")).encode())
        for token in desk.online
    ]


@dataclass(frozen=True)
class Phase:
    name: str
    requests: int
    scans: int
    outcomes: Counter[str]
    wall: float
    p50: float
    p95: float
    errors: list[str]

    @property
    def per_second(self) -> float:
        return self.scans / self.wall if self.wall else 0.0


def send(requests: list[Request], concurrency: int, port: int, name: str) -> Phase:
    """Send the requests, `concurrency` at once, and read every answer in full (the harness's
    `fire` keeps only the start of a body): the outcome of each scan, and any failure."""
    outcomes: Counter[str] = Counter()
    errors: list[str] = []
    latencies: list[float] = []
    guard = threading.Lock()

    def one(request: Request) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=PHASE_TIMEOUT)
        started = time.perf_counter()
        try:
            conn.request(request.method, request.path, body=request.body, headers=request.headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            with guard:
                errors.append(f"{type(exc).__name__}: {exc}")
            return
        finally:
            conn.close()
        took = (time.perf_counter() - started) * 1000
        with guard:
            latencies.append(took)
            if response.status != 200:
                errors.append(f"status {response.status}: {body[:200]!r}")
                return
            for result in json.loads(body)["results"]:
                outcomes[result["outcome"]] += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, requests, timeout=PHASE_TIMEOUT))
    wall = time.perf_counter() - began
    latencies.sort()
    scans = sum(len(json.loads(r.body or b"[]")) for r in requests)
    return Phase(name, len(requests), scans, outcomes, wall,
                 percentile(latencies, 50), percentile(latencies, 95), errors)  # fmt: skip


# --- Report ----------------------------------------------------------------------------------


def report(args: argparse.Namespace, phases: list[Phase], trivial: Run, problems: list[str]) -> int:
    trivial_ok = sum(1 for r in trivial.results if r.status == 200)
    trivial_rate = trivial_ok / trivial.wall if trivial.wall else 0.0
    print()
    print("=" * 92)
    print(
        f"Check-in sync: {args.devices} phones, {args.scans} queued check-ins, gunicorn "
        f"{args.workers} sync worker(s) x 1 thread, {HOST}"
    )
    print(
        f"trivial view (GET /health/live/, {args.devices} clients): {trivial_rate:.1f} requests/s"
    )
    print("ratio: check-ins per second / trivial requests per second")
    print("=" * 92)
    print(
        f"{'phase':<8}{'requests':>9}{'scans':>7}{'check-ins/s':>13}{'ratio':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}  outcomes"
    )
    for p in phases:
        ratio = p.per_second / trivial_rate if trivial_rate else 0.0
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(p.outcomes.items()))
        print(
            f"{p.name:<8}{p.requests:>9}{p.scans:>7}{p.per_second:>13.1f}{ratio:>8.3f}"
            f"{p.p50:>9.1f}{p.p95:>9.1f}  {outcomes}"
        )
        for error in p.errors[:5]:
            print(f"  ERROR {error}")
    for problem in problems:
        print(f"  {problem}")
    failed = bool(problems) or any(p.errors for p in phases) or trivial_ok < len(trivial.results)
    return 1 if failed else 0


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scans", type=int, default=400, help="queued check-ins, all phones")
    parser.add_argument("--devices", type=int, default=10, help="phones syncing at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--reference-seconds", type=float, default=5.0, help="how long the trivial view is asked"
    )
    parser.add_argument("--port", type=int, default=8766, help=f"port on {HOST}")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="broker and cache as in production; '' runs tasks eagerly in the request",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/jetcareer_bench_checkin",
        help="PostgreSQL database to create, use and drop (its name must contain 'bench')",
    )
    args = parser.parse_args(argv)
    for name in ("scans", "devices", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.scans / args.devices > 500:
        parser.error("at most 500 scans per phone's batch (MAX_SCANS_PER_BATCH)")
    return args


def run(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> int:
    print("Creating the database...", flush=True)
    migrate(env)
    setup_django(env)
    desk = create_fair(2 * args.scans)
    close_django_connections()
    problems = []
    with gunicorn(env, args.port, args.workers, tmp / "gunicorn.log"):
        fire([Request("GET", "/health/live/", {})] * (args.workers * 4), args.workers, args.port)
        print(f"  queued: {args.devices} phones, {args.scans} check-ins...", flush=True)
        queues = batches(desk, args.devices)
        queued = send(queues, args.devices, args.port, "queued")
        after_queue = stored_times(desk.slug)
        close_django_connections()
        print("  replay: the same batches again...", flush=True)
        replay = send(queues, args.devices, args.port, "replay")  # same ids, same times
        if stored_times(desk.slug) != after_queue:
            problems.append("REPLAY CHANGED THE DATABASE: check-in times differ")
        close_django_connections()
        print(f"  online: {len(desk.online)} scans, one per request...", flush=True)
        online = send(singles(desk), args.devices, args.port, "online")
        print(f"  trivial view for {args.reference_seconds:g} s...", flush=True)
        trivial = hammer(
            Request("GET", "/health/live/", {}), args.devices, args.port, args.reference_seconds
        )
    for phase, expected in ((queued, args.scans), (replay, args.scans), (online, args.scans)):
        if phase.outcomes != Counter({"checked_in": expected}):
            problems.append(f"{phase.name.upper()}: expected {expected} checked_in, got "
                            f"{dict(phase.outcomes)}")  # fmt: skip
    confirmed, checked_in = counts(desk.slug)
    if (confirmed, checked_in) != (2 * args.scans, 2 * args.scans):
        problems.append(f"COUNT: {checked_in} of {confirmed} checked in, expected all "
                        f"{2 * args.scans}")  # fmt: skip
    close_django_connections()
    return report(args, [queued, replay, online], trivial, problems)


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    admin_url, name = split_database_url(args.database_url)
    ensure_port_free(args.port)
    create_database(admin_url, name)
    with tempfile.TemporaryDirectory(prefix="checkin-bench-") as tmp:
        env = settings_env(
            args.database_url,
            args.redis_url,
            MEDIA_ROOT=str(Path(tmp) / "media"),
            PRIVATE_MEDIA_ROOT=str(Path(tmp) / "private"),
        )
        try:
            return run(args, env, Path(tmp))
        except KeyboardInterrupt:
            print("\nInterrupted: stopping gunicorn and dropping the database.")
            return 130
        finally:
            close_django_connections()
            drop_database(admin_url, name)
            if env.get("CELERY_QUEUE"):
                drop_queue(env["REDIS_URL"], env["CELERY_QUEUE"])


if __name__ == "__main__":
    sys.exit(main())
